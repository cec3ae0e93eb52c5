import type { DeliveryStats } from './api';

/** "40% of attempts"; nothing while there is nothing to take a share of. */
const share = (part: number, whole: number, of: string) =>
  whole === 0 ? '' : `${Math.round((part / whole) * 100)}% of ${of}`;

/**
 * Delivery outcomes from the executor's message log. Delivered is a share of the messages Twilio
 * accepted; the other outcomes are shares of every attempt.
 */
export function DeliveryWidget({ stats }: { stats: DeliveryStats | null }) {
  const s = stats ?? { total: 0, sent: 0, delivered: 0, failed: 0, optedOut: 0, declined: 0, pending: 0 };
  // Every attempt ends in one of these rows (or is still pending), so they add up to the total.
  const rows: [label: string, value: number, rate: string][] = [
    ['Sent', s.sent, share(s.sent, s.total, 'attempts')],
    ['Delivered', s.delivered, share(s.delivered, s.sent, 'sent')],
    ['Failed', s.failed, share(s.failed, s.total, 'attempts')],
    ['Opted out', s.optedOut, share(s.optedOut, s.total, 'attempts')],
    ['Declined', s.declined, share(s.declined, s.total, 'attempts')],
    ...(s.pending > 0
      ? [['Pending', s.pending, share(s.pending, s.total, 'attempts')] as [string, number, string]]
      : []),
  ];
  return (
    <section className="delivery" aria-labelledby="delivery-heading">
      <h3 id="delivery-heading">Delivery</h3>
      <p className="delivery__total">
        {s.total} {s.total === 1 ? 'attempt' : 'attempts'}
      </p>
      <dl>
        {rows.map(([label, value, rate]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <strong>{value}</strong> <span className="delivery__rate">{rate}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
