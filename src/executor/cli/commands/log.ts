import { existsSync } from 'node:fs';
import { ENVIRONMENTS } from '../../../core/environments';
import { type MessageRecord, resolveDatabasePath } from '../../store';
import { choiceFlag, integerFlag, parseCommandArgs } from '../args';
import { HELP } from '../help';
import { type CliIo, EXIT_OK } from '../io';
import { openCliStore } from '../runtime';

const OPTIONS = {
  limit: { type: 'string' },
  env: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function logCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('log', args, OPTIONS, { min: 0, max: 0, names: '' });
  if (values.help) {
    io.stdout(HELP.log);
    return EXIT_OK;
  }
  const limit = integerFlag('limit', values.limit, 20, 1, 10_000);
  const environment =
    values.env === undefined ? undefined : choiceFlag('env', values.env, ENVIRONMENTS, 'sandbox');
  // Reading the log must not create a store: a mistyped --data-dir (or the wrong working directory)
  // would otherwise look like a store where nothing was ever sent.
  const path = resolveDatabasePath({
    cwd: io.cwd,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  if (!existsSync(path)) {
    io.stdout(
      `No messages yet: there is no flow-sms store at ${path}. Nothing has run with this data directory; check --data-dir and the directory you run flow-sms in, or run a flow with: flow-sms run FLOW.json\n`,
    );
    return EXIT_OK;
  }
  const store = openCliStore(io, values['data-dir']);
  let messages: MessageRecord[];
  try {
    messages = store.recentMessages(limit, environment ? { environment } : {});
  } finally {
    store.close();
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(messages, null, 2)}\n`);
    return EXIT_OK;
  }
  if (messages.length === 0) {
    io.stdout('No messages yet. Run a flow with: flow-sms run FLOW.json\n');
    return EXIT_OK;
  }
  io.stdout(`${messages.map(formatMessage).join('\n')}\n`);
  return EXIT_OK;
}

function formatMessage(m: MessageRecord): string {
  const when = m.createdAt.toISOString().replace('T', ' ').slice(0, 19);
  const kind = m.purpose === 'consent-question' ? ' (consent question)' : '';
  const head = `${when}  ${m.environment.padEnd(11)} ${(m.outcome ?? 'pending').padEnd(9)} ${m.status.padEnd(11)} ${m.from ?? '?'} -> ${m.to ?? m.recipientInput ?? '?'}${kind}`;
  const lines = [
    head,
    `    run ${m.runId} node ${m.nodeId}${m.sid ? `  ${m.sid}` : ''}${m.segments ? `  ${m.segments} seg` : ''}`,
  ];
  if (m.body)
    lines.push(`    ${JSON.stringify(m.body.length > 120 ? `${m.body.slice(0, 117)}...` : m.body)}`);
  if (m.error) lines.push(`    error ${m.error.code}: ${m.error.message}`);
  return lines.join('\n');
}
