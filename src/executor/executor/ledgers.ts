import { sqliteOutboxSteps } from '../outbox/sqlite-outbox';
import type { Outbox } from '../outbox/types';
import type { FlowSmsStore } from '../store/store';
import { createComposedLedger } from './composed-ledger';
import type { DeliveryLedger } from './ledger';
import { createSqliteLedger } from './sqlite-ledger';

/** The ledger for this store and outbox: one transaction per step when they share a database. */
export function createLedger(store: FlowSmsStore, outbox: Outbox): DeliveryLedger {
  const steps = store.db ? sqliteOutboxSteps(outbox, store.db) : undefined;
  return steps && typeof store.transact === 'function'
    ? createSqliteLedger(store, steps)
    : createComposedLedger(store, outbox);
}
