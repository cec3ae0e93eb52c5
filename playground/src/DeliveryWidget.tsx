import type { DeliveryStats } from './api';

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

/**
 * Delivery outcomes from the executor's message log. Delivered is a share of the messages Twilio
 * accepted; the other outcomes are shares of every attempt.
 */
export function DeliveryWidget({ stats }: { stats: DeliveryStats | null }) {
  const s = stats ?? { total: 0, sent: 0, delivered: 0, failed: 0, optedOut: 0 };
  const rows: [label: string, value: number, rate: string][] = [
    ['Sent', s.sent, `${percent(s.sent, s.total)} of attempts`],
    ['Delivered', s.delivered, `${percent(s.delivered, s.sent)} of sent`],
    ['Failed', s.failed, `${percent(s.failed, s.total)} of attempts`],
    ['Opted out', s.optedOut, `${percent(s.optedOut, s.total)} of attempts`],
  ];
  return (
    <section className="delivery" aria-labelledby="delivery-heading">
      <h3 id="delivery-heading">Delivery</h3>
      <p className="delivery__total">{s.total} attempts</p>
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
