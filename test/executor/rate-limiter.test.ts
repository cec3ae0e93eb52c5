import { FlowSmsError } from '../../src/core/errors';
import { createRateLimiter, senderKindOf } from '../../src/executor/rate-limiter';

/**
 * A clock that moves only when told to. `sleep` parks the caller until `runTimers` moves the clock
 * to its wake-up time, like a timer would; every requested wait is recorded.
 */
function fakeTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const timers: Array<{ at: number; wake: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      return new Promise<void>((wake) => timers.push({ at: now + ms, wake }));
    },
    tick: (ms: number) => {
      now += ms;
    },
    async runTimers() {
      const settle = () => new Promise((resolve) => setImmediate(resolve));
      await settle();
      while (timers.length > 0) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) break;
        now = next.at;
        next.wake();
        await settle();
      }
    },
    sleeps,
  };
}

const LONG_CODE = '+14155550123';
const TOLL_FREE = '+18885550123';
const SERVICE = `MG${'a'.repeat(32)}`;

describe('sender kinds', () => {
  it('tells long codes, toll-free numbers, short codes and Messaging Services apart', () => {
    expect(senderKindOf(LONG_CODE)).toBe('long-code');
    expect(senderKindOf('+442079460958')).toBe('long-code');
    for (const prefix of ['800', '833', '844', '855', '866', '877', '888']) {
      expect(senderKindOf(`+1${prefix}5550123`)).toBe('toll-free');
    }
    expect(senderKindOf('+18995550123')).toBe('long-code');
    expect(senderKindOf('12345')).toBe('short-code');
    expect(senderKindOf(SERVICE)).toBe('messaging-service');
  });

  it('refuses something that is not a sender, naming it', () => {
    expect(() => senderKindOf('hello')).toThrow(FlowSmsError);
    expect(() => senderKindOf('hello')).toThrow(/"hello"/);
  });
});

describe('rate limiter', () => {
  it('paces a long code at one segment per second, in call order', () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time);
    expect([1, 2, 3, 4].map(() => limiter.reserve(LONG_CODE, 1))).toEqual([0, 1000, 2000, 3000]);
  });

  it('lets a toll-free number send three segments a second and a short code a hundred', () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time);
    const tollFree = Array.from({ length: 4 }, () => limiter.reserve(TOLL_FREE, 1));
    expect(tollFree.slice(0, 3)).toEqual([0, 0, 0]);
    expect(tollFree[3]).toBe(334);
    const shortCode = Array.from({ length: 101 }, () => limiter.reserve('54321', 1));
    expect(shortCode.slice(0, 100).every((w) => w === 0)).toBe(true);
    expect(shortCode[100]).toBe(10);
  });

  it('counts segments, not messages: a 3-segment message holds a long code for 3 seconds', () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time);
    expect(limiter.reserve(LONG_CODE, 3)).toBe(0);
    expect(limiter.reserve(LONG_CODE, 1)).toBe(3000);
  });

  it('keeps each sender separate', () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time);
    expect(limiter.reserve(LONG_CODE, 1)).toBe(0);
    expect(limiter.reserve('+14155550199', 1)).toBe(0);
    expect(limiter.reserve(LONG_CODE, 1)).toBe(1000);
  });

  it('refills while time passes', () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time);
    limiter.reserve(LONG_CODE, 1);
    time.tick(600);
    expect(limiter.reserve(LONG_CODE, 1)).toBe(400);
    time.tick(5000);
    expect(limiter.reserve(LONG_CODE, 1)).toBe(0);
  });

  it('acquire waits through the injected sleep and keeps concurrent sends in order', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter(time);
    const start = time.now();
    const sent: Array<{ n: number; at: number }> = [];
    const sends = [1, 2, 3].map(async (n) => {
      await limiter.acquire(LONG_CODE, 1);
      sent.push({ n, at: time.now() - start });
    });
    await time.runTimers();
    await Promise.all(sends);
    expect(sent).toEqual([
      { n: 1, at: 0 },
      { n: 2, at: 1000 },
      { n: 3, at: 2000 },
    ]);
    expect(time.sleeps).toEqual([1000, 2000]);
  });

  it('uses the configured rate for Messaging Services and per sender', () => {
    const time = fakeTime();
    const limiter = createRateLimiter({
      ...time,
      segmentsPerSecond: { 'messaging-service': 2 },
      perSender: { [LONG_CODE]: 4 },
    });
    expect(limiter.rateFor(SERVICE)).toBe(2);
    expect(limiter.rateFor(LONG_CODE)).toBe(4);
    expect([1, 2, 3].map(() => limiter.reserve(SERVICE, 1))).toEqual([0, 0, 500]);
    limiter.setRate('+14155550100', 0.5);
    expect([1, 2].map(() => limiter.reserve('+14155550100', 1))).toEqual([0, 2000]);
  });

  it('defaults a Messaging Service to 10 segments a second', () => {
    expect(createRateLimiter().rateFor(SERVICE)).toBe(10);
  });

  it('names what to fix on bad input', () => {
    const limiter = createRateLimiter(fakeTime());
    expect(() => limiter.reserve(LONG_CODE, 0)).toThrow(/segments must be a whole number/);
    expect(() => limiter.reserve(LONG_CODE, 1.5)).toThrow(/segments/);
    expect(() => createRateLimiter({ segmentsPerSecond: { 'long-code': 0 } })).toThrow(/long-code/);
    expect(() => createRateLimiter({ perSender: { nope: 1 } })).toThrow(/"nope"/);
  });
});
