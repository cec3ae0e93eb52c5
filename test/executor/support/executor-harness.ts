// One Send SMS executor wired to the in-memory fakes, so a test file states only the options it
// is about (retry policy, senders, hooks) and the transport's script.
import { createSendSmsExecutor, type SendSmsExecutorOptions } from '../../../src/executor/executor';
import { type FlowSmsStore, openStore } from '../../../src/executor/store';
import {
  appointmentTemplate,
  createFakeClock,
  createFakeTransport,
  type FakeClock,
  RECIPIENT,
} from './executor-fakes';

/** How the fake Twilio answers sends, in order; after the script it accepts everything. */
export type TransportScript = Parameters<typeof createFakeTransport>[0];

export interface ExecutorHarnessOptions
  extends Partial<Omit<SendSmsExecutorOptions, 'transport' | 'store' | 'clock'>> {
  script?: TransportScript;
  /** Pass one store to two harnesses to play two processes sharing a database. */
  store?: FlowSmsStore;
  clock?: FakeClock;
}

/**
 * A sandbox-environment executor that knows the appointment template, over a fresh in-memory
 * store, an auto-advancing fake clock and a fake transport that stamps messages with that clock.
 */
export function createExecutorHarness(options: ExecutorHarnessOptions = {}) {
  const {
    script = [],
    store = openStore({ path: ':memory:' }),
    clock = createFakeClock(),
    ...executorOptions
  } = options;
  const transport = createFakeTransport(script);
  transport.followClock(clock);
  const executor = createSendSmsExecutor({
    transport,
    store,
    clock,
    environment: 'sandbox',
    templates: [appointmentTemplate],
    ...executorOptions,
  });
  return { store, clock, transport, executor };
}

/** What a flow run hands a Send SMS node: the caller's number (the default recipient) and variables. */
export function nodeContext(
  options: { runId?: string; recipient?: string; variables?: Record<string, unknown> } = {},
) {
  const { runId = 'run-1', recipient = RECIPIENT, variables = {} } = options;
  return { runId, nodeId: 'sms-1', variables: { call: { caller_number: recipient }, ...variables } };
}
