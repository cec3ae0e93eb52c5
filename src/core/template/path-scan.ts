// Character-level mirror of VARIABLE_PATH_PATTERN (src/core/names.ts), so the scanner can find where a
// path ends inside a longer text without slicing or running a regex at every position.

const DOT = 46;

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57);
}

/**
 * End (exclusive) of the longest variable path that starts at `from`, or -1 when none starts there.
 * A dot not followed by an identifier is not part of the path: in `a.b.` the path is `a.b`.
 */
export function scanPath(text: string, from: number): number {
  if (!isIdentifierStart(text.charCodeAt(from))) return -1;
  let i = from + 1;
  for (;;) {
    while (isIdentifierPart(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== DOT || !isIdentifierStart(text.charCodeAt(i + 1))) return i;
    i += 2;
  }
}
