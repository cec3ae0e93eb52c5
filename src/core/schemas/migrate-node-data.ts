import { z } from 'zod';
import { FlowSmsError, parseOrThrow } from '../errors';
import { DEFAULT_CALL_QUESTION } from './consent';
import {
  CALLER_NUMBER_PATH,
  SEND_SMS_SCHEMA_VERSION,
  type SendSmsNodeData,
  sendSmsNodeDataSchema,
} from './send-sms-node';

/**
 * Version 1 of the node data, as the first prototype stored it: a flat shape where consent
 * was a boolean and every input was a variable path. Kept only to migrate old flows.
 */
const nodeDataV1Schema = z.object({
  version: z.literal(1),
  templateId: z.string().optional(),
  text: z.string().optional(),
  recipient: z.string().optional(),
  variables: z.record(z.string(), z.string()).default({}),
  requireConsent: z.boolean().default(false),
  consentQuestion: z.string().optional(),
});

function migrateV1(old: z.output<typeof nodeDataV1Schema>): unknown {
  return {
    version: 2,
    message: old.templateId ? { templateId: old.templateId } : { body: old.text ?? '' },
    to: { kind: 'variable', path: old.recipient ?? CALLER_NUMBER_PATH },
    inputs: Object.fromEntries(
      Object.entries(old.variables).map(([name, path]) => [name, { kind: 'variable', path }]),
    ),
    consent: old.requireConsent
      ? { mode: 'ask', question: old.consentQuestion ?? DEFAULT_CALL_QUESTION }
      : { mode: 'not-required', reason: 'Migrated from version 1, which did not record a reason' },
  };
}

/** Brings node data of any known version to the current one; unknown versions are refused. */
export function migrateSendSmsNodeData(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) {
    throw new FlowSmsError('invalid_input', 'Send SMS node data must be an object');
  }
  const version = (raw as { version?: unknown }).version;
  if (version === undefined || version === SEND_SMS_SCHEMA_VERSION) return raw;
  if (version === 1) return migrateV1(parseOrThrow(nodeDataV1Schema, raw, 'Send SMS node data (version 1)'));
  if (typeof version !== 'number') {
    throw new FlowSmsError(
      'invalid_input',
      `Send SMS node data has version ${JSON.stringify(version) ?? String(version)}, which is not a number: write version: ${SEND_SMS_SCHEMA_VERSION} (a number, no quotes), or leave it out`,
      'version',
    );
  }
  throw new FlowSmsError(
    'unsupported_version',
    `Send SMS node data has version ${String(version)}; this flow-sms understands versions 1 to ${SEND_SMS_SCHEMA_VERSION}`,
    'version',
  );
}

/** Migrates, validates and fills in defaults: the only way node data should enter the program. */
export function parseSendSmsNodeData(raw: unknown): SendSmsNodeData {
  return parseOrThrow(sendSmsNodeDataSchema, migrateSendSmsNodeData(raw), 'Send SMS node data');
}

/** Like `parseSendSmsNodeData`, but returns the issues instead of throwing (for the inspector). */
export function safeParseSendSmsNodeData(
  raw: unknown,
): { ok: true; data: SendSmsNodeData } | { ok: false; error: FlowSmsError } {
  try {
    return { ok: true, data: parseSendSmsNodeData(raw) };
  } catch (error) {
    if (error instanceof FlowSmsError) return { ok: false, error };
    throw error;
  }
}
