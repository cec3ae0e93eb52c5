import { FlowSmsError } from '../../core/errors';
import { HELP } from './help';
import { CliError, type CliIo, EXIT_BAD_INPUT, EXIT_OK, EXIT_SEND_FAILED } from './io';

// Loaded on demand: `flow-sms --help` should not wait for the Twilio SDK and SQLite to load.
const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  run: async (args, io) => (await import('./commands/run')).runCommand(args, io),
  inbound: async (args, io) => (await import('./commands/inbound')).inboundCommand(args, io),
  serve: async (args, io) => (await import('./commands/serve')).serveCommand(args, io),
  log: async (args, io) => (await import('./commands/log')).logCommand(args, io),
};

/** Runs `flow-sms <command> ...` and resolves to the exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(HELP.general);
    return command === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!handler) {
    io.stderr(
      `flow-sms: unknown command ${JSON.stringify(command)}. Commands: ${Object.keys(COMMANDS).join(', ')}. See flow-sms --help.\n`,
    );
    return EXIT_BAD_INPUT;
  }
  try {
    return await handler(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof FlowSmsError) {
      io.stderr(`flow-sms ${command}: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(
      `flow-sms ${command} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_SEND_FAILED;
  }
}
