import type { DeliveryStats } from './api';

const percent = (part: number, total: number) =>
  total === 0 ? '0%' : `${Math.round((part / total) * 100)}%`;

/** Delivery outcomes from the executor's message log. */
export function DeliveryWidget({ stats }: { stats: DeliveryStats | null }) {
  const s = stats ?? { total: 0, sent: 0, delivered: 0, failed: 0, optedOut: 0 };
  const rows: [string, number][] = [
    ['Sent', s.sent],
    ['Delivered', s.delivered],
    ['Failed', s.failed],
    ['Opted out', s.optedOut],
  ];
  return (
    <section className="delivery" aria-label="Delivery">
      <h3>Delivery</h3>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              {value} <span className="delivery__rate">({percent(value, s.total)})</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
