import { FlowSmsError } from '../errors';
import { isGsmText } from './gsm-charset';

/**
 * Characters that force a message into UCS-2 (70 instead of 160 characters a segment) although
 * a GSM-7 character reads the same. Mostly what word processors and phones insert on their own:
 * smart quotes, long dashes, the ellipsis, unusual spaces, bullets. An empty replacement means
 * "remove it": the character is invisible. Letters with accents GSM-7 lacks (á, ç, ł) are not
 * listed: dropping the accent changes the spelling, and that is the writer's call, not ours.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  // quotation marks and apostrophes
  '\u2018': "'", // left single quotation mark
  '\u2019': "'", // right single quotation mark (also the typographic apostrophe)
  '\u201a': "'", // single low-9 quotation mark
  '\u201b': "'", // single high-reversed-9 quotation mark
  '\u2032': "'", // prime
  '\u2035': "'", // reversed prime
  '\u02bc': "'", // modifier letter apostrophe
  '\u02b9': "'", // modifier letter prime
  '\u00b4': "'", // acute accent
  '`': "'", // grave accent: not in GSM-7 at all
  '\u2039': "'", // single left-pointing angle quotation mark
  '\u203a': "'", // single right-pointing angle quotation mark
  '\u201c': '"', // left double quotation mark
  '\u201d': '"', // right double quotation mark
  '\u201e': '"', // double low-9 quotation mark
  '\u201f': '"', // double high-reversed-9 quotation mark
  '\u2033': '"', // double prime
  '\u00ab': '"', // left-pointing double angle quotation mark
  '\u00bb': '"', // right-pointing double angle quotation mark
  '\u02ba': '"', // modifier letter double prime
  // dashes and hyphens
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2015': '-', // horizontal bar
  '\u2212': '-', // minus sign
  '\ufe58': '-', // small em dash
  '\ufe63': '-', // small hyphen-minus
  // dots and bullets
  '\u2026': '...', // horizontal ellipsis
  '\u2022': '-', // bullet
  '\u2023': '-', // triangular bullet
  '\u2043': '-', // hyphen bullet
  '\u25e6': '-', // white bullet
  '\u2219': '-', // bullet operator
  '\u00b7': '-', // middle dot, used as a separator
  '\u25aa': '-', // black small square, a common list marker
  '\u25cf': '-', // black circle
  // spaces: every visible space becomes one plain space
  '\u00a0': ' ', // no-break space
  '\u1680': ' ', // ogham space mark
  '\u2000': ' ', // en quad
  '\u2001': ' ', // em quad
  '\u2002': ' ', // en space
  '\u2003': ' ', // em space
  '\u2004': ' ', // three-per-em space
  '\u2005': ' ', // four-per-em space
  '\u2006': ' ', // six-per-em space
  '\u2007': ' ', // figure space
  '\u2008': ' ', // punctuation space
  '\u2009': ' ', // thin space
  '\u200a': ' ', // hair space
  '\u202f': ' ', // narrow no-break space
  '\u205f': ' ', // medium mathematical space
  '\u3000': ' ', // ideographic space
  '\t': ' ', // tab: GSM-7 has no tab
  '\u2028': '\n', // line separator
  '\u2029': '\n', // paragraph separator
  // invisible characters
  '\u00ad': '', // soft hyphen
  '\u200b': '', // zero width space
  '\u200c': '', // zero width non-joiner
  '\u200d': '', // zero width joiner (on its own, outside an emoji sequence)
  '\u2060': '', // word joiner
  '\ufe0e': '', // variation selector 15 (text style), on a character that has no other style
  '\ufe0f': '', // variation selector 16 (emoji style), on a character that has no emoji
  '\ufeff': '', // zero width no-break space / byte order mark
  // symbols with a plain spelling
  '\u2122': 'TM', // trade mark sign
  '\u00a9': '(c)', // copyright sign
  '\u00ae': '(R)', // registered sign
  '\u203c': '!!', // double exclamation mark
  '\u2047': '??', // double question mark
  '\u2048': '?!', // question exclamation mark
  '\u2049': '!?', // exclamation question mark
  '\u00d7': 'x', // multiplication sign
  '\u00f7': '/', // division sign
  '\u2044': '/', // fraction slash
  '\u2215': '/', // division slash
  '\u00bc': '1/4', // vulgar fraction one quarter
  '\u00bd': '1/2', // vulgar fraction one half
  '\u00be': '3/4', // vulgar fraction three quarters
  '\u2190': '<-', // leftwards arrow
  '\u2192': '->', // rightwards arrow
  '\u2194': '<->', // left right arrow
  '\u21d2': '=>', // rightwards double arrow
  '\u2264': '<=', // less-than or equal to
  '\u2265': '>=', // greater-than or equal to
  '\u2260': '!=', // not equal to
  '\u02c6': '^', // modifier letter circumflex accent
  '\u02dc': '~', // small tilde
  '\u223c': '~', // tilde operator
  '\u2223': '|', // divides
  '\u2016': '||', // double vertical line
  '\u2017': '_', // double low line
  '\u3001': ',', // ideographic comma
  '\u3002': '.', // ideographic full stop
};

// Fullwidth forms U+FF01..U+FF5E mirror ASCII U+0021..U+007E one to one.
const FULLWIDTH_FIRST = 0xff01;
const FULLWIDTH_LAST = 0xff5e;
const FULLWIDTH_OFFSET = 0xfee0;

/**
 * A character made of several code points, each GSM-7 or with a look-alike: a letter followed by a
 * stray zero-width joiner or variation selector is one character to the segmenter, so the table,
 * which lists the joiner on its own, would otherwise never be consulted for it.
 */
function pieceByPiece(char: string): string | undefined {
  const codePoints = [...char];
  if (codePoints.length < 2) return undefined;
  let spelled = '';
  for (const codePoint of codePoints) {
    const piece = isGsmText(codePoint) ? codePoint : (LOOKALIKES[codePoint] ?? fullwidthToAscii(codePoint));
    if (piece === undefined) return undefined;
    spelled += piece;
  }
  return spelled;
}

function fullwidthToAscii(char: string): string | undefined {
  if (char.length !== 1) return undefined;
  const code = char.charCodeAt(0);
  if (code < FULLWIDTH_FIRST || code > FULLWIDTH_LAST) return undefined;
  const ascii = String.fromCharCode(code - FULLWIDTH_OFFSET);
  return isGsmText(ascii) ? ascii : LOOKALIKES[ascii];
}

/**
 * The GSM-7 text that reads like `char` (one user-perceived character), or undefined when
 * `char` already is GSM-7 or nothing GSM-7 resembles it. Besides the table, a character written
 * as base letter + combining accent ("e" + U+0301) is offered in its composed form ("é") when
 * GSM-7 has that, and so are compatibility duplicates such as the ohm sign (Ω).
 */
export function gsmLookalikeFor(char: string): string | undefined {
  if (typeof char !== 'string') {
    throw new FlowSmsError('invalid_input', `char must be a string (got ${typeof char})`, 'char');
  }
  if (char === '' || isGsmText(char)) return undefined;
  const listed = LOOKALIKES[char] ?? fullwidthToAscii(char) ?? pieceByPiece(char);
  if (listed !== undefined) return listed;
  const composed = char.normalize('NFC');
  return isGsmText(composed) ? composed : undefined;
}

/** The whole look-alike table, for documentation and the editor's help text. */
export const GSM_LOOKALIKES: Readonly<Record<string, string>> = LOOKALIKES;
