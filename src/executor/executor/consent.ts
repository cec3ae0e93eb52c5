import type { Consent } from '../../core/schemas/consent';
import type { ConsentEvidence, ErrorInfo } from '../store/schemas';
import { type AskConsent, type AskConsentRequest, askConsentAnswerSchema } from './options';
import { readVariable } from './variables';

export type ConsentDecision =
  | { kind: 'given'; evidence: ConsentEvidence; at: Date }
  | { kind: 'declined'; evidence: ConsentEvidence; at: Date }
  | { kind: 'opted_out'; evidence: ConsentEvidence | null; at: Date }
  | { kind: 'failed'; error: ErrorInfo; evidence: ConsentEvidence | null; at: Date };

/** What the run adds to the node's question when the host is asked: where, and the variables. */
type RunContext = Pick<AskConsentRequest, 'runId' | 'nodeId' | 'variables'>;

const TRUTHY = new Set(['yes', 'y', 'true', '1']);

/** A consent variable set upstream counts as a yes only when it clearly says so. */
export function isConsentValue(value: unknown): boolean {
  if (value === true || value === 1) return true;
  return typeof value === 'string' && TRUTHY.has(value.trim().toLowerCase());
}

/** A variable's value as evidence: primitives as they are, anything else as text. */
function evidenceValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  return String(value);
}

/** Consent for the modes that need no message of their own (`sms-reply` is handled with delivery). */
export async function decideConsent(
  consent: Exclude<Consent, { mode: 'sms-reply' }>,
  request: RunContext,
  askConsent: AskConsent | undefined,
  now: () => Date,
): Promise<ConsentDecision> {
  switch (consent.mode) {
    case 'not-required':
      return { kind: 'given', evidence: { mode: 'not-required', reason: consent.reason }, at: now() };
    case 'variable': {
      const value = readVariable(request.variables, consent.path);
      const evidence: ConsentEvidence = { mode: 'variable', path: consent.path, value: evidenceValue(value) };
      return { kind: isConsentValue(value) ? 'given' : 'declined', evidence, at: now() };
    }
    case 'ask':
      return askHost(consent, request, askConsent, now);
  }
}

async function askHost(
  consent: Extract<Consent, { mode: 'ask' }>,
  request: RunContext,
  askConsent: AskConsent | undefined,
  now: () => Date,
): Promise<ConsentDecision> {
  if (!askConsent) {
    return {
      kind: 'failed',
      evidence: null,
      at: now(),
      error: {
        code: 'consent_hook_missing',
        message:
          "This node asks the caller for consent (mode 'ask'), but the executor has no askConsent hook to ask with.",
        hint: "Pass askConsent to createSendSmsExecutor, or set the node's consent to 'variable' or 'sms-reply'.",
      },
    };
  }
  let raw: unknown;
  try {
    raw = await askConsent({
      ...request,
      question: consent.question,
      yes: [...consent.yes],
      no: [...consent.no],
      retries: consent.retries,
    });
  } catch (error) {
    return {
      kind: 'failed',
      evidence: null,
      at: now(),
      error: {
        code: 'consent_hook_failed',
        message: `The askConsent hook failed: ${(error as Error).message}`,
      },
    };
  }
  const parsed = askConsentAnswerSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      kind: 'failed',
      evidence: null,
      at: now(),
      error: {
        code: 'consent_hook_invalid',
        message: `The askConsent hook must return { answer: 'yes' | 'no' | 'no-answer', utterance? }; it returned ${JSON.stringify(raw) ?? String(raw)}.`,
      },
    };
  }
  const evidence: ConsentEvidence = {
    mode: 'ask',
    question: consent.question,
    answer: parsed.data.answer,
    utterance: parsed.data.utterance ?? null,
  };
  return { kind: parsed.data.answer === 'yes' ? 'given' : 'declined', evidence, at: now() };
}
