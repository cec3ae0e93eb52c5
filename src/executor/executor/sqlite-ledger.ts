import type { SqliteOutboxSteps } from '../outbox/sqlite-outbox';
import type { Lease, OutboxEntry } from '../outbox/types';
import type { MessageRecord } from '../store/messages';
import type { FlowSmsStore } from '../store/store';
import {
  type Began,
  type DeliveryLedger,
  endIfOptedOut,
  finalStateOf,
  isLeaseLost,
  type Logged,
  payloadOf,
  writeLog,
} from './ledger';

/**
 * The ledger over the store and the SQLite outbox in the same database: each method is one
 * transaction, group-committed (`store.transact`) with those of concurrent sends, so a send
 * costs two commits (before the request and after its answer) shared with whoever else is in
 * flight.
 */
export function createSqliteLedger(store: FlowSmsStore, steps: SqliteOutboxSteps): DeliveryLedger {
  /** Done, unless the lease went elsewhere: then the new holder finishes the entry. */
  function complete(id: string, owner: string, message: MessageRecord, at: Date) {
    try {
      steps.complete(id, owner, finalStateOf(message), at);
    } catch (error) {
      if (!isLeaseLost(error)) throw error;
    }
  }

  function beginSend(entry: OutboxEntry, lease: Lease): Began {
    const optedOut = endIfOptedOut(store, entry, lease.at);
    if (optedOut) {
      complete(entry.id, lease.owner, optedOut, lease.at);
      return { kind: 'opted_out', message: optedOut };
    }
    let sending: OutboxEntry;
    try {
      sending = steps.markSending(entry.id, lease);
    } catch (error) {
      if (isLeaseLost(error)) return { kind: 'lease_lost' };
      throw error;
    }
    return { kind: 'sending', entry: sending, attemptId: store.startAttempt(entry.id, lease.at).id };
  }

  return {
    log({ message: input, lease, send }) {
      return store.transact((): Logged => {
        const { message, created } = store.createMessage(input);
        if (message.outcome !== null) return { kind: 'settled', message };
        const entry = {
          id: message.id,
          idempotencyKey: message.idempotencyKey,
          payload: payloadOf(message),
          at: input.at,
        };
        const { environment, to, from } = entry.payload;
        // Logged just now and free to go: it enters the outbox already held and sending, one row
        // instead of an insert, a claim and a state change.
        const sending =
          send && created && lease && !store.isOptedOut(environment, to, from)
            ? steps.enqueueSending(entry, lease)
            : null;
        if (sending && lease) {
          const attemptId = store.startAttempt(message.id, lease.at).id;
          return { kind: 'began', message, began: { kind: 'sending', entry: sending, attemptId } };
        }
        steps.enqueue(entry);
        const claimed = lease ? steps.claim(message.id, lease) : null;
        if (!lease || !claimed) return { kind: 'queued', message };
        if (send && created) return { kind: 'began', message, began: beginSend(claimed, lease) };
        return { kind: 'claimed', message, entry: claimed };
      });
    },
    beginSend(entry, lease) {
      return store.transact(() => beginSend(entry, lease));
    },
    async record(change) {
      // An acceptance lost to a power cut is found at Twilio again before anything is resent (the
      // entry is still `sending`), so it need not wait for the disk; any other answer must.
      const flush = change.message && 'accepted' in change.message ? 'later' : 'wait';
      const { message, leaseLost } = await store.transact(
        () => {
          const logged = writeLog(store, change);
          if ('done' in change.outbox) {
            const settled = logged ?? store.messageById(change.id);
            if (!settled) throw new Error(`flow-sms: message ${change.id} is missing from the log`);
            complete(change.id, change.owner, settled, change.at);
            return { message: settled, leaseLost: null };
          }
          const { later, nextAttemptAt, reason } = change.outbox;
          try {
            steps.reschedule(change.id, change.owner, { state: later, nextAttemptAt, at: change.at, reason });
            return { message: logged, leaseLost: null };
          } catch (error) {
            // The log side stands (the attempt happened); the caller learns it no longer holds the entry.
            if (!isLeaseLost(error)) throw error;
            return { message: logged, leaseLost: error };
          }
        },
        { flush },
      );
      if (leaseLost) throw leaseLost;
      return message;
    },
  };
}
