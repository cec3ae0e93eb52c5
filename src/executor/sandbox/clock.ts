import type { SandboxConfig } from './schemas';

/**
 * The sandbox's virtual time: the wall clock (or the `now` option) plus everything `advance`d.
 * Status changes are scheduled in lifecycle time, which in manual mode moves only when advanced.
 */
export class SandboxClock {
  #offsetMs = 0;
  readonly #wallClock: (() => Date) | undefined;
  readonly #mode: SandboxConfig['lifecycle']['mode'];

  constructor(config: Pick<SandboxConfig, 'now' | 'lifecycle'>) {
    this.#wallClock = config.now;
    this.#mode = config.lifecycle.mode;
  }

  nowMs(): number {
    return (this.#wallClock ? this.#wallClock().getTime() : Date.now()) + this.#offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /**
   * The time status changes are scheduled in. In manual mode only `forward` moves it, so a test
   * sees exactly the steps it asked for however long it runs; dates on messages still follow
   * the wall clock. In timers mode it is the sandbox's clock.
   */
  lifecycleNow(): number {
    return this.#mode === 'manual' ? this.#offsetMs : this.nowMs();
  }

  forward(ms: number): void {
    this.#offsetMs += ms;
  }
}
