/** Time as the executor sees it; tests inject a fake one so retries and waits take no real time. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) =>
    new Promise((resolve) => {
      // A pending back-off must not keep a finished CLI run alive.
      setTimeout(resolve, Math.max(0, ms)).unref?.();
    }),
};
