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

/** What a zod type is called in a message: `a list`, `an object`, `a whole number`. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'an object',
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
};

/** A size limit in words: `at most 100 characters`, `at least 1 item`. */
function sizeLimit(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, bound: number): string {
  const exact = issue.inclusive === false ? (issue.code === 'too_big' ? bound - 1 : bound + 1) : bound;
  const limit = `${issue.code === 'too_big' ? 'at most' : 'at least'} ${exact}`;
  if (issue.origin === 'string') return `${limit} character${exact === 1 ? '' : 's'}`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${limit} item${exact === 1 ? '' : 's'}`;
  return limit;
}

function readableMessage(issue: z.core.$ZodIssue): string {
  // A schema's own message is kept; zod's defaults ("Invalid input: ...", "Too big: ...") are reworded.
  if (!/^(?:Invalid |Too big:|Too small:|Unrecognized key)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`;
      if (/received undefined$/.test(issue.message)) {
        // With no field to name, "is required" would not say what is missing: the whole value is.
        return issue.path.length === 0 ? `nothing was given (undefined): pass ${expected}` : 'is required';
      }
      const received = /received (\w+)$/.exec(issue.message)?.[1];
      // A fraction is a number too: "must be a whole number (got number)" would say nothing.
      if (!received || issue.expected === 'int') return `must be ${expected}`;
      return `must be ${expected} (got ${received === 'array' ? 'a list' : received})`;
    }
    case 'too_big':
      return `must be ${sizeLimit(issue, Number(issue.maximum))}`;
    case 'too_small':
      return `must be ${sizeLimit(issue, Number(issue.minimum))}`;
    case 'unrecognized_keys': {
      const one = issue.keys.length === 1;
      return `has ${one ? 'a field' : 'fields'} it does not take: ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} (check the spelling, or remove ${one ? 'it' : 'them'})`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default: {
      const options = /^Invalid discriminator value\. Expected (.+)$/.exec(issue.message)?.[1];
      return options ? `must be one of ${options.split(' | ').join(', ')}` : issue.message;
    }
  }
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
