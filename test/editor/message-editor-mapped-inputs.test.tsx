import { render, screen } from '@testing-library/react';
import { MessageEditor } from '../../src/editor/inspector';
import { SAMPLE_VARIABLES } from '../../stories/inspector-fixtures';

// An inline message's token becomes an input; mapped to a fixed value it has a value even though
// no upstream node sets a variable of that name, so the editor must not call it unknown.
test('a token the input mapping covers is not underlined as unknown', () => {
  const { rerender } = render(
    <MessageEditor
      value="See you at {{clinic_name}}"
      onChange={() => undefined}
      variables={SAMPLE_VARIABLES}
    />,
  );
  expect(screen.getByRole('list', { name: 'Problems in the message' })).toHaveTextContent(
    /No upstream node sets “clinic_name”/,
  );

  rerender(
    <MessageEditor
      value="See you at {{clinic_name}}"
      onChange={() => undefined}
      variables={SAMPLE_VARIABLES}
      mappedInputs={['clinic_name']}
    />,
  );
  expect(screen.queryByRole('list', { name: 'Problems in the message' })).not.toBeInTheDocument();
  expect(screen.getByRole('textbox', { name: 'Message' })).not.toHaveAttribute('aria-invalid', 'true');
});
