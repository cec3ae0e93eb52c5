import { readFileSync } from 'node:fs';
import {
  buildManifest,
  MANIFEST_URL,
  manifestProblem,
  STALE_MANIFEST_MESSAGE,
} from '../../scripts/write-manifest';
import { pluginManifestSchema } from '../../src/core/schemas/manifest';
import { sendSmsNodeDataSchema } from '../../src/core/schemas/send-sms-node';

const onDisk = JSON.parse(readFileSync(MANIFEST_URL, 'utf8')) as unknown;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('plugin-manifest.json', () => {
  it('is valid against pluginManifestSchema', () => {
    expect(pluginManifestSchema.safeParse(onDisk).success).toBe(true);
  });

  it('matches what the code defines', () => {
    const problem = manifestProblem(onDisk);
    if (problem) throw new Error(problem);
  });

  it('carries the package version and the four entries', () => {
    const manifest = pluginManifestSchema.parse(onDisk);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.entries).toEqual({
      core: 'flow-sms/core',
      editor: 'flow-sms/editor',
      executor: 'flow-sms/executor',
      plugin: 'flow-sms/plugin',
    });
  });

  it('describes the Send SMS node with its input, its four branches, and declined only when consent is asked', () => {
    const [node] = pluginManifestSchema.parse(onDisk).nodeTypes;
    expect(node).toMatchObject({ type: 'sendSms', label: 'Send SMS', category: 'Messaging' });
    expect(node?.inputs.map((port) => port.id)).toEqual(['in']);
    expect(node?.outputs.map((port) => [port.id, port.label])).toEqual([
      ['sent', 'Sent'],
      ['declined', 'Declined'],
      ['opted_out', 'Opted out'],
      ['failed', 'Failed'],
    ]);
    expect(node?.outputs.filter((port) => port.when).map((port) => port.id)).toEqual(['declined']);
    expect(node?.outputs.find((port) => port.id === 'declined')?.when).not.toContain('not-required');
  });

  it('has a config schema that needs only message and consent, like a hand-written node', () => {
    const [node] = pluginManifestSchema.parse(onDisk).nodeTypes;
    expect(node?.configSchema.required).toEqual(['message', 'consent']);
    // The JSON Schema and zod must agree on a minimal hand-written configuration.
    const minimal = {
      message: { templateId: 'welcome' },
      consent: { mode: 'not-required', reason: 'asked' },
    };
    expect(sendSmsNodeDataSchema.safeParse(minimal).success).toBe(true);
  });

  it('names every Twilio credential and the public URL, none of them required (the sandbox needs none)', () => {
    const { credentials } = pluginManifestSchema.parse(onDisk);
    expect(credentials.map((c) => c.name)).toEqual([
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_API_KEY',
      'TWILIO_API_SECRET',
      'FLOW_SMS_PUBLIC_URL',
    ]);
    expect(credentials.every((c) => !c.required)).toBe(true);
    expect(credentials.filter((c) => c.secret).map((c) => c.name)).toEqual([
      'TWILIO_AUTH_TOKEN',
      'TWILIO_API_SECRET',
    ]);
  });

  it('reports drift between the file and the schema with the command that fixes it', () => {
    const drifted = structuredClone(buildManifest());
    const [node] = drifted.nodeTypes;
    if (node) node.configSchema = { ...node.configSchema, required: ['message'] };
    expect(manifestProblem(drifted)).toBe('plugin-manifest.json is out of date: run npm run manifest');
    expect(manifestProblem({ ...buildManifest(), version: '0.0.1' })).toBe(STALE_MANIFEST_MESSAGE);
    expect(manifestProblem({ id: 'flow-sms' })).toMatch(/invalid .*run npm run manifest/);
  });
});
