import type { Lease, Outbox, OutboxEntry } from '../outbox/types';
import type { MessageRecord } from '../store/messages';
import type { FlowSmsStore } from '../store/store';
import {
  type Began,
  type DeliveryLedger,
  endIfOptedOut,
  finalStateOf,
  isLeaseLost,
  payloadOf,
  writeLog,
} from './ledger';

/**
 * The ledger over the store and an outbox elsewhere (another database, a Redis queue): each
 * store call commits on its own and the outbox is written after the log, as the two cannot
 * share a transaction.
 */
export function createComposedLedger(store: FlowSmsStore, outbox: Outbox): DeliveryLedger {
  async function complete(id: string, owner: string, message: MessageRecord, at: Date) {
    try {
      await outbox.complete(id, owner, finalStateOf(message), at);
    } catch (error) {
      if (!isLeaseLost(error)) throw error;
    }
  }

  async function beginSend(entry: OutboxEntry, lease: Lease): Promise<Began> {
    const optedOut = endIfOptedOut(store, entry, lease.at);
    if (optedOut) {
      await complete(entry.id, lease.owner, optedOut, lease.at);
      return { kind: 'opted_out', message: optedOut };
    }
    let sending: OutboxEntry;
    try {
      sending = await outbox.markSending(entry.id, lease);
    } catch (error) {
      if (isLeaseLost(error)) return { kind: 'lease_lost' };
      throw error;
    }
    return { kind: 'sending', entry: sending, attemptId: store.startAttempt(entry.id, lease.at).id };
  }

  return {
    async log({ message: input, lease, send }) {
      const { message, created } = store.createMessage(input);
      if (message.outcome !== null) return { kind: 'settled', message };
      await outbox.enqueue({
        id: message.id,
        idempotencyKey: message.idempotencyKey,
        payload: payloadOf(message),
        at: input.at,
      });
      const entry = lease ? await outbox.claim(message.id, lease) : null;
      if (!lease || !entry) return { kind: 'queued', message };
      if (send && created) return { kind: 'began', message, began: await beginSend(entry, lease) };
      return { kind: 'claimed', message, entry };
    },
    beginSend,
    async record(change) {
      const logged = writeLog(store, change);
      if ('done' in change.outbox) {
        const settled = logged ?? store.messageById(change.id);
        if (!settled) throw new Error(`flow-sms: message ${change.id} is missing from the log`);
        await complete(change.id, change.owner, settled, change.at);
        return settled;
      }
      const { later, nextAttemptAt, reason } = change.outbox;
      await outbox.reschedule(change.id, change.owner, {
        state: later,
        nextAttemptAt,
        at: change.at,
        reason,
      });
      return logged;
    },
  };
}
