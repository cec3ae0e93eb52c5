/**
 * Reads the <Message> replies out of a messaging TwiML answer. Deliberately narrow: TwiML for
 * SMS is a flat <Response> of <Message> verbs, each holding text or a <Body>; other verbs
 * (<Redirect>, <Media>) have no effect in the sandbox.
 */
export interface TwimlReply {
  body: string;
  to: string | null;
  from: string | null;
}

const MESSAGE = /<Message\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Message\s*>)/g;
const BODY = /<Body\b[^>]*>([\s\S]*?)<\/Body\s*>/;
const ATTRIBUTE = /([A-Za-z_:][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;

export function parseTwimlReplies(twiml: string): TwimlReply[] {
  const replies: TwimlReply[] = [];
  if (typeof twiml !== 'string' || !/<Response\b/.test(twiml)) return replies;
  for (const match of twiml.matchAll(MESSAGE)) {
    const attributes = attributesOf(match[1] ?? '');
    const content = match[2] ?? '';
    const bodyMatch = BODY.exec(content);
    const body = textOf(
      bodyMatch ? (bodyMatch[1] ?? '') : content.replace(/<Media\b[\s\S]*?(<\/Media\s*>|\/>)/g, ''),
    );
    if (body.trim() === '') continue;
    replies.push({ body, to: attributes.to ?? null, from: attributes.from ?? null });
  }
  return replies;
}

function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    attributes[match[1] ?? ''] = decodeEntities(match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function textOf(xml: string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeEntities(part.replace(/<[^>]*>/g, '')),
    )
    .join('');
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return safeCodePoint(Number.parseInt(entity.slice(2), 16), whole);
    if (entity.startsWith('#')) return safeCodePoint(Number.parseInt(entity.slice(1), 10), whole);
    return NAMED[entity] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
