/**
 * Requests a fault keeps waiting (timeouts): each is let go after its time, when the client hangs
 * up, or when the sandbox closes, so a held request never keeps the process alive.
 */
export class HeldRequests {
  readonly #releases = new Set<() => void>();
  #closed = false;

  /** Resolves after `ms`, when `signal` aborts, or on `releaseAll`. */
  hold(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', release);
        this.#releases.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      timer.unref?.();
      signal?.addEventListener('abort', release, { once: true });
      this.#releases.add(release);
    });
  }

  /** Answers every held request now and every later one at once. */
  releaseAll(): void {
    this.#closed = true;
    for (const release of [...this.#releases]) release();
  }
}
