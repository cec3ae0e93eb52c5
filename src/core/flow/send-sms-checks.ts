import type { Environment } from '../environments';
import { SENDER_KEY_BY_ENVIRONMENT, SENDER_LABEL_BY_ENVIRONMENT } from '../environments';
import { TWILIO_BODY_MAX } from '../limits';
import { fixedPhoneNumberProblem } from '../phone';
import { type InputSource, inputSourceOf, isEmptyValue } from '../schemas/input-source';
import type { SendSmsNodeData } from '../schemas/send-sms-node';
import type { Senders } from '../schemas/sender';
import type { SmsTemplate } from '../schemas/template';
import { hasAstralCharacters } from '../segments/body-limit';
import { countSegments } from '../segments/count-segments';
import { senderForEnvironment } from '../senders';
import type { ParsedTemplate, TemplateToken } from '../template';
import { reservedNameProblem } from '../template/reserved-names';
import type { FlowDiagnostic, FlowDiagnosticCode } from './diagnostics';
import { messageLengthBounds } from './message-length';
import { isSendSmsOutput } from './system-variables';
import type { FlowAnalysis } from './upstream-variables';

/** What the checks of one Send SMS node need to know about the rest of the flow. */
export interface SendSmsCheckContext {
  analysis: FlowAnalysis;
  templates: ReadonlyMap<string, SmsTemplate>;
  parse: (body: string) => ParsedTemplate;
  environment: Environment;
  senders: Partial<Senders> | undefined;
}

const count = new Intl.NumberFormat('en-US');

/** Reports problems in a valid configuration: the parts schemas cannot see, because they need the flow. */
export function checkSendSmsNode(
  nodeId: string,
  data: SendSmsNodeData,
  reachable: boolean,
  context: SendSmsCheckContext,
): FlowDiagnostic[] {
  const diagnostics: FlowDiagnostic[] = [];
  const report = (
    severity: FlowDiagnostic['severity'],
    code: FlowDiagnosticCode,
    message: string,
    field?: string,
  ) =>
    diagnostics.push(
      field === undefined ? { nodeId, severity, code, message } : { nodeId, severity, code, message, field },
    );
  // A node no start reaches never runs; what its ancestors set proves nothing, so only the
  // configuration itself is checked until it is connected.
  const availability = (path: string) => (reachable ? context.analysis.availability(nodeId, path) : 'always');

  let template: SmsTemplate | undefined;
  let body: string;
  let messageField: string;
  if ('templateId' in data.message) {
    messageField = 'message.templateId';
    template = context.templates.get(data.message.templateId);
    if (!template) {
      report(
        'error',
        'unknown-template',
        `Template "${data.message.templateId}" does not exist: pick another template or write the message inline.`,
        messageField,
      );
    }
    body = template?.body ?? '';
  } else {
    messageField = 'message.body';
    body = data.message.body;
  }
  const subject = template ? `Template "${template.title}"` : 'The message';

  // Sender for the environment the flow runs in.
  const senders = template ? template.senders : context.senders;
  if ((template || !('templateId' in data.message)) && !senderForEnvironment(senders, context.environment)) {
    const key = SENDER_KEY_BY_ENVIRONMENT[context.environment];
    report(
      'error',
      'no-sender',
      template
        ? `Template "${template.title}" has no ${context.environment} sender, so nothing can be sent in ${context.environment}: edit the template and fill in its "${SENDER_LABEL_BY_ENVIRONMENT[context.environment]}" with a phone number or Messaging Service SID (senders.${key} in the flow file).`
        : `There is no ${context.environment} sender for inline messages, so nothing can be sent in ${context.environment}: the host sets the flow's default ${context.environment} sender (the plugin's defaultSenders.${key}, saved in the flow file as senders.${key}).`,
      messageField,
    );
  }

  const parsed = body ? context.parse(body) : { parts: [], errors: [] };
  for (const error of parsed.errors) {
    report(
      'error',
      'template-syntax',
      `${subject} has a syntax error ${positionIn(body, error.start)}: ${error.message}`,
      messageField,
    );
  }

  // Template inputs, each distinct name once, in order of first appearance.
  const tokens = new Map<string, TemplateToken[]>();
  for (const part of parsed.parts) {
    if (part.type !== 'token') continue;
    const list = tokens.get(part.name);
    if (list) list.push(part);
    else tokens.set(part.name, [part]);
  }
  for (const [name, occurrences] of tokens) {
    const field = `inputs.${name}`;
    const reserved = reservedNameProblem(name);
    if (reserved !== undefined) {
      // The renderer never looks these up (they lead into JavaScript's object model), so no
      // mapping could ever give the token a value and every run would fail.
      report('error', 'input-reserved-name', `Input "${name}" ${reserved}.`, messageField);
      continue;
    }
    const mapped = Object.hasOwn(data.inputs, name) ? data.inputs[name] : undefined;
    // As the executor does, an input left unmapped reads the variable of the same name, when a
    // step before this node sets one: `{{caller.first_name}}` means that variable.
    // (An unconnected node is not given one: nothing proves a variable is set before it.)
    const source: InputSource | undefined =
      mapped ?? (reachable && availability(name) ? inputSourceOf(data.inputs, name) : undefined);
    const tokenFallback = occurrences.every((token) => token.fallback !== undefined)
      ? occurrences[0]?.fallback
      : undefined;
    if (!source) {
      if (tokenFallback !== undefined) {
        report(
          'warning',
          'input-not-mapped',
          `Input "${name}" is not mapped, so the message always shows its fallback "${tokenFallback}": map it to a variable or a fixed value.`,
          field,
        );
      } else {
        report(
          'error',
          'input-not-mapped',
          `Input "${name}" has no value: map it to a variable or a fixed value.${pastedTokenHint(occurrences)}`,
          field,
        );
      }
      continue;
    }
    if (source.kind === 'fixed') {
      if (!isEmptyValue(source.value)) continue;
      // The executor treats a blank value as missing, as it does a blank variable.
      if (tokenFallback !== undefined) {
        report(
          'warning',
          'input-fixed-empty',
          `Input "${name}" has an empty fixed value, so the message always shows its fallback "${tokenFallback}": type the value, or map it to a variable.`,
          field,
        );
      } else {
        report(
          'error',
          'input-fixed-empty',
          `Input "${name}" has an empty fixed value, and a message cannot be sent with a gap: type the value, or map it to a variable.`,
          field,
        );
      }
      continue;
    }
    const fallback = isEmptyValue(source.fallback) ? tokenFallback : source.fallback;
    const found = availability(source.path);
    if (found === 'always') continue;
    const where = isSendSmsOutput(source.path)
      ? `variable ${source.path}, which only the sent branch of a Send SMS node sets, ${found ? 'and not every path to this node comes from one' : 'and no path to this node comes from one'}`
      : found
        ? `variable ${source.path}, which is not set on every path to this node`
        : `variable ${source.path}, which no step before this node sets`;
    if (fallback !== undefined) {
      report(
        'warning',
        found ? 'input-variable-some-paths' : 'input-variable-unset',
        `Input "${name}" uses ${where}; ${found ? 'when it is missing' : 'every message'} the message shows the fallback "${fallback}".`,
        field,
      );
    } else {
      report(
        'error',
        found ? 'input-variable-some-paths' : 'input-variable-unset',
        `Input "${name}" uses ${where}: map it to a variable set before this node, or add a fallback.`,
        field,
      );
    }
  }

  checkRecipient(data.to, availability, report);

  if (data.consent.mode === 'variable') {
    const found = availability(data.consent.path);
    if (found !== 'always') {
      report(
        'error',
        'consent-variable-unavailable',
        `Consent variable ${data.consent.path} is ${found ? 'not set on every path to this node' : 'not set by any step before this node'}, so the node cannot tell whether the caller agreed: collect consent on every path first, or ask for it in this node.`,
        'consent.path',
      );
    }
  }

  const bounds = messageLengthBounds(
    parsed.parts,
    data.inputs,
    (path) => context.analysis.definitionOf(path)?.maxLength,
    data.optOutFooter,
  );
  // Twilio counts UTF-16 units: an emoji is 2 (a flag 4, a family 11) where the preview counts 1.
  const emojiNote = [body, ...fixedValues(data.inputs)].some(hasAstralCharacters)
    ? ' (Twilio counts each emoji as 2 characters or more)'
    : '';
  if (bounds.min > TWILIO_BODY_MAX) {
    report(
      'error',
      'message-too-long',
      `${subject} renders to at least ${count.format(bounds.min)} characters${emojiNote}, over Twilio's limit of ${count.format(TWILIO_BODY_MAX)} (error 21617): shorten the text or the fixed values.`,
      messageField,
    );
  } else if (bounds.max > TWILIO_BODY_MAX) {
    report(
      'warning',
      'message-too-long',
      `${subject} can render to ${count.format(bounds.max)} characters${emojiNote} when ${bounds.growing.join(', ') || 'the fallbacks are used'} ${bounds.growing.length === 1 ? 'is' : 'are'} at the longest, over Twilio's limit of ${count.format(TWILIO_BODY_MAX)} (error 21617): shorten the text or use shorter variables.`,
      messageField,
    );
  }
  return diagnostics;
}

function checkRecipient(
  to: InputSource,
  availability: (path: string) => ReturnType<FlowAnalysis['availability']>,
  report: (
    severity: FlowDiagnostic['severity'],
    code: FlowDiagnosticCode,
    message: string,
    field?: string,
  ) => void,
): void {
  if (to.kind === 'fixed') {
    if (to.value.trim() === '') {
      report(
        'error',
        'recipient-missing',
        "There is no recipient: enter a phone number, or send to a variable such as the caller's number (call.caller_number).",
        'to',
      );
    } else {
      const problem = fixedPhoneNumberProblem(to.value, 'Recipient');
      if (problem) report('error', 'recipient-invalid', problem, 'to.value');
    }
    return;
  }
  const fallbackProblem =
    to.fallback === undefined ? undefined : fixedPhoneNumberProblem(to.fallback, 'Recipient fallback');
  if (fallbackProblem) report('error', 'recipient-invalid', fallbackProblem, 'to.fallback');
  const found = availability(to.path);
  if (found === 'always') return;
  const where = found ? 'is not set on every path to this node' : 'is not set by any step before this node';
  if (to.fallback !== undefined) {
    report(
      'warning',
      'recipient-unavailable',
      `Recipient variable ${to.path} ${where}; without it the message goes to the fallback ${to.fallback}.`,
      'to.path',
    );
  } else {
    report(
      'error',
      'recipient-unavailable',
      `Recipient variable ${to.path} ${where}, so the message ${found ? 'may have' : 'has'} nobody to go to: choose a variable set before this node, or add a fallback number.`,
      'to.path',
    );
  }
}

function fixedValues(inputs: Readonly<Record<string, InputSource>>): string[] {
  return Object.values(inputs).flatMap((source) => (source.kind === 'fixed' ? [source.value] : []));
}

/**
 * Where `offset` (a UTF-16 offset) is, as the builder counts: characters as the preview counts them
 * (an emoji is one), and the line when the body has several.
 */
function positionIn(body: string, offset: number): string {
  const before = body.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const character = countSegments(before.slice(lineStart)).characters + 1;
  if (!/[\r\n]/.test(body)) return `at character ${character}`;
  const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
  return `on line ${line}, character ${character}`;
}

/**
 * For an input written `<name>` or `${name}`: how to send that text as it is. `Reply <STOP> to opt
 * out` reads as a Synthflow placeholder, which the builder may not have meant.
 */
function pastedTokenHint(occurrences: readonly TemplateToken[]): string {
  const pasted = occurrences.find((token) => token.syntax === 'angle' || token.syntax === 'dollar');
  return pasted ? ` If ${pasted.raw} is meant as text, not an input, write \\${pasted.raw}.` : '';
}
