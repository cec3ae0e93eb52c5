// Writes plugin-manifest.json from the code that defines the node, so the file a host reads
// without running our code can never describe a different node than the one we ship.
// `npm run manifest` regenerates it; test/core/manifest.test.ts fails when it is stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CONSENT_MODES, type Consent } from '../src/core/schemas/consent';
import { type PluginManifest, pluginManifestSchema } from '../src/core/schemas/manifest';
import {
  asksForConsent,
  BRANCH_LABELS,
  SEND_SMS_BRANCHES,
  SEND_SMS_INPUT_HANDLE,
  SEND_SMS_NODE_TYPE,
  sendSmsNodeDataSchema,
} from '../src/core/schemas/send-sms-node';

export const MANIFEST_URL = new URL('../plugin-manifest.json', import.meta.url);
const PACKAGE_URL = new URL('../package.json', import.meta.url);

/** The consent modes that give the node a `declined` branch, as the condition a host shows. */
function declinedCondition(): string {
  const modes = CONSENT_MODES.filter((mode) => asksForConsent({ consent: { mode } as Consent }));
  return `consent.mode in [${modes.map((mode) => `'${mode}'`).join(', ')}]`;
}

const credentials: PluginManifest['credentials'] = [
  {
    name: 'TWILIO_ACCOUNT_SID',
    description:
      'Twilio Account SID (AC...). Needed with either TWILIO_AUTH_TOKEN or TWILIO_API_KEY + TWILIO_API_SECRET to send real messages; without Twilio credentials the executor uses its built-in sandbox.',
    required: false,
    secret: false,
  },
  {
    name: 'TWILIO_AUTH_TOKEN',
    description:
      'Twilio Auth Token. Use it with TWILIO_ACCOUNT_SID, or use an API key pair instead. Also verifies the signature of incoming Twilio webhooks.',
    required: false,
    secret: true,
  },
  {
    name: 'TWILIO_API_KEY',
    description:
      'Twilio API Key SID (SK...). An alternative to the Auth Token: set it with TWILIO_API_SECRET and TWILIO_ACCOUNT_SID.',
    required: false,
    secret: false,
  },
  {
    name: 'TWILIO_API_SECRET',
    description: 'The secret of TWILIO_API_KEY. Needed whenever TWILIO_API_KEY is set.',
    required: false,
    secret: true,
  },
  {
    name: 'FLOW_SMS_PUBLIC_URL',
    description:
      'The public https URL where Twilio reaches the executor, used for inbound-message webhooks (STOP/START/HELP, SMS replies) and delivery status callbacks. Not needed in the sandbox.',
    required: false,
    secret: false,
  },
];

/** The manifest for the package as it is now; validated, so a bad edit here fails loudly. */
export function buildManifest(): PluginManifest {
  const pkg = JSON.parse(readFileSync(PACKAGE_URL, 'utf8')) as { version: string; description?: string };
  return pluginManifestSchema.parse({
    id: 'flow-sms',
    name: 'Flow SMS',
    version: pkg.version,
    description: pkg.description,
    entries: {
      core: 'flow-sms/core',
      editor: 'flow-sms/editor',
      executor: 'flow-sms/executor',
      plugin: 'flow-sms/plugin',
    },
    nodeTypes: [
      {
        type: SEND_SMS_NODE_TYPE,
        label: 'Send SMS',
        category: 'Messaging',
        description:
          'Sends a text message from a template or inline text, after checking consent, and continues on the branch that matches the outcome.',
        inputs: [{ id: SEND_SMS_INPUT_HANDLE, label: 'In' }],
        outputs: SEND_SMS_BRANCHES.map((branch) => ({
          id: branch,
          label: BRANCH_LABELS[branch],
          ...(branch === 'declined' ? { when: declinedCondition() } : {}),
        })),
        configSchema: z.toJSONSchema(sendSmsNodeDataSchema, { io: 'input' }),
      },
    ],
    credentials,
  });
}

export const STALE_MANIFEST_MESSAGE = 'plugin-manifest.json is out of date: run npm run manifest';

/**
 * Why a manifest read from disk cannot be shipped, or undefined when it is current. Compared as
 * data, not text: the file's layout belongs to the formatter.
 */
export function manifestProblem(onDisk: unknown): string | undefined {
  const parsed = pluginManifestSchema.safeParse(onDisk);
  if (!parsed.success)
    return `plugin-manifest.json is invalid (${parsed.error.issues[0]?.message}): run npm run manifest`;
  return JSON.stringify(parsed.data) === JSON.stringify(buildManifest()) ? undefined : STALE_MANIFEST_MESSAGE;
}

export function serializeManifest(manifest: PluginManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = fileURLToPath(MANIFEST_URL);
  writeFileSync(path, serializeManifest(buildManifest()));
  // The test compares content, not layout; formatting keeps `biome check .` quiet about the file.
  execFileSync('npx', ['biome', 'format', '--write', path], { stdio: 'ignore' });
  console.log(`wrote ${path}`);
}
