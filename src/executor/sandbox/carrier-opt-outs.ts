import { classifyKeyword } from '../../core/keywords';

const pairKey = (recipient: string, sender: string) => `${recipient}|${sender}`;

/**
 * Twilio's own opt-out handling (Advanced Opt-Out): STOP from a recipient blocks sends to them from
 * the number written to and from its Messaging Services; START lifts it.
 */
export class CarrierOptOuts {
  readonly #pairs = new Set<string>();

  /** True when `recipient` texted STOP to `sender` (a number or MG SID) and not START since. */
  has(recipient: string, sender: string): boolean {
    return this.#pairs.has(pairKey(recipient, sender));
  }

  /** Records what an inbound message's keyword asks for; other messages change nothing. */
  applyKeyword(recipient: string, number: string, services: string[], body: string): void {
    const keyword = classifyKeyword(body);
    if (keyword !== 'STOP' && keyword !== 'START') return;
    for (const sender of [number, ...services]) {
      const key = pairKey(recipient, sender);
      if (keyword === 'STOP') this.#pairs.add(key);
      else this.#pairs.delete(key);
    }
  }

  clear(): void {
    this.#pairs.clear();
  }
}
