/**
 * The order a message's delivery status moves in. Twilio's callbacks can arrive late or out of
 * order (a `sent` after `delivered`), so a status is applied only when it ranks higher than the
 * current one. `pending` and `unknown` are this store's own: not yet handed to Twilio, and handed
 * over without a clear answer. `not_sent` marks a run that ended before anything was sent.
 */
const STATUS_RANK: Record<string, number> = {
  not_sent: 0,
  pending: 0,
  unknown: 0,
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  partially_delivered: 4,
  // WhatsApp and RCS report `read` after `delivered`.
  read: 5,
};

/** Statuses Twilio uses for outbound messages; anything else is recorded but moves nothing. */
export function isKnownStatus(status: string): boolean {
  return Object.hasOwn(STATUS_RANK, status);
}

export function statusRank(status: string): number | undefined {
  return Object.hasOwn(STATUS_RANK, status) ? STATUS_RANK[status] : undefined;
}

/** Whether moving from `current` to `next` goes forward. */
export function isStatusAdvance(current: string, next: string): boolean {
  const to = statusRank(next);
  if (to === undefined) return false;
  return to > (statusRank(current) ?? -1);
}

export const DELIVERED_STATUSES = ['delivered', 'read'] as const;
export const FAILED_STATUSES = ['failed', 'undelivered'] as const;
