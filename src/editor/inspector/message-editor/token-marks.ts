import { type EditorState, type Range, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';
import { parseTemplate } from '../../../core/template';
import { setTokenContext, tokenContextField } from './token-context';
import { findTokenProblems, type TokenProblem } from './token-problems';

const CLASS_BY_KIND: Record<TokenProblem['kind'], string> = {
  malformed: 'cm-sms-malformed',
  reserved: 'cm-sms-token-unknown',
  unknown: 'cm-sms-token-unknown',
  partial: 'cm-sms-token-partial',
};

function buildMarks(state: EditorState): DecorationSet {
  const text = state.doc.toString();
  const parsed = parseTemplate(text);
  const problems = findTokenProblems(parsed, state.field(tokenContextField));
  const problemAt = new Map(problems.filter((p) => p.kind !== 'malformed').map((p) => [p.start, p]));
  const marks: Range<Decoration>[] = [];
  for (const part of parsed.parts) {
    if (part.type !== 'token' || part.end <= part.start) continue;
    const problem = problemAt.get(part.start);
    const className = `cm-sms-token${problem ? ` ${CLASS_BY_KIND[problem.kind]}` : ''}`;
    const title = problem ? problem.message : `Input ${part.name}`;
    marks.push(Decoration.mark({ class: className, attributes: { title } }).range(part.start, part.end));
  }
  for (const problem of problems) {
    if (problem.kind !== 'malformed') continue;
    // A zero-width error (e.g. at the very end) still needs one character to underline.
    const start = Math.min(problem.start, Math.max(0, text.length - 1));
    const end = Math.min(text.length, Math.max(problem.end, start + 1));
    if (end <= start) continue;
    marks.push(
      Decoration.mark({ class: CLASS_BY_KIND.malformed, attributes: { title: problem.message } }).range(
        start,
        end,
      ),
    );
  }
  return Decoration.set(marks, true);
}

/** Chips for tokens and underlines for problems, recomputed when the text or the variables change. */
export const tokenMarks = StateField.define<DecorationSet>({
  create: buildMarks,
  update(marks, transaction) {
    const contextChanged = transaction.effects.some((effect) => effect.is(setTokenContext));
    return transaction.docChanged || contextChanged ? buildMarks(transaction.state) : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});
