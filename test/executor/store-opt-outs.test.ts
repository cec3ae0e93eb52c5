import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import { openStore } from '../../src/executor/store';

const PERSON = '+14155550123';
const NUMBER_A = '+14155550100';
const NUMBER_B = '+14155550199';
const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 12, minute));

describe('opt-outs', () => {
  it('a STOP opts the recipient out of that sender until a START', () => {
    const store = openStore({ path: ':memory:' });
    expect(store.isOptedOut('live', PERSON, NUMBER_A)).toBe(false);
    expect(store.recordOptOut('live', PERSON, NUMBER_A, at(1), 'inbound:STOP')).toBe(true);
    expect(store.isOptedOut('live', PERSON, NUMBER_A)).toBe(true);
    expect(store.isOptedOut('live', PERSON, NUMBER_B)).toBe(false);
    expect(store.recordOptIn('live', PERSON, NUMBER_A, at(2), 'inbound:START')).toBe(true);
    expect(store.isOptedOut('live', PERSON, NUMBER_A)).toBe(false);
  });

  it('an older event never overrides a newer one (a replayed START cannot undo a later STOP)', () => {
    const store = openStore({ path: ':memory:' });
    store.recordOptOut('live', PERSON, NUMBER_A, at(10), 'inbound:STOP');
    expect(store.recordOptIn('live', PERSON, NUMBER_A, at(5), 'inbound:START (replayed)')).toBe(false);
    expect(store.isOptedOut('live', PERSON, NUMBER_A)).toBe(true);
    expect(store.optOutState('live', PERSON, NUMBER_A)).toMatchObject({
      optedOut: true,
      source: 'inbound:STOP',
    });

    // Every event is kept, the outranked one marked as not applied.
    const history = store.optOutHistory('live', PERSON);
    expect(history.map((e) => [e.optedOut, e.applied])).toEqual([
      [false, false],
      [true, true],
    ]);
  });

  it('keeps sandbox, pre-release and live apart', () => {
    const store = openStore({ path: ':memory:' });
    store.recordOptOut('sandbox', PERSON, NUMBER_A, at(1), 'playground');
    expect(store.isOptedOut('sandbox', PERSON, NUMBER_A)).toBe(true);
    expect(store.isOptedOut('live', PERSON, NUMBER_A)).toBe(false);
    expect(store.isOptedOut('pre-release', PERSON, NUMBER_A)).toBe(false);
    expect(store.listOptOuts('live')).toEqual([]);
    expect(store.listOptOuts('sandbox')).toHaveLength(1);
  });

  it('an opt-out survives a number change when the host maps both numbers to one identity', () => {
    const store = openStore({
      path: ':memory:',
      senderIdentities: { [NUMBER_A]: 'clinic', [NUMBER_B]: 'clinic' },
    });
    store.recordOptOut('live', PERSON, NUMBER_A, at(1), 'inbound:STOP');
    expect(store.isOptedOut('live', PERSON, NUMBER_B)).toBe(true);
    expect(store.optOutState('live', PERSON, NUMBER_B)?.senderIdentity).toBe('clinic');
    expect(store.isOptedOut('live', PERSON, '+14155550177')).toBe(false);
  });

  it('accepts a function as the identity map', () => {
    const store = openStore({
      path: ':memory:',
      senderIdentities: (sender) => (sender.startsWith('+1415') ? 'sf' : sender),
    });
    store.recordOptOut('live', PERSON, NUMBER_A, at(1), 'inbound:STOP');
    expect(store.isOptedOut('live', PERSON, NUMBER_B)).toBe(true);
  });

  it('rejects bad input naming the field', () => {
    const store = openStore({ path: ':memory:' });
    expect(() => store.recordOptOut('production' as never, PERSON, NUMBER_A, at(1), 'x')).toThrow(
      FlowSmsError,
    );
    expect(() => store.recordOptOut('live', '', NUMBER_A, at(1), 'x')).toThrow(/recipient/);
    expect(() => store.recordOptOut('live', PERSON, NUMBER_A, new Date('nope'), 'x')).toThrow(/at/);
    expect(() => store.isOptedOut('prod' as never, PERSON, NUMBER_A)).toThrow(/environment/);
  });
});
