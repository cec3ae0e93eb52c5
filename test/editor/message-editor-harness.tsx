import { EditorView } from '@codemirror/view';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { MessageEditor } from '../../src/editor/inspector';
import { NODE_LABELS, SAMPLE_VARIABLES } from '../../stories/inspector-fixtures';

// CodeMirror in jsdom: user-event's typing reaches the editor (it listens to the DOM changes and
// key events user-event produces), so these tests drive it like a keyboard user would. The one
// concession: CodeMirror ignores keys pressed within 75 ms of the completion list opening (so a
// fast typist's Enter is not swallowed), and the tests wait that long before choosing.
export const completionGuard = () => new Promise((resolve) => setTimeout(resolve, 100));

/**
 * The message editor as the inspector holds it: controlled, with the sample upstream variables.
 * With `hostText`, a "Load another flow" button puts that text in from outside, as a host does.
 */
export function EditorHarness({
  initial = '',
  onChange,
  hostText,
}: {
  initial?: string;
  onChange: (value: string) => void;
  hostText?: string;
}) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <MessageEditor
        value={value}
        variables={SAMPLE_VARIABLES}
        nodeLabels={NODE_LABELS}
        onChange={(next) => {
          setValue(next);
          onChange(next);
        }}
      />
      {hostText !== undefined && (
        <button type="button" onClick={() => setValue(hostText)}>
          Load another flow
        </button>
      )}
    </>
  );
}

/** Opens the editor on `initial` with `from`..`to` selected, the way a builder clicks or drags into the text. */
export async function openEditorAt(initial: string, from: number, to = from) {
  const onChange = vi.fn<(value: string) => void>();
  const user = userEvent.setup();
  render(<EditorHarness initial={initial} onChange={onChange} />);
  const textbox = screen.getByRole('textbox', { name: 'Message' });
  await user.click(textbox);
  const view = EditorView.findFromDOM(textbox);
  if (!view) throw new Error('no CodeMirror view around the text box');
  view.dispatch({ selection: { anchor: from, head: to } });
  return { user, onChange, view };
}
