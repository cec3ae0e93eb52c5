import type { z } from 'zod';

/**
 * The one error type core throws. `field` names what to fix (a dotted path into the input),
 * `code` is stable for programs, `message` is written for the builder who has to fix it.
 */
export class FlowSmsError extends Error {
  override readonly name = 'FlowSmsError';
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface FieldIssue {
  /** Dotted path to the offending field, `''` for the whole value. */
  field: string;
  message: string;
}

/** Turns zod issues into `field: message` pairs a person can act on. */
export function describeZodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: readableMessage(issue),
  }));
}

function readableMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (/received undefined$/.test(issue.message)) return 'is required';
  return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`} (${issue.message.replace(/^Invalid input: /, '')})`;
}

export function formatIssues(issues: FieldIssue[], subject: string): string {
  const lines = issues.map((i) => (i.field ? `${i.field} ${i.message}` : i.message));
  return `Invalid ${subject}: ${lines.join('; ')}`;
}

/** Parses with a schema, or throws a FlowSmsError listing every field to fix. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = describeZodIssues(result.error);
  throw new FlowSmsError('invalid_input', formatIssues(issues, subject), issues[0]?.field, issues);
}
