import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { Consent } from '../../src/core/schemas/consent';
import { ConsentPanel } from '../../src/editor/inspector';
import { NODE_LABELS, SAMPLE_VARIABLES } from '../../stories/inspector-fixtures';

function Harness({ initial }: { initial: Consent }) {
  const [consent, setConsent] = useState(initial);
  return (
    <ConsentPanel
      consent={consent}
      variables={SAMPLE_VARIABLES}
      nodeLabels={NODE_LABELS}
      declinedConnected
      onChange={setConsent}
    />
  );
}

test('a phrase listed as both a yes and a no is flagged on both fields: the caller’s “no” could count as consent', async () => {
  const user = userEvent.setup();
  render(
    <Harness
      initial={{ mode: 'ask', question: 'Text you?', yes: ['yes', 'sure'], no: ['no', 'nope'], retries: 1 }}
    />,
  );
  const yes = screen.getByLabelText('Phrases meaning yes');
  const no = screen.getByLabelText('Phrases meaning no');
  expect(yes).not.toHaveAttribute('aria-invalid');

  await user.type(yes, ', No');
  expect(yes).toHaveAttribute('aria-invalid', 'true');
  expect(yes).toHaveAccessibleDescription(/"No" is also a phrase meaning no/);
  expect(no).toHaveAttribute('aria-invalid', 'true');
  expect(no).toHaveAccessibleDescription(/"no" is also a phrase meaning yes/);

  await user.type(yes, '{Backspace}{Backspace}{Backspace}{Backspace}');
  expect(yes).toHaveValue('yes, sure');
  expect(yes).not.toHaveAttribute('aria-invalid');
  expect(no).not.toHaveAttribute('aria-invalid');
});

test('the same phrase twice in one list is harmless and not flagged', async () => {
  const user = userEvent.setup();
  render(<Harness initial={{ mode: 'ask', question: 'Text you?', yes: ['yes'], no: ['no'], retries: 1 }} />);
  const yes = screen.getByLabelText('Phrases meaning yes');
  await user.type(yes, ', YES');
  expect(yes).not.toHaveAttribute('aria-invalid');
});
