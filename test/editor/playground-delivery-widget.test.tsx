import { render, screen, within } from '@testing-library/react';
import { DeliveryWidget } from '../../playground/src/DeliveryWidget';

const row = (label: string) => within(screen.getByText(label).parentElement as HTMLElement);

test('every attempt is in a row: declined runs and pending messages are counted too', () => {
  render(
    <DeliveryWidget
      stats={{ total: 7, sent: 2, delivered: 1, failed: 0, optedOut: 1, declined: 3, pending: 1 }}
    />,
  );
  expect(screen.getByText('7 attempts')).toBeInTheDocument();
  expect(row('Declined').getByText('3')).toBeInTheDocument();
  expect(row('Declined').getByText('43% of attempts')).toBeInTheDocument();
  expect(row('Pending').getByText('1')).toBeInTheDocument();
});

test('no Pending row while nothing waits', () => {
  render(
    <DeliveryWidget
      stats={{ total: 1, sent: 1, delivered: 1, failed: 0, optedOut: 0, declined: 0, pending: 0 }}
    />,
  );
  expect(screen.queryByText('Pending')).toBeNull();
});
