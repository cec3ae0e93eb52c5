import { randomBytes } from 'node:crypto';
import { ENVIRONMENTS } from '../../../core/environments';
import { FlowSmsError } from '../../../core/errors';
import { KEYWORD_REPLIES } from '../../../core/keywords';
import { tryNormalizePhoneNumber } from '../../../core/phone';
import { isMessagingServiceSid } from '../../../core/schemas/sender';
import { processInboundSms } from '../../webhooks';
import { choiceFlag, parseCommandArgs } from '../args';
import { HELP } from '../help';
import { CliError, type CliIo, EXIT_OK, stderrLogger } from '../io';
import { openCliStore } from '../runtime';

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  body: { type: 'string' },
  sid: { type: 'string' },
  env: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const DESCRIPTIONS = {
  duplicate: 'duplicate MessageSid: already processed, nothing changed',
  keyword: 'compliance keyword',
  'consent-reply': 'answered a waiting consent question',
  'dropped-opted-out': 'dropped: the sender has opted out of this number (they must reply START first)',
  delivered: 'ordinary message: recorded for the flow',
} as const;

/** Processes one inbound SMS with the webhook's own logic, minus HTTP and signatures. */
export async function inboundCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('inbound', args, OPTIONS, { min: 0, max: 0, names: '' });
  if (values.help) {
    io.stdout(HELP.inbound);
    return EXIT_OK;
  }
  for (const name of ['from', 'to', 'body'] as const) {
    if (values[name] === undefined || (name !== 'body' && !values[name]?.trim())) {
      throw new CliError(`flow-sms inbound: --${name} is required. See flow-sms inbound --help.`);
    }
  }
  const from = numberFlag('from', values.from as string);
  const to = numberFlag('to', values.to as string);
  const environment = choiceFlag('env', values.env, ENVIRONMENTS, 'sandbox');
  const store = openCliStore(io, values['data-dir']);
  let outcome: Awaited<ReturnType<typeof processInboundSms>>;
  try {
    // Twilio names the Messaging Service a number belongs to in the webhook, so a STOP to the number
    // a service texted from also stops the service's messages; the store knows which numbers those are.
    const messagingServiceSid = isMessagingServiceSid(to) ? null : store.messagingServiceOf(environment, to);
    outcome = await processInboundSms(
      { store, environment, replies: KEYWORD_REPLIES, logger: stderrLogger(io) },
      {
        messageSid: values.sid?.trim() || `SM${randomBytes(16).toString('hex')}`,
        from,
        to,
        body: values.body as string,
        at: new Date(),
        ...(messagingServiceSid ? { messagingServiceSid } : {}),
      },
    );
  } catch (error) {
    if (error instanceof FlowSmsError) throw new CliError(`flow-sms inbound: ${error.message}`);
    throw error;
  } finally {
    store.close();
  }

  if (values.json) {
    io.stdout(`${JSON.stringify(outcome)}\n`);
  } else {
    const what =
      outcome.action === 'keyword'
        ? `${DESCRIPTIONS.keyword} ${outcome.keyword}`
        : DESCRIPTIONS[outcome.action];
    io.stdout(`${what}\n${outcome.reply === null ? 'No reply.' : `Reply: ${outcome.reply}`}\n`);
  }
  return EXIT_OK;
}

/**
 * Sends look opt-outs up by E.164 number, so a number kept as written ("+1 (415) 555-0123") would
 * confirm a STOP that never blocks anything: it is refused unless it normalizes.
 */
function numberFlag(name: 'from' | 'to', value: string): string {
  const written = value.trim();
  // Opt-outs may be kept per Messaging Service, so --to may name one (as the help says).
  if (name === 'to' && isMessagingServiceSid(written)) return written;
  const result = tryNormalizePhoneNumber(written);
  if (result.ok) return result.e164;
  const expected =
    name === 'from' ? '+14155550123' : '+15005550006, or a Messaging Service SID (MG and 32 hex characters)';
  throw new CliError(
    `flow-sms inbound: --${name} must be a phone number in E.164 form such as ${expected} (got ${JSON.stringify(value)})`,
  );
}
