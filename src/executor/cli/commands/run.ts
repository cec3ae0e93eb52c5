import { ENVIRONMENTS, type Environment } from '../../../core/environments';
import { FlowSmsError } from '../../../core/errors';
import { type CountryCode, normalizePhoneNumber, parseCountryCode } from '../../../core/phone';
import {
  DEFAULT_MAX_STEPS,
  type FlowRunResult,
  prepareFlow,
  type RunnableFlow,
  runFlow,
} from '../../flow-runner';
import { choiceFlag, integerFlag, parseCommandArgs } from '../args';
import { readJsonFile } from '../files';
import { checkFlowBeforeRun, describe } from '../flow-check';
import { HELP } from '../help';
import { CliError, type CliIo, EXIT_BAD_INPUT, EXIT_OK, EXIT_SEND_FAILED } from '../io';
import { openRunRuntime } from '../runtime';
import { type ConsentNote, formatTrace } from '../trace';

const OPTIONS = {
  vars: { type: 'string' },
  env: { type: 'string' },
  caller: { type: 'string' },
  country: { type: 'string' },
  consent: { type: 'string' },
  'data-dir': { type: 'string' },
  'run-id': { type: 'string' },
  'max-steps': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Step errors that mean the flow itself needs fixing rather than a send having failed. */
const FLOW_PROBLEMS = new Set(['max_steps', 'ambiguous_branch']);

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, OPTIONS, {
    min: 0,
    max: 1,
    names: 'FLOW.json',
  });
  if (values.help) {
    io.stdout(HELP.run);
    return EXIT_OK;
  }
  const flowPath = positionals[0];
  if (!flowPath)
    throw new CliError('flow-sms run: missing FLOW.json, the flow file to run. See flow-sms run --help.');

  const raw = await readJsonFile(flowPath, io.cwd, 'flow file');
  const flow = checkFlow(raw, flowPath);
  const variables = values.vars ? await readVariables(values.vars, io) : {};
  const environment: Environment = choiceFlag(
    'env',
    values.env,
    ENVIRONMENTS,
    flow.file.environment ?? 'sandbox',
  );
  const consent = choiceFlag('consent', values.consent, ['yes', 'no'] as const, 'yes');
  const maxSteps = integerFlag('max-steps', values['max-steps'], DEFAULT_MAX_STEPS, 1, 100_000);
  const country = values.country === undefined ? undefined : checkCountry(values.country);
  const callerNumber = values.caller === undefined ? undefined : checkCaller(values.caller, country);
  const runId = values['run-id']?.trim();
  if (values['run-id'] !== undefined && !runId) throw new CliError('--run-id must not be empty');

  for (const warning of checkFlowBeforeRun(flow, flowPath, variables, environment)) {
    io.stderr(`warning: ${describe(flow, warning)}\n`);
  }

  const consents: ConsentNote[] = [];
  const runtime = openRunRuntime({
    io,
    flow: flow.file,
    environment,
    dataDir: values['data-dir'],
    consent,
    ...(country ? { defaultCountry: country } : {}),
    onConsent: (note) => consents.push(note),
  });
  let result: FlowRunResult;
  try {
    result = await runFlow(raw, {
      executor: runtime.executor,
      variables,
      maxSteps,
      ...(callerNumber ? { callerNumber } : {}),
      ...(runId ? { runId } : {}),
    });
    await runtime.settle();
    refreshStatuses(result, runtime.store);
  } catch (error) {
    if (error instanceof FlowSmsError) throw new CliError(`flow-sms run: ${error.message}`);
    throw error;
  } finally {
    runtime.close();
  }

  if (values.json) io.stdout(`${JSON.stringify({ runId: result.runId, steps: result.steps }, null, 2)}\n`);
  else io.stdout(formatTrace({ flowPath, environment, transport: runtime.transportKind }, result, consents));

  const problem = result.steps.find((step) => step.error && FLOW_PROBLEMS.has(step.error.code));
  if (problem?.error) {
    io.stderr(`flow-sms run: ${problem.error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  return result.steps.some((step) => step.branch === 'failed') ? EXIT_SEND_FAILED : EXIT_OK;
}

function checkFlow(raw: unknown, flowPath: string): RunnableFlow {
  try {
    return prepareFlow(raw);
  } catch (error) {
    if (error instanceof FlowSmsError) throw new CliError(`${flowPath}: ${error.message}`);
    throw error;
  }
}

function checkCountry(value: string): CountryCode {
  try {
    return parseCountryCode(value);
  } catch (error) {
    if (error instanceof FlowSmsError) throw new CliError(`--country: ${error.message}`);
    throw error;
  }
}

function checkCaller(value: string, country: CountryCode | undefined): string {
  try {
    return normalizePhoneNumber(value, country);
  } catch (error) {
    if (!(error instanceof FlowSmsError)) throw error;
    // Core's advice names a setting; on the command line that setting is --country.
    throw new CliError(
      `--caller: ${error.message.replace('choose a default country', 'pass --country (such as --country US)')}`,
    );
  }
}

async function readVariables(path: string, io: CliIo): Promise<Record<string, unknown>> {
  const value = await readJsonFile(path, io.cwd, 'variables file');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(
      `The variables file ${path} must hold a JSON object of variables, such as {"first_name": "Ana", "call": {"caller_number": "+14155550123"}}.`,
    );
  }
  return value as Record<string, unknown>;
}

/** Statuses as they stand after the sandbox (or Twilio's callbacks so far) moved them on. */
function refreshStatuses(
  result: FlowRunResult,
  store: { messageBySid(sid: string): { status: string } | null },
): void {
  for (const step of result.steps) {
    if (!step.message?.sid) continue;
    const latest = store.messageBySid(step.message.sid);
    if (latest) step.message.status = latest.status;
  }
}
