import {
  branchesFor,
  CALLER_NUMBER_PATH,
  CONSENT_MODES,
  type Consent,
  DEFAULT_CALL_QUESTION,
  describeZodIssues,
  type FieldIssue,
  FlowSmsError,
  type InputSource,
  migrateSendSmsNodeData,
  SEND_SMS_SCHEMA_VERSION,
  type SendSmsBranch,
  type SendSmsNodeData,
  sendSmsNodeDataSchema,
} from '../../core';

/**
 * Node data as the editor shows it. While the builder is half way through a change the data may not
 * pass the schema yet (an empty question, a cleared message); the editor still shows and edits it,
 * with the schema's issues, rather than losing the builder's work.
 */
export interface NodeDraft {
  data: SendSmsNodeData;
  /** True when `data` passed the schema as is (after migration). */
  valid: boolean;
  issues: FieldIssue[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a new node from the palette holds: an empty inline message whose consent is asked for.
 * Parsed with a stand-in body so every default comes from core's schema; the body is then left
 * empty for the builder to write (validateFlow reports it until they do).
 */
export function newNodeData(): SendSmsNodeData {
  const template = sendSmsNodeDataSchema.parse({
    message: { body: '-' },
    consent: { mode: 'ask', question: DEFAULT_CALL_QUESTION },
  });
  return { ...template, message: { body: '' } };
}

function readMessage(raw: unknown): SendSmsNodeData['message'] {
  if (isRecord(raw) && typeof raw.templateId === 'string') return { templateId: raw.templateId };
  if (isRecord(raw) && typeof raw.body === 'string') return { body: raw.body };
  return { body: '' };
}

function readSource(raw: unknown): InputSource | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.kind === 'fixed' && typeof raw.value === 'string') return { kind: 'fixed', value: raw.value };
  if (raw.kind === 'variable' && typeof raw.path === 'string') {
    return typeof raw.fallback === 'string'
      ? { kind: 'variable', path: raw.path, fallback: raw.fallback }
      : { kind: 'variable', path: raw.path };
  }
  return undefined;
}

function readConsent(raw: unknown): Consent {
  if (isRecord(raw) && (CONSENT_MODES as readonly unknown[]).includes(raw.mode)) return raw as Consent;
  return { mode: 'not-required', reason: '' };
}

/** Everything recognisable in data that fails the schema, with defaults for the rest. */
function readLeniently(raw: Record<string, unknown>): SendSmsNodeData {
  const base = newNodeData();
  const inputs: Record<string, InputSource> = {};
  if (isRecord(raw.inputs)) {
    for (const [name, value] of Object.entries(raw.inputs)) {
      const source = readSource(value);
      if (source) inputs[name] = source;
    }
  }
  return {
    version: SEND_SMS_SCHEMA_VERSION,
    message: readMessage(raw.message),
    to: readSource(raw.to) ?? { kind: 'variable', path: CALLER_NUMBER_PATH },
    inputs,
    consent: readConsent(raw.consent),
    timing: raw.timing === 'after-call' ? 'after-call' : base.timing,
    trigger: typeof raw.trigger === 'string' ? raw.trigger : base.trigger,
    optOutFooter: typeof raw.optOutFooter === 'boolean' ? raw.optOutFooter : false,
    ...(typeof raw.label === 'string' ? { label: raw.label } : {}),
  };
}

// React Flow treats node data as immutable (updateNodeData makes a new object), so a read can be
// reused for as long as the object lives: flow analysis re-reads every node on every change.
const reads = new WeakMap<object, NodeDraft>();

/** Migrates old versions, validates with core's schema, and falls back to a lenient read. */
export function readNodeData(raw: unknown): NodeDraft {
  if (typeof raw !== 'object' || raw === null) return readUncached(raw);
  let draft = reads.get(raw);
  if (!draft) {
    draft = readUncached(raw);
    reads.set(raw, draft);
  }
  return draft;
}

function readUncached(raw: unknown): NodeDraft {
  let migrated: unknown = raw;
  try {
    migrated = migrateSendSmsNodeData(raw);
  } catch (error) {
    if (!(error instanceof FlowSmsError)) throw error;
    const issue = { field: error.field ?? '', message: error.message };
    return { data: readLeniently(isRecord(raw) ? raw : {}), valid: false, issues: [issue] };
  }
  const parsed = sendSmsNodeDataSchema.safeParse(migrated);
  if (parsed.success) return { data: parsed.data, valid: true, issues: [] };
  return {
    data: readLeniently(isRecord(migrated) ? migrated : {}),
    valid: false,
    issues: describeZodIssues(parsed.error),
  };
}

/** The node's source handles for a consent mode (`declined` only when consent is asked for). */
export function branchesForMode(mode: Consent['mode']): SendSmsBranch[] {
  return branchesFor({ consent: { mode } as Consent });
}
