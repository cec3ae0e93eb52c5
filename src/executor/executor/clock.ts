/** Time as the executor sees it; tests inject a fake one so retries and waits take no real time. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or as soon as `signal` aborts (a wait that something else ended first). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  // The timer keeps the process alive: a run waiting out a back-off or a reply window is still
  // running (an unref'd timer let `flow-sms run` exit mid-wait, silently, with code 13). A wait
  // raced against something else passes a signal, so its timer does not outlive it.
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};
