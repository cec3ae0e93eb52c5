import { requireBody } from './arguments';
import { escapableOpenerLength } from './foreign-tokens';

/**
 * Escapes literal text so that it renders exactly as given: a backslash goes before every `{{`, every
 * `${name}` and every `<name>`, and backslashes already in front of one are doubled. Text that holds
 * no token opener comes back unchanged.
 */
export function escapeTemplateText(text: string): string {
  requireBody(text, 'text');
  const output: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    let runEnd = i;
    while (text[runEnd] === '\\') runEnd++;
    const openerLength = escapableOpenerLength(text, runEnd);
    if (openerLength === 0) {
      i = runEnd === i ? i + 1 : runEnd;
      continue;
    }
    output.push(
      text.slice(copiedUpTo, i),
      '\\'.repeat(2 * (runEnd - i) + 1),
      text.slice(runEnd, runEnd + openerLength),
    );
    i = runEnd + openerLength;
    copiedUpTo = i;
  }
  output.push(text.slice(copiedUpTo));
  return output.join('');
}
