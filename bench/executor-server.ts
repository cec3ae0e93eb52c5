// The Twilio-compatible server both sides of the executor benchmark talk to: the flow-sms sandbox
// over real HTTP on 127.0.0.1, in its own process as Twilio would be. Prints one JSON line with the
// URL and credentials, then serves until its parent closes stdin.
import { createSandbox, startSandboxServer } from '../src/executor/sandbox';

const sandbox = createSandbox({ seed: 1 });
const server = await startSandboxServer(sandbox, { host: '127.0.0.1' });
process.stdout.write(
  `${JSON.stringify({ url: server.url, accountSid: sandbox.accountSid, authToken: sandbox.authToken })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
