import {
  analyzeAndValidateFlow,
  analyzeFlow,
  FLOW_DIAGNOSTIC_CODES,
  type FlowDiagnostic,
  type FlowGraphInput,
  FlowSmsError,
  type SmsTemplate,
  type ValidateFlowContext,
  validateFlow,
} from '../../src/core';
import { buildFlow, stepCatalog } from './flow-fixtures';

const LIVE = '+14155550199';
const SANDBOX = '+14155550100';
const welcome: SmsTemplate = {
  id: 'welcome',
  title: 'Welcome',
  body: 'Hi {{caller.first_name}}, your code is {{code}}.',
  senders: { live: LIVE, sandbox: SANDBOX },
};
const liveOnly: SmsTemplate = { ...welcome, id: 'live-only', title: 'Live only', senders: { live: LIVE } };

const baseData = {
  message: { templateId: 'welcome' },
  inputs: {
    'caller.first_name': { kind: 'variable', path: 'caller.first_name' },
    code: { kind: 'fixed', value: '1234' },
  },
  consent: { mode: 'not-required', reason: 'The caller asked for the code' },
};
const CONNECTED = 'sms:sent->done sms:opted_out->done sms:failed->done';
const baseContext: ValidateFlowContext = {
  catalog: stepCatalog,
  templates: [welcome, liveOnly],
  environment: 'sandbox',
  senders: { live: LIVE, sandbox: SANDBOX },
};

interface Case {
  /** Replaces fields of the Send SMS node's data (undefined removes one). */
  data?: Record<string, unknown>;
  /** Extra edges, or a whole edge list when `edges` is given. */
  extraEdges?: string;
  edges?: string;
  context?: Partial<ValidateFlowContext>;
}

function run({ data = {}, extraEdges = '', edges, context = {} }: Case = {}): FlowDiagnostic[] {
  const smsData = Object.fromEntries(
    Object.entries({ ...baseData, ...data }).filter(([, value]) => value !== undefined),
  );
  const flow = buildFlow(edges ?? `start->collect collect->sms ${CONNECTED} ${extraEdges}`, {
    collect: {
      sets: ['caller.first_name', 'consent.sms', { path: 'caller.bio', maxLength: 2_000 }, 'notes'],
    },
    sms: { type: 'sendSms', data: smsData },
  });
  return validateFlow(flow, { ...baseContext, ...context });
}

/** The parts of a diagnostic a test pins down: severity, code and field. */
const brief = (diagnostics: FlowDiagnostic[]) =>
  diagnostics.map(({ severity, code, field }) =>
    field ? `${severity} ${code} ${field}` : `${severity} ${code}`,
  );

describe('validateFlow', () => {
  it('finds nothing wrong with a connected node whose inputs are all set upstream', () => {
    expect(run()).toEqual([]);
  });

  it.each<[string, Case, string[], RegExp?]>([
    // Node data the schema refuses, one diagnostic per field.
    [
      'consent left out',
      { data: { consent: undefined } },
      ['error invalid-node-data consent'],
      /^The field "Consent" is required\.$/,
    ],
    [
      'several invalid fields',
      { data: { consent: { mode: 'ask' }, to: { kind: 'fixed' } } },
      ['error invalid-node-data to.value', 'error invalid-node-data consent.question'],
      // Named as the inspector names them, not by their paths in the flow file.
      /^The field "Recipient" is required\.\nThe field "Consent question" is required\.$/,
    ],
    [
      'a message that is neither a template nor inline text',
      { data: { message: { text: 'hi' } } },
      ['error invalid-node-data message'],
      /must be \{ templateId \} \(a saved template\) or \{ body \} \(inline text\), not \{ text \}/,
    ],
    [
      'a schema version from the future',
      { data: { version: 7 } },
      ['error invalid-node-data version'],
      /version 7/,
    ],
    // Templates.
    [
      'a template that does not exist',
      { data: { message: { templateId: 'gone' } } },
      ['error unknown-template message.templateId'],
      /Template "gone" does not exist/,
    ],
    [
      // The executor reads the variable of the same name for an input left unmapped.
      'an unmapped input named after a variable a step before sets',
      { data: { message: { body: 'Hi {{caller.first_name}}' }, inputs: {} } },
      [],
    ],
    [
      'a syntax error in inline text',
      { data: { message: { body: 'Hi {{caller.first_name' }, inputs: {} } },
      ['error template-syntax message.body'],
      /syntax error at character 4/,
    ],
    [
      'a syntax error after emoji, counted as the preview counts characters',
      { data: { message: { body: 'Hi 👋🏽 🇬🇧 {{caller.first_name' }, inputs: {} } },
      ['error template-syntax message.body'],
      /syntax error at character 8:/,
    ],
    [
      'a syntax error on a later line, by line and character',
      { data: { message: { body: 'Hello!\r\nSee you soon.\nBye {{}}' }, inputs: {} } },
      ['error template-syntax message.body'],
      /syntax error on line 3, character 5:/,
    ],
    // Inputs.
    [
      'an unmapped <NAME>, as in "Reply <STOP> to opt out", says how to write it as text',
      { data: { message: { body: 'Reply <STOP> to opt out' }, inputs: {} } },
      ['error input-not-mapped inputs.STOP'],
      /^Input "STOP" has no value: map it to a variable or a fixed value\. If <STOP> is meant as text, not an input, write \\<STOP>\.$/,
    ],
    [
      'an unmapped dollar token likewise',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a message body; ${total} is a token syntax
      { data: { message: { body: 'Total: ${total}' }, inputs: {} } },
      ['error input-not-mapped inputs.total'],
      /If \$\{total\} is meant as text, not an input, write \\\$\{total\}\.$/,
    ],
    [
      'a template input with no mapping',
      { data: { inputs: { 'caller.first_name': baseData.inputs['caller.first_name'] } } },
      ['error input-not-mapped inputs.code'],
      /Input "code" has no value/,
    ],
    [
      'an unmapped input whose token has a fallback',
      { data: { message: { body: 'Hi {{name | "there"}}' }, inputs: {} } },
      ['warning input-not-mapped inputs.name'],
      /always shows its fallback "there"/,
    ],
    [
      'an input given an empty fixed value (the executor would fail it as missing)',
      { data: { inputs: { ...baseData.inputs, code: { kind: 'fixed', value: '   ' } } } },
      ['error input-fixed-empty inputs.code'],
      /Input "code" has an empty fixed value.*type the value, or map it to a variable/,
    ],
    [
      'an empty fixed value whose token has a fallback',
      {
        data: { message: { body: 'Hi {{name | "there"}}' }, inputs: { name: { kind: 'fixed', value: '' } } },
      },
      ['warning input-fixed-empty inputs.name'],
      /always shows its fallback "there"/,
    ],
    [
      'an input whose only fallback is blank, mapped to a variable nothing sets',
      {
        data: {
          inputs: { ...baseData.inputs, code: { kind: 'variable', path: 'order.code', fallback: ' ' } },
        },
      },
      ['error input-variable-unset inputs.code'],
      /order\.code, which no step before this node sets: map it/,
    ],
    [
      'an input mapped to a variable nothing sets',
      { data: { inputs: { ...baseData.inputs, code: { kind: 'variable', path: 'order.code' } } } },
      ['error input-variable-unset inputs.code'],
      /order\.code, which no step before this node sets/,
    ],
    [
      'the same, with a fallback',
      {
        data: {
          inputs: { ...baseData.inputs, code: { kind: 'variable', path: 'order.code', fallback: '0000' } },
        },
      },
      ['warning input-variable-unset inputs.code'],
      /fallback "0000"/,
    ],
    [
      'an input mapped to a variable one path skips',
      { extraEdges: 'start->sms' },
      ['error input-variable-some-paths inputs.caller.first_name'],
      /not set on every path/,
    ],
    [
      'the same, with a fallback in the template',
      {
        extraEdges: 'start->sms',
        data: {
          message: { body: 'Hi {{caller.first_name | "there"}}' },
          inputs: { 'caller.first_name': baseData.inputs['caller.first_name'] },
        },
      },
      ['warning input-variable-some-paths inputs.caller.first_name'],
    ],
    // Consent.
    [
      'a consent variable one path skips',
      {
        extraEdges: 'start->sms sms:declined->done',
        data: { consent: { mode: 'variable', path: 'consent.sms' } },
      },
      [
        'error input-variable-some-paths inputs.caller.first_name',
        'error consent-variable-unavailable consent.path',
      ],
      /Consent variable consent\.sms is not set on every path/,
    ],
    [
      'a consent variable nothing sets',
      { extraEdges: 'sms:declined->done', data: { consent: { mode: 'variable', path: 'consent.other' } } },
      ['error consent-variable-unavailable consent.path'],
      /not set by any step before this node/,
    ],
    // Recipient.
    [
      'an empty fixed recipient',
      { data: { to: { kind: 'fixed', value: ' ' } } },
      ['error recipient-missing to'],
      /There is no recipient/,
    ],
    [
      'a fixed recipient that is not E.164',
      { data: { to: { kind: 'fixed', value: '415 555 0123' } } },
      ['error recipient-invalid to.value'],
      /"415 555 0123" is not a phone number in E\.164 form/,
    ],
    [
      'a fixed recipient in E.164 with spaces around it, which the executor trims',
      { data: { to: { kind: 'fixed', value: ' +14155550123 ' } } },
      [],
    ],
    [
      'a fixed recipient in E.164 form that is no valid number (area code 123)',
      { data: { to: { kind: 'fixed', value: '+11234567890' } } },
      ['error recipient-invalid to.value'],
      /^Recipient "\+11234567890" is not a valid number for country code \+1: check the digits\.$/,
    ],
    [
      'a recipient fallback in E.164 form with too few digits for its country',
      { data: { to: { kind: 'variable', path: 'call.caller_number', fallback: '+4420794609' } } },
      ['error recipient-invalid to.fallback'],
      /^Recipient fallback "\+4420794609" has the wrong number of digits for country code \+44\.$/,
    ],
    [
      'a recipient variable nothing sets',
      { data: { to: { kind: 'variable', path: 'lead.phone' } } },
      ['error recipient-unavailable to.path'],
      /lead\.phone is not set by any step/,
    ],
    [
      'the same, with a fallback number',
      { data: { to: { kind: 'variable', path: 'lead.phone', fallback: '+14155550123' } } },
      ['warning recipient-unavailable to.path'],
      /goes to the fallback \+14155550123/,
    ],
    [
      'a recipient fallback that is not a phone number',
      { data: { to: { kind: 'variable', path: 'call.caller_number', fallback: 'front desk' } } },
      ['error recipient-invalid to.fallback'],
    ],
    [
      'an input named constructor, which the renderer never looks up',
      {
        data: {
          message: { body: 'Hi {{constructor}}' },
          inputs: { constructor: { kind: 'fixed', value: 'Ada' } },
        },
      },
      ['error input-reserved-name message.body'],
      /Input "constructor" uses "constructor", a name reserved by JavaScript.*\{\{constructor_name\}\}/,
    ],
    // Senders.
    [
      'a template without a sender for the environment',
      { data: { message: { templateId: 'live-only' } } },
      ['error no-sender message.templateId'],
      /Template "Live only" has no sandbox sender.*edit the template and fill in its "Sandbox sender"/,
    ],
    [
      'the same template in live',
      { data: { message: { templateId: 'live-only' } }, context: { environment: 'live' } },
      [],
    ],
    [
      'inline text without a default sender for the environment',
      {
        data: { message: { body: 'Your code is {{code}}' }, inputs: { code: { kind: 'fixed', value: '1' } } },
        context: { environment: 'pre-release' },
      },
      ['error no-sender message.body'],
      /no pre-release sender for inline messages.*the plugin's defaultSenders\.preRelease, saved in the flow file as senders\.preRelease/,
    ],
    [
      'inline text without any default senders',
      { data: { message: { body: 'Hello' }, inputs: {} }, context: { senders: undefined } },
      ['error no-sender message.body'],
    ],
    // Branches.
    [
      'an unconnected failed branch',
      { edges: 'start->collect collect->sms sms:sent->done sms:opted_out->done' },
      ['warning branch-unconnected branches.failed'],
      /"Failed" branch is not connected, so the flow ends here when the message cannot be sent/,
    ],
    [
      'an unconnected declined branch when consent is asked',
      { data: { consent: { mode: 'ask', question: 'May I text you the code?' } } },
      ['warning branch-unconnected branches.declined'],
      /"Declined" branch/,
    ],
    // Length.
    [
      'a fixed value that makes the message certainly too long',
      { data: { inputs: { ...baseData.inputs, code: { kind: 'fixed', value: 'x'.repeat(1_700) } } } },
      ['error message-too-long message.templateId'],
      /at least 1,7\d\d characters, over Twilio's limit of 1,600/,
    ],
    [
      'a variable whose declared length can push it over',
      { data: { inputs: { ...baseData.inputs, code: { kind: 'variable', path: 'caller.bio' } } } },
      ['warning message-too-long message.templateId'],
      /can render to 2,\d+ characters when caller\.bio is at the longest/,
    ],
    [
      'a variable of unknown length',
      { data: { inputs: { ...baseData.inputs, code: { kind: 'variable', path: 'notes' } } } },
      [],
    ],
    [
      'the opt-out footer tipping a message over',
      {
        data: {
          message: { body: `${'x'.repeat(492)}{{code}}` },
          inputs: { code: { kind: 'fixed', value: 'y'.repeat(1_085) } },
          optOutFooter: true,
        },
      },
      ['error message-too-long message.body'],
      /at least 1,604 characters/,
    ],
    [
      'the same message without the footer',
      {
        data: {
          message: { body: `${'x'.repeat(492)}{{code}}` },
          inputs: { code: { kind: 'fixed', value: 'y'.repeat(1_085) } },
        },
      },
      [],
    ],
    [
      'a message of emoji that Twilio counts as over its limit says why the count is higher',
      { data: { message: { body: '👨‍👩‍👧‍👦'.repeat(150) }, inputs: {} } },
      ['error message-too-long message.body'],
      /^The message renders to at least 1,650 characters \(Twilio counts each emoji as 2 characters or more\), over Twilio's limit of 1,600/,
    ],
    // Reachability.
    [
      'a flow without a start node whose first step is looped back to runs from that step',
      {
        edges: `collect->sms sms:sent->done sms:opted_out->done sms:failed->collect`,
        context: { startNodeType: 'entry' },
      },
      [],
    ],
    [
      'a node no start reaches',
      { edges: `start->collect ${CONNECTED}` },
      ['warning node-unreachable'],
      /No path from the start reaches this node/,
    ],
  ])('%s', (_name, testCase, expected, message) => {
    const diagnostics = run(testCase);
    expect(brief(diagnostics)).toEqual(expected);
    expect(diagnostics.every((d) => d.nodeId === 'sms')).toBe(true);
    if (message) expect(diagnostics.map((d) => d.message).join('\n')).toMatch(message);
  });

  it('does not warn about the declined branch when consent is not asked', () => {
    const diagnostics = run({
      edges: 'start->collect collect->sms sms:sent->done sms:opted_out->done sms:failed->done',
    });
    expect(diagnostics.filter((d) => d.field === 'branches.declined')).toEqual([]);
  });

  it('fits the opt-out footer when there is room for it', () => {
    const diagnostics = run({
      data: {
        message: { body: `${'x'.repeat(492)}{{code}}` },
        inputs: { code: { kind: 'fixed', value: 'y'.repeat(1_080) } },
        optOutFooter: true,
      },
    });
    expect(diagnostics).toEqual([]);
  });

  it('checks every Send SMS node and only those', () => {
    const flow = buildFlow('start->a a->sms1 a->sms2', {
      sms1: { type: 'sendSms', data: { ...baseData, message: { templateId: 'nope' } } },
      sms2: { type: 'sendSms', data: { message: { body: 'Hi' }, consent: { mode: 'ask', question: 'OK?' } } },
    });
    const diagnostics = validateFlow(flow, baseContext);
    expect(new Set(diagnostics.map((d) => d.nodeId))).toEqual(new Set(['sms1', 'sms2']));
    expect(diagnostics.find((d) => d.nodeId === 'sms1' && d.code === 'unknown-template')).toBeDefined();
    expect(brief(diagnostics.filter((d) => d.nodeId === 'sms2'))).toEqual([
      'warning branch-unconnected branches.sent',
      'warning branch-unconnected branches.declined',
      'warning branch-unconnected branches.opted_out',
      'warning branch-unconnected branches.failed',
    ]);
  });

  it('reads node data written by version 1 of the schema', () => {
    const flow = buildFlow(`start->sms ${CONNECTED}`, {
      sms: {
        type: 'sendSms',
        data: { version: 1, templateId: 'welcome', variables: { code: 'order.code' } },
      },
    });
    expect(brief(validateFlow(flow, baseContext))).toEqual([
      'error input-not-mapped inputs.caller.first_name',
      'error input-variable-unset inputs.code',
    ]);
  });

  it('uses only codes from FLOW_DIAGNOSTIC_CODES', () => {
    const everything = [
      run({ data: { consent: undefined } }),
      run({ data: { message: { templateId: 'gone' } } }),
      run({ edges: 'start->collect sms:sent->done', data: { to: { kind: 'fixed', value: '' } } }),
    ].flat();
    for (const diagnostic of everything) expect(FLOW_DIAGNOSTIC_CODES).toContain(diagnostic.code);
  });

  describe('refuses a bad context, naming the field', () => {
    it.each<[string, unknown, string]>([
      ['an unknown environment', { ...baseContext, environment: 'prod' }, 'environment'],
      [
        'a template with an invalid sender',
        { ...baseContext, templates: [{ ...welcome, senders: { live: '555' } }] },
        'templates.0.senders.live',
      ],
      ['two templates with one id', { ...baseContext, templates: [welcome, welcome] }, 'templates.1.id'],
      ['no catalog', { ...baseContext, catalog: undefined }, 'catalog'],
      ['an invalid default sender', { ...baseContext, senders: { sandbox: 'MG123' } }, 'senders.sandbox'],
    ])('%s', (_name, context, field) => {
      const call = () => validateFlow(buildFlow('start->a'), context as ValidateFlowContext);
      expect(call).toThrow(FlowSmsError);
      try {
        call();
      } catch (error) {
        expect((error as FlowSmsError).field).toBe(field);
        expect((error as FlowSmsError).message).toContain(field);
      }
    });
  });

  it('validates a 10,000-node flow of 5,000 Send SMS nodes', () => {
    const nodes: FlowGraphInput['nodes'] = [{ id: 'start', type: 'start', data: {} }];
    const edges: FlowGraphInput['edges'] = [];
    let previous = 'start';
    let previousHandle: string | null = null;
    for (let block = 0; block < 5_000; block++) {
      const collect = `collect${block}`;
      const sms = `sms${block}`;
      nodes.push(
        { id: collect, type: 'step', data: { sets: [`name${block}`] } },
        {
          id: sms,
          type: 'sendSms',
          data: {
            message: { body: `Hi {{name${block}}}, last status {{sms.status}}` },
            inputs: {
              [`name${block}`]: { kind: 'variable', path: `name${block}` },
              'sms.status': { kind: 'variable', path: 'sms.status', fallback: 'none' },
            },
            consent: { mode: 'not-required', reason: 'Transactional' },
          },
        },
      );
      edges.push(
        { id: `in${block}`, source: previous, target: collect, sourceHandle: previousHandle },
        { id: `c${block}`, source: collect, target: sms },
        { id: `f${block}`, source: sms, target: collect, sourceHandle: 'failed' },
      );
      previous = sms;
      previousHandle = 'sent';
    }
    const diagnostics = validateFlow({ nodes, edges }, baseContext);
    // Every node leaves `opted_out` open and the last also `sent`. A retry comes from the failed
    // branch, which clears sms.status, so every node may lack it: a warning, thanks to the fallback.
    // The first node has it on no path (nothing before it sent a message), the others on some.
    const counts = Object.fromEntries(
      FLOW_DIAGNOSTIC_CODES.map((code) => [code, diagnostics.filter((d) => d.code === code).length]),
    );
    expect(counts['branch-unconnected']).toBe(5_001);
    expect(diagnostics.filter((d) => d.code === 'input-variable-unset')).toEqual([
      expect.objectContaining({ nodeId: 'sms0', severity: 'warning', field: 'inputs.sms.status' }),
    ]);
    const someBranches = diagnostics.filter((d) => d.code === 'input-variable-some-paths');
    expect(someBranches).toHaveLength(4_999);
    expect(someBranches.every((d) => d.severity === 'warning' && d.field === 'inputs.sms.status')).toBe(true);
    expect(diagnostics).toHaveLength(5_001 + 5_000);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('validateFlow follows the branch a Send SMS node leaves by', () => {
  const asking = { ...baseData, consent: { mode: 'ask', question: 'May I text you the code?' } };
  const usesSid = {
    ...baseData,
    message: { body: 'Your reference is {{ref}}.' },
    inputs: { ref: { kind: 'variable', path: 'sms.sid' } },
  };
  const secondConnected = 'second:sent->done second:opted_out->done second:failed->done';

  it('reports an input mapped to sms.sid after the declined branch, where no message was sent', () => {
    const flow = buildFlow(`start->first first:declined->second ${secondConnected}`, {
      first: { type: 'sendSms', data: asking },
      second: { type: 'sendSms', data: usesSid },
    });
    const diagnostics = validateFlow(flow, baseContext).filter((d) => d.nodeId === 'second');
    expect(brief(diagnostics)).toEqual(['error input-variable-unset inputs.ref']);
    expect(diagnostics[0]?.message).toMatch(
      /sms\.sid, which only the sent branch of a Send SMS node sets, and no path to this node comes from one/,
    );
  });

  it('reports it on some paths when the sent branch leads there too', () => {
    const flow = buildFlow(`start->first first:sent->second first:declined->second ${secondConnected}`, {
      first: { type: 'sendSms', data: asking },
      second: { type: 'sendSms', data: usesSid },
    });
    const diagnostics = validateFlow(flow, baseContext).filter((d) => d.nodeId === 'second');
    expect(brief(diagnostics)).toEqual(['error input-variable-some-paths inputs.ref']);
    expect(diagnostics[0]?.message).toMatch(/and not every path to this node comes from one/);
  });

  it('warns that a node reached only through a branch its parent cannot take never runs', () => {
    // first does not ask for consent, so it has no declined branch.
    const flow = buildFlow(`start->first first:declined->second first:sent->done ${secondConnected}`, {
      first: { type: 'sendSms', data: baseData },
      second: { type: 'sendSms', data: { ...baseData, message: { body: 'Hi' }, inputs: {} } },
    });
    const diagnostics = validateFlow(flow, baseContext).filter((d) => d.nodeId === 'second');
    expect(brief(diagnostics)).toEqual(['warning node-unreachable']);
  });
});

describe('analyzeAndValidateFlow', () => {
  const flow = buildFlow(`start->collect collect->sms ${CONNECTED} start->sms2 sms2:sent->collect`, {
    collect: { sets: ['caller.first_name', 'consent.sms'] },
    sms: { type: 'sendSms', data: { ...baseData, to: { kind: 'variable', path: 'crm.phone' } } },
    sms2: { type: 'sendSms', data: { ...baseData, message: { templateId: 'nope' } } },
  });

  it('returns the diagnostics validateFlow gives', () => {
    const { diagnostics } = analyzeAndValidateFlow(flow, baseContext);
    expect(diagnostics).toEqual(validateFlow(flow, baseContext));
    expect(brief(diagnostics)).toContain('error recipient-unavailable to.path');
    expect(brief(diagnostics)).toContain('error unknown-template message.templateId');
  });

  it("returns the analysis analyzeFlow gives, for the context's catalog and start type", () => {
    const { analysis } = analyzeAndValidateFlow(flow, { ...baseContext, startNodeType: 'start' });
    const alone = analyzeFlow(flow, stepCatalog);
    expect(analysis.sendSmsNodeIds).toEqual(['sms', 'sms2']);
    for (const id of ['start', 'collect', 'sms', 'sms2', 'done']) {
      expect(analysis.isReachable(id)).toBe(alone.isReachable(id));
      expect(analysis.variablesAt(id)).toEqual(alone.variablesAt(id));
      for (const path of ['caller.first_name', 'consent.sms', 'sms.sid', 'crm.phone']) {
        expect([id, path, analysis.availability(id, path)]).toEqual([id, path, alone.availability(id, path)]);
      }
    }
    expect(analysis.availability('sms', 'sms.sid')).toBe('some-paths');
    expect(analysis.availability('done', 'caller.first_name')).toBe('always');
  });

  it('refuses a bad context the way validateFlow does', () => {
    expect(() => analyzeAndValidateFlow(flow, { ...baseContext, environment: 'prod' as never })).toThrow(
      /environment/,
    );
  });
});
