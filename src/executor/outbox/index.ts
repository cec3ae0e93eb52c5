export { createSqliteOutbox } from './sqlite-outbox';
export {
  type Lease,
  OUTBOX_FINAL_STATES,
  type Outbox,
  type OutboxEntry,
  type OutboxPayload,
  type OutboxState,
  outboxPayloadSchema,
} from './types';
export { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from './worker';
