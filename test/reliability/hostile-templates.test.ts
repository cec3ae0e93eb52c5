// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are message bodies; ${name} is a token syntax under test
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core/errors';
import { renderTemplate } from '../../src/core/template';
import { createSendSmsExecutor, type SendSmsExecutor } from '../../src/executor/executor';
import {
  createSandbox,
  type SandboxServer,
  startSandboxServer,
  type TwilioSandbox,
} from '../../src/executor/sandbox';
import { type FlowSmsStore, openStore } from '../../src/executor/store';
import { createTwilioTransport } from '../../src/executor/twilio';
import { reportFigure } from './support/figures';
import { findRegexes } from './support/regex-literals';

const KB100 = 100 * 1024;
const SENDER = '+14155550100';
const RECIPIENT = '+14155550123';

let sandbox: TwilioSandbox;
let server: SandboxServer;
let store: FlowSmsStore;
let executor: SendSmsExecutor;
const prototypeBefore = {
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  func: Object.getOwnPropertyNames(Function.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  globals: Object.getOwnPropertyNames(globalThis).sort(),
};

beforeAll(async () => {
  sandbox = createSandbox();
  server = await startSandboxServer(sandbox);
  store = openStore({ path: ':memory:' });
  executor = createSendSmsExecutor({
    store,
    transport: createTwilioTransport({
      credentials: sandbox.credentials(),
      baseUrl: server.url,
      kind: 'sandbox',
    }),
    environment: 'sandbox',
    defaultSenders: { sandbox: SENDER },
  });
});
afterAll(async () => {
  store?.close();
  await server?.close();
  sandbox?.close();
});

// Values a hostile caller (or a compromised upstream system) can put in the run's variables.
const hostileVariables = () =>
  JSON.parse(`{
    "__proto__": { "polluted": "yes", "name": "from the prototype" },
    "constructor": { "prototype": { "polluted": "yes" }, "constructor": "Function" },
    "secret": "LEAKED",
    "name": "Ada",
    "nested": { "__proto__": { "polluted": "yes" } }
  }`) as Record<string, unknown>;

type Expectation = { sent: string } | { rejected: RegExp };
const cases: Array<[string, string, Record<string, string>, Expectation]> = [
  ['{{__proto__}} never resolves', 'Hi {{__proto__}}', {}, { rejected: /__proto__/ }],
  [
    '{{__proto__.polluted}} never resolves',
    'Hi {{__proto__.polluted}}',
    {},
    { rejected: /__proto__\.polluted/ },
  ],
  [
    '{{constructor.constructor}} never resolves',
    '{{constructor.constructor}}',
    {},
    { rejected: /constructor/ },
  ],
  [
    '{{nested.__proto__.polluted}} never resolves',
    '{{nested.__proto__.polluted}}',
    {},
    { rejected: /nested/ },
  ],
  [
    '<%= %> is plain text',
    'Total: <%= 7*7 %> <%- process.exit(1) %>',
    {},
    { sent: 'Total: <%= 7*7 %> <%- process.exit(1) %>' },
  ],
  ['${} nesting renders only the real token', 'Hello ${${name}}', {}, { sent: 'Hello ${Ada}' }],
  [
    '${} with an expression is plain text',
    'Sum ${1+1} ${name.toUpperCase()}',
    {},
    { sent: 'Sum ${1+1} ${name.toUpperCase()}' },
  ],
  [
    'a token inside a value is not expanded again',
    'Hi {{who}}',
    { who: '{{secret}}' },
    { sent: 'Hi {{secret}}' },
  ],
  [
    'a ${} inside a value is not expanded',
    'Hi {{who}}',
    { who: '${secret} <secret> {{entity:secret}}' },
    { sent: 'Hi ${secret} <secret> {{entity:secret}}' },
  ],
  ['an EJS tag inside a value is text', 'Hi {{who}}', { who: '<%= secret %>' }, { sent: 'Hi <%= secret %>' }],
  [
    'code inside a value is text',
    'Hi {{who}}',
    { who: '{{constructor.constructor("return process")()}}' },
    { sent: 'Hi {{constructor.constructor("return process")()}}' },
  ],
  [
    'markup inside a value is text',
    'Hi {{who}}',
    { who: '<img src=x onerror=alert(1)> javascript:alert(1)' },
    { sent: 'Hi <img src=x onerror=alert(1)> javascript:alert(1)' },
  ],
  [
    'TwiML inside a value is text',
    'Hi {{who}}',
    { who: '</Message><Message to="+15005550006">pwned</Message>' },
    { sent: 'Hi </Message><Message to="+15005550006">pwned</Message>' },
  ],
  [
    'a 100 KB value is refused for length, not truncated',
    'Hi {{who}}',
    { who: 'x'.repeat(KB100) },
    { rejected: /1600/ },
  ],
  [
    '100 KB of token openers in a value is refused for length',
    'Hi {{who}}',
    { who: '{{'.repeat(KB100 / 2) },
    { rejected: /1600/ },
  ],
];

describe('hostile templates and values through the executor', () => {
  it.each(cases)('%s', async (_label, body, fixed, expectation) => {
    const runId = `hostile-${_label}`;
    const inputs = Object.fromEntries(
      Object.entries(fixed).map(([name, value]) => [name, { kind: 'fixed', value }]),
    );
    const before = sandbox.received().length;
    const result = await executor.execute(
      {
        message: { body },
        inputs,
        to: { kind: 'fixed', value: RECIPIENT },
        consent: { mode: 'not-required', reason: 'hostile input test' },
      },
      { runId, nodeId: 'sms', variables: hostileVariables() },
    );
    const sent = sandbox.received().slice(before);
    if ('sent' in expectation) {
      expect(result.branch).toBe('sent');
      expect(sent.map((m) => m.body)).toEqual([expectation.sent]);
    } else {
      expect(result.branch).toBe('failed');
      expect(result.error?.message).toMatch(expectation.rejected);
      expect(sent).toEqual([]);
    }
  });

  it('a 100 KB inline body is refused before anything is logged or sent, naming the field', async () => {
    const before = sandbox.received().length;
    const run = executor.execute(
      {
        message: { body: `{{name}} ${'${'.repeat(KB100 / 2)}` },
        to: { kind: 'fixed', value: RECIPIENT },
        consent: { mode: 'not-required', reason: 'hostile input test' },
      },
      { runId: 'hostile-100kb-body', nodeId: 'sms', variables: hostileVariables() },
    );
    await expect(run).rejects.toThrow(FlowSmsError);
    await expect(run).rejects.toThrow(/message\.body.*500/s);
    expect(sandbox.received().length).toBe(before);
    expect(store.messageByKey(JSON.stringify(['hostile-100kb-body', 'sms', RECIPIENT]))).toBeNull();
  });

  it('100 KB pathological bodies render in core without throwing, as written', () => {
    for (const body of [
      '{{'.repeat(KB100 / 2),
      '${'.repeat(KB100 / 2),
      `<${'a.'.repeat(KB100 / 2)}`,
      '<%='.repeat(KB100 / 3),
    ]) {
      const { text } = renderTemplate(body, hostileVariables(), { onMissing: 'keep' });
      expect(text).toBe(body);
    }
  });

  afterAll(() => {
    // Nothing above reached a prototype or created a global.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore.object);
    expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(prototypeBefore.func);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(prototypeBefore.array);
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(prototypeBefore.globals);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('regular expressions in src/core', () => {
  it('every one is linear (no ReDoS), as the recheck checker proves', async () => {
    // The pure-JS backend: no Java, no native binary.
    process.env.RECHECK_BACKEND = 'pure';
    const { check } = await import('recheck');
    const { found, dynamic } = findRegexes('src/core');
    // A pattern built at run time cannot be checked here; core has none and must keep it that way.
    expect(dynamic).toEqual([]);
    expect(found.length).toBeGreaterThan(10);
    const notSafe: string[] = [];
    const started = Date.now();
    for (const regex of found) {
      const diagnostics = await check(regex.source, regex.flags, { timeout: 30_000 });
      if (diagnostics.status !== 'safe') {
        const attack = diagnostics.status === 'vulnerable' ? ` attack: ${diagnostics.attack.pattern}` : '';
        notSafe.push(
          `${regex.file}:${regex.line} /${regex.source}/${regex.flags} is ${diagnostics.status}${attack}`,
        );
      }
    }
    expect(notSafe).toEqual([]);
    reportFigure('redos-core', {
      regexes: found.length,
      safe: found.length - notSafe.length,
      seconds: Math.round((Date.now() - started) / 1000),
    });
  });
});
