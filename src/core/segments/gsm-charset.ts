import { FlowSmsError } from '../errors';

/**
 * The GSM 03.38 default alphabet (3GPP TS 23.038), as the Unicode characters it can carry.
 * Written in GSM code order so a reader can check it against the standard's table row by row;
 * position 0x1B is the escape to the extension table and is not a character of its own.
 */
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

const ESCAPE = '\u001b';

/** Characters reached through the escape: each costs two septets (escape + code). */
const EXTENSION_TABLE = '\f^{}\\[~]|€';

export const GSM_BASIC_CHARACTERS: readonly string[] = [...BASIC_TABLE].filter((c) => c !== ESCAPE);
export const GSM_EXTENSION_CHARACTERS: readonly string[] = [...EXTENSION_TABLE];

// Every GSM character is a single UTF-16 code unit below U+20AD (the euro sign is the highest),
// so a flat byte table answers "how many septets?" with one array read per keystroke.
const septetTable = buildSeptetTable();

function buildSeptetTable(): Uint8Array {
  let highest = 0;
  for (const c of [...GSM_BASIC_CHARACTERS, ...GSM_EXTENSION_CHARACTERS]) {
    highest = Math.max(highest, c.charCodeAt(0));
  }
  const table = new Uint8Array(highest + 1);
  for (const c of GSM_BASIC_CHARACTERS) table[c.charCodeAt(0)] = 1;
  for (const c of GSM_EXTENSION_CHARACTERS) table[c.charCodeAt(0)] = 2;
  return table;
}

/** Septets a UTF-16 code unit costs in GSM-7: 1 (basic), 2 (extension) or 0 when GSM-7 cannot carry it. */
export function gsmSeptets(codeUnit: number): 0 | 1 | 2 {
  return (septetTable[codeUnit] ?? 0) as 0 | 1 | 2;
}

/** True when every character of `text` exists in the GSM-7 alphabet (basic or extension). */
export function isGsmText(text: string): boolean {
  if (typeof text !== 'string') {
    throw new FlowSmsError('invalid_input', `Text must be a string (got ${typeof text})`, 'text');
  }
  for (let i = 0; i < text.length; i++) {
    if (gsmSeptets(text.charCodeAt(i)) === 0) return false;
  }
  return true;
}
