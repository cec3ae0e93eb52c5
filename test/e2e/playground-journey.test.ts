import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { launchChromium } from './support/browser';
import {
  freshCallerNumber,
  type Playground,
  playground,
  screenshot,
  spokenText,
} from './support/playground-page';
import { type RunningPlayground, startBuiltPlayground } from './support/playground-server';

const STOP_REPLY =
  'You have been unsubscribed and will not receive further messages. Reply START to resubscribe.';

let server: RunningPlayground;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let ui: Playground;
/** Failed requests, console errors and uncaught exceptions seen by the current page. */
let pageProblems: string[];

beforeAll(async () => {
  server = await startBuiltPlayground();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page = await context.newPage();
  pageProblems = [];
  page.on('response', (response) => {
    if (response.status() >= 400) pageProblems.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  await page.goto(server.url);
  ui = playground(page);
  await ui.node('Start').waitFor();
});

/**
 * Retries an observation until it matches. Generous, because CI runs the other test projects on
 * the same two cores; a passing check returns as soon as it holds.
 */
const eventually = <T>(observe: () => Promise<T> | T) =>
  expect.poll(observe, { timeout: 15_000, interval: 100 });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;

/** Reads the step trace as "node name → branch" lines (an error, if any, follows the branch). */
async function traceLines(): Promise<string[]> {
  return (await ui.trace.getByRole('listitem').allInnerTexts()).map((line) => line.trim());
}

/** Types `text` into the phone's reply box and sends it, as the recipient would. */
async function replyFromPhone(text: string): Promise<void> {
  await ui.phone.getByRole('textbox', { name: 'Reply as the recipient' }).fill(text);
  await ui.phone.getByRole('button', { name: 'Send reply' }).click();
}

/** The recipient texts STOP; the next run of the flow must end on its Opted out branch. */
async function optOutThenRun(): Promise<void> {
  await replyFromPhone('STOP');
  await ui.conversation.getByText(STOP_REPLY).waitFor();
  await ui.phone.getByText('Opted out').waitFor();
  await ui.testRun.getByRole('button', { name: 'Run flow' }).click();
  await ui.trace.getByText('→ opted_out').waitFor();
}

/** Presses ArrowDown in an open completion list until `name` is the active option, then Enter. */
async function chooseCompletion(name: string) {
  const listbox = page.getByRole('listbox').filter({ has: page.getByRole('option', { name }) });
  await listbox.waitFor();
  const active = async () => (await listbox.getByRole('option', { selected: true }).textContent()) ?? '';
  const count = await listbox.getByRole('option').count();
  for (let step = 0; step < count && !(await active()).startsWith(name); step++) {
    const before = await active();
    // CodeMirror ignores list keys for a moment after the list opens; press again until it moves.
    await eventually(async () => {
      await page.keyboard.press('ArrowDown');
      return active();
    }).not.toBe(before);
  }
  expect(await active()).toMatch(new RegExp(`^${name}`));
  await page.keyboard.press('Enter');
}

describe('the playground in Chromium', () => {
  test('opens with the example flow, which has no problems and sends its reminder', async () => {
    for (const name of ['Start', 'Set variables', 'Send SMS', 'End: Sent', 'End: No SMS']) {
      await eventually(() => ui.node(name).isVisible()).toBe(true);
    }
    await eventually(ui.problemCounts).toBe('Problems 0 errors 0 warnings');
    // Nothing failed to load (the favicon included) and nothing threw.
    expect(pageProblems).toEqual([]);
    await screenshot(page, '01-example-flow');

    await ui.node('Send SMS').click();
    await eventually(() => ui.sms.getByRole('combobox', { name: 'Template' }).inputValue()).toBe(
      'Appointment reminder',
    );
    await ui.testRun.getByRole('textbox', { name: 'Caller number' }).fill(freshCallerNumber());
    await ui.testRun.getByRole('button', { name: 'Run flow' }).click();
    await ui.trace.waitFor();
    expect(await traceLines()).toEqual(['Start', 'Set variables', 'Send SMS → sent', 'End: Sent']);
    const reminder = 'Hi Ana, your appointment at Harbor Dental is on Tue 3 PM. Reply STOP to opt out.';
    await ui.conversation.getByText(reminder).waitFor();
    await replyFromPhone('STOP');
    await ui.conversation.getByText(STOP_REPLY).waitFor();
    await ui.conversation.getByText('delivered').first().waitFor();
    await screenshot(page, '00-overview');
    // The README's picture: refreshed on request only, so a test run never dirties the work tree.
    if (process.env.UPDATE_README_SCREENSHOT) {
      // Show the message preview (the inspector's most telling part) next to the phone.
      await ui.preview.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(process.cwd(), 'docs/playground.png') });
    }
  });

  test('a builder makes a flow, previews the message, runs it, replies STOP and reloads it', async () => {
    const callerNumber = freshCallerNumber();

    // 1. A new canvas, nodes dragged in from the palette, connected by dragging between handles.
    await ui.toolbar.getByRole('button', { name: 'New flow' }).click();
    await eventually(() => ui.edges.count()).toBe(0);
    await ui.palette
      .getByRole('button', { name: 'Add Set variables' })
      .dragTo(ui.canvas, { targetPosition: { x: 230, y: 130 } });
    await ui.palette
      .getByRole('button', { name: 'Add Send SMS' })
      .dragTo(ui.canvas, { targetPosition: { x: 430, y: 80 } });
    await ui.node('Send SMS').waitFor();
    await ui.palette
      .getByRole('button', { name: 'Add End' })
      .dragTo(ui.canvas, { targetPosition: { x: 720, y: 60 } });
    await ui.inspector.getByRole('textbox', { name: 'Label' }).fill('Sent');
    await ui.palette
      .getByRole('button', { name: 'Add End' })
      .dragTo(ui.canvas, { targetPosition: { x: 720, y: 330 } });
    await ui.inspector.getByRole('textbox', { name: 'Label' }).fill('Not sent');

    await ui
      .node('Start')
      .getByLabel('Start output')
      .dragTo(ui.node('Set variables').getByLabel('Set variables input'));
    await ui
      .node('Set variables')
      .getByLabel('Set variables output')
      .dragTo(ui.node('Send SMS').getByLabel('Send SMS input'));
    await ui.node('Send SMS').getByLabel('Sent branch').dragTo(ui.node('End: Sent').getByLabel('End input'));
    await eventually(() => ui.edges.count()).toBe(3);

    // The new Send SMS node has problems; choosing one in the Problems list selects the node.
    await page
      .getByRole('banner')
      .getByText(/^Problems/)
      .click();
    await page
      .getByRole('button', { name: /^error Send SMS: / })
      .first()
      .click();
    await ui.sms.waitFor();
    await page
      .getByRole('banner')
      .getByText(/^Problems/)
      .click();

    // The Set variables node gets a second variable through the host's own form.
    await ui.node('Set variables').click();
    const vars = ui.inspector.getByRole('region', { name: 'Set variables settings' });
    await vars.getByRole('button', { name: 'Add variable' }).click();
    const second = vars.getByRole('group', { name: 'Variable 2' });
    await second.getByRole('textbox', { name: 'Name' }).fill('clinic');
    await second.getByRole('textbox', { name: 'Value' }).fill('Harbor Dental');
    await eventually(() => ui.node('Set variables').textContent()).toContain('first_name, clinic');

    // 2. Template, then its text as an inline message, a variable from `{{`, and the input mapping.
    await ui.node('Send SMS').click();
    const template = ui.sms.getByRole('combobox', { name: 'Template' });
    await template.click();
    await ui.sms.getByRole('option', { name: /Appointment reminder/ }).click();
    await eventually(() => template.inputValue()).toBe('Appointment reminder');
    await eventually(() => ui.preview.textContent()).toContain('your appointment at');

    await template.click();
    await ui.sms.getByRole('option', { name: /Inline message/ }).click();
    const message = ui.sms.getByRole('textbox', { name: 'Message' });
    await eventually(() => message.textContent()).toContain('your appointment at {{clinic}}');
    await message.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' See you, {{');
    await chooseCompletion('first_name');
    await eventually(() => message.textContent()).toMatch(/See you, \{\{first_name\}\}$/);

    const mapping = ui.sms.getByRole('region', { name: 'Inputs' });
    const mapVariable = async (input: string, variable: string) => {
      const row = mapping.getByRole('group', { name: input });
      await row.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'Upstream variable' });
      await row.getByRole('combobox', { name: 'Variable' }).selectOption(variable);
    };
    await mapVariable('first_name', 'first_name');
    await mapVariable('clinic', 'clinic');
    const time = mapping.getByRole('group', { name: 'appointment_time' });
    await time.getByRole('combobox', { name: 'Source' }).selectOption({ label: 'Fixed value' });
    await time.getByRole('textbox', { name: /Value/ }).fill('Tue 3 PM');
    await eventually(() => mapping.textContent()).toContain('All 3 inputs are mapped.');
    // A token mapped to a fixed value is not "unknown" to the message editor any more.
    await eventually(() => ui.sms.getByRole('list', { name: 'Problems in the message' }).count()).toBe(0);

    // 3. The preview follows: GSM-7 in one segment, then UCS-2 in more once an emoji is pasted.
    const previewText =
      'Hi Ana, your appointment at Harbor Dental is on Tue 3 PM. Reply STOP to opt out. See you, Ana';
    await eventually(() => ui.preview.textContent()).toContain(previewText);
    await eventually(() => ui.preview.textContent()).toContain(
      `GSM-7 · 1 segment · ${previewText.length} characters`,
    );
    await screenshot(page, '02-message-preview-gsm7');

    await page.evaluate(() => navigator.clipboard.writeText(' 🎉'));
    await message.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+V');
    await eventually(() => message.textContent()).toMatch(/🎉$/);
    await eventually(() => spokenText(ui.preview)).toContain(`${previewText} 🎉`);
    await eventually(() => ui.preview.textContent()).toMatch(/UCS-2 · 2 segments · \d+ characters/);
    await screenshot(page, '03-message-preview-ucs2');

    // 4. Consent: without it there is no declined branch; asking the caller brings it back.
    const consent = ui.sms.getByRole('radiogroup', { name: 'Consent' });
    await consent.getByRole('radio', { name: 'Not required' }).check();
    await eventually(() => ui.node('Send SMS').getByLabel('Declined branch').count()).toBe(0);
    await consent.getByRole('radio', { name: 'Ask the caller' }).check();
    await ui
      .node('Send SMS')
      .getByLabel('Declined branch')
      .dragTo(ui.node('End: Not sent').getByLabel('End input'));
    await eventually(() => ui.edges.count()).toBe(4);
    // The other two branches are connected from the keyboard, through the Connections panel.
    const connections = ui.inspector.getByRole('region', { name: 'Connections' });
    await connections
      .getByRole('combobox', { name: 'Opted out goes to' })
      .selectOption({ label: 'End: Not sent' });
    await connections
      .getByRole('combobox', { name: 'Failed goes to' })
      .selectOption({ label: 'End: Not sent' });
    await eventually(() => ui.edges.count()).toBe(6);
    expect(
      (await ui.edges.evaluateAll((edges) => edges.map((edge) => edge.getAttribute('aria-label')))).sort(),
    ).toEqual([
      'From Send SMS (Declined) to End: Not sent',
      'From Send SMS (Failed) to End: Not sent',
      'From Send SMS (Opted out) to End: Not sent',
      'From Send SMS (Sent) to End: Sent',
      'From Set variables to Send SMS',
      'From Start to Set variables',
    ]);
    await eventually(ui.problemCounts).toBe('Problems 0 errors 0 warnings');
    await screenshot(page, '04-flow-connected');

    // 5. Test run: sent, the phone shows it; STOP gets the default reply; the next run is opted_out.
    await ui.testRun.getByRole('textbox', { name: 'Caller number' }).fill(callerNumber);
    await ui.testRun.getByRole('button', { name: 'Run flow' }).click();
    await ui.trace.waitFor();
    expect(await traceLines()).toEqual(['Start', 'Set variables', 'Send SMS → sent', 'End: Sent']);
    await ui.conversation.getByText(`${previewText} 🎉`).waitFor();
    await screenshot(page, '05-test-run-sent');

    await optOutThenRun();
    expect((await traceLines()).slice(2)).toEqual([
      expect.stringMatching(/^Send SMS → opted_out\s+\+1\d+ has opted out/),
      'End: Not sent',
    ]);
    await screenshot(page, '06-test-run-opted-out');

    // 6. Save, reload, load: the same nodes, edges and settings come back.
    const downloads = await mkdtemp(join(tmpdir(), 'flow-sms-e2e-save-'));
    const save = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        ui.toolbar.getByRole('button', { name: 'Save flow' }).click(),
      ]);
      const path = join(downloads, name);
      await download.saveAs(path);
      return JSON.parse(readFileSync(path, 'utf8'));
    };
    const saved = await save('saved.json');
    expect(saved.nodes).toHaveLength(5);
    expect(saved.edges).toHaveLength(6);
    const savedSms = saved.nodes.find((node: { type: string }) => node.type === 'sendSms');
    expect(savedSms.data.consent.mode).toBe('ask');
    expect(savedSms.data.message.body).toMatch(/See you, \{\{first_name\}\} 🎉$/);

    // A reload keeps the builder's flow (the page stores it); a new canvas, then Load, brings the file back.
    await page.reload();
    await ui.node('End: Not sent').waitFor();
    await ui.toolbar.getByRole('button', { name: 'New flow' }).click();
    await eventually(() => ui.node('End: Not sent').count()).toBe(0);
    await ui.toolbar.getByLabel('Load flow').setInputFiles(join(downloads, 'saved.json'));
    await ui.node('End: Not sent').waitFor();
    await eventually(() => ui.edges.count()).toBe(6);
    const reloaded = await save('reloaded.json');
    expect({ ...reloaded, viewport: undefined }).toEqual({ ...saved, viewport: undefined });

    await ui.node('Send SMS').click();
    await eventually(() => ui.sms.getByRole('radio', { name: 'Ask the caller' }).isChecked()).toBe(true);
    await eventually(() => spokenText(ui.preview)).toContain(`${previewText} 🎉`);
    await screenshot(page, '07-reloaded');
    rmSync(downloads, { recursive: true, force: true });
  });

  test('every control is reachable by keyboard: palette items add nodes with Enter, outputs connect from a list', async () => {
    await ui.toolbar.getByRole('button', { name: 'New flow' }).click();
    await ui.palette.getByRole('button', { name: 'Add Set variables' }).focus();
    await page.keyboard.press('Enter');
    await ui.node('Set variables').waitFor();
    await ui.palette.getByRole('button', { name: 'Add End' }).press('Enter');
    await ui.node('End').waitFor();

    // Select Start on the canvas from the keyboard, then wire its output without a mouse.
    await ui.node('Start').focus();
    await page.keyboard.press('Enter');
    const output = ui.inspector.getByRole('combobox', { name: 'Output goes to' });
    await output.focus();
    await output.selectOption({ label: 'Set variables' });
    await ui.node('Set variables').focus();
    await page.keyboard.press('Enter');
    await ui.inspector.getByRole('combobox', { name: 'Output goes to' }).selectOption({ label: 'End' });
    await eventually(() => ui.edges.count()).toBe(2);

    // The focused, selected End node goes with the Delete key, and so does its edge.
    await ui.node('End').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await eventually(() => ui.node('End').count()).toBe(0);
    await eventually(() => ui.edges.count()).toBe(1);

    // Walking the whole page with Tab meets only named controls.
    const unnamed: string[] = [];
    await page.getByRole('button', { name: 'New flow' }).focus();
    for (let step = 0; step < 60; step++) {
      await page.keyboard.press('Tab');
      const described = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const labelled = element.getAttribute('aria-label') || element.getAttribute('aria-labelledby');
        const inputLabel = (element as HTMLInputElement).labels?.[0]?.textContent;
        const text = element.textContent?.trim();
        return labelled || inputLabel || text ? null : element.outerHTML.slice(0, 120);
      });
      if (described) unnamed.push(described);
    }
    expect(unnamed).toEqual([]);
  });

  test('a node reached with Tab shows a focus ring: the Send SMS node and the host nodes alike', async () => {
    /** Tabs from the last palette item until the canvas node named `name` has the focus. */
    const tabTo = async (name: string) => {
      await ui.palette.getByRole('button', { name: 'Add End' }).focus();
      for (let step = 0; step < 40; step++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
        if (focused === name) return;
      }
      throw new Error(`Tab never reached the node ${name}`);
    };
    /** The outline drawn around the focused node's visible box (React Flow's wrapper has none). */
    const ring = () =>
      page.evaluate(() => {
        const box = document.activeElement?.firstElementChild;
        if (!box) return 'no node box';
        const style = getComputedStyle(box);
        return style.outlineStyle === 'none' ? 'none' : `${style.outlineWidth} ${style.outlineStyle}`;
      });
    for (const name of ['Send SMS', 'Start', 'Set variables']) {
      await tabTo(name);
      expect(await page.evaluate(() => document.activeElement?.matches(':focus-visible'))).toBe(true);
      expect(await ring(), name).toBe('2px solid');
    }
    await screenshot(page, '08-node-focus-ring');
  });

  test('deleting a node with the Delete key leaves the focus on the node before it, not on the page', async () => {
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    // The example's Send SMS node, connected on every side, deleted from the keyboard.
    await ui.node('Send SMS').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await eventually(() => ui.node('Send SMS').count()).toBe(0);
    await eventually(focused).toBe('Set variables');
    // The builder goes on from there: Tab reaches the next node.
    await page.keyboard.press('Tab');
    expect(await focused()).not.toBeNull();
  });

  test('the page fits a 1440x900 screen and a 1500x950 one without overlapping parts', async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1500, height: 950 },
    ]) {
      await page.setViewportSize(viewport);
      await ui.node('Send SMS').click();
      await ui.testRun.getByRole('button', { name: 'Run flow' }).click();
      await ui.trace.waitFor();
      const boxes = await Promise.all(
        [ui.toolbar, ui.palette, ui.canvas, ui.inspector, ui.testRun].map(async (part) => part.boundingBox()),
      );
      const overlaps = (a: Box, b: Box) =>
        a.x + a.width > b.x + 1 &&
        b.x + b.width > a.x + 1 &&
        a.y + a.height > b.y + 1 &&
        b.y + b.height > a.y + 1;
      for (const [i, a] of boxes.entries()) {
        expect(a, `part ${i} is laid out`).not.toBeNull();
        for (const b of boxes.slice(i + 1)) expect(overlaps(a as Box, b as Box)).toBe(false);
        // Inside the window: nothing needs the page itself to scroll.
        expect((a as Box).x + (a as Box).width).toBeLessThanOrEqual(viewport.width + 1);
        expect((a as Box).y + (a as Box).height).toBeLessThanOrEqual(viewport.height + 1);
      }
      // The page itself never scrolls: every long part scrolls inside its own pane.
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
        viewport.height,
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      // The phone and the delivery numbers sit inside the test-run area, and the reply box inside the phone.
      const run = (await ui.testRun.boundingBox()) as Box;
      const phone = (await ui.phone.boundingBox()) as Box;
      const delivery = (await ui.testRun.getByRole('region', { name: 'Delivery' }).boundingBox()) as Box;
      expect(contains(run, phone)).toBe(true);
      expect(contains(run, delivery)).toBe(true);
      expect(overlaps(phone, delivery)).toBe(false);
      for (const control of [
        ui.phone.getByRole('textbox', { name: 'Reply as the recipient' }),
        ui.phone.getByRole('button', { name: 'Send reply' }),
      ]) {
        expect(contains(phone, (await control.boundingBox()) as Box)).toBe(true);
      }
      await screenshot(page, `08-layout-${viewport.width}x${viewport.height}`);
    }
  });

  test('the whole page passes an axe-core scan with no serious or critical violations', async () => {
    await ui.node('Send SMS').click();
    await ui.testRun.getByRole('textbox', { name: 'Caller number' }).fill(freshCallerNumber());
    await ui.testRun.getByRole('button', { name: 'Run flow' }).click();
    await ui.conversation.getByRole('listitem').first().waitFor();
    await page.addScriptTag({ path: join(process.cwd(), 'node_modules/axe-core/axe.min.js') });
    const scan = () =>
      page.evaluate(async () => {
        const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
          }));
      });
    expect(await scan()).toEqual([]);

    // Again with the host's own form, the template list and the problems list open.
    await ui.node('Set variables').click();
    await ui.inspector.getByRole('region', { name: 'Set variables settings' }).waitFor();
    await page
      .getByRole('banner')
      .getByText(/^Problems/)
      .click();
    expect(await scan()).toEqual([]);
    await ui.node('Send SMS').click();
    await ui.sms.getByRole('combobox', { name: 'Template' }).click();
    await ui.sms.getByRole('option', { name: /Inline message/ }).waitFor();
    expect(await scan()).toEqual([]);
  });

  test('markup and javascript: URLs in a template body, variable values and samples stay text', async () => {
    const payloads = {
      template: `<img src=x onerror="window.__flowSmsXss='template'">`,
      variable: `<img src=x onerror="window.__flowSmsXss='variable'">`,
      link: `javascript:window.__flowSmsXss='link'`,
      sample: `<svg onload="window.__flowSmsXss='sample'"></svg>`,
    };
    const senders = { sandbox: '+15005550006', live: '+14155550100' };
    const flow = {
      environment: 'sandbox',
      senders,
      templates: [
        {
          id: 'markup',
          title: 'Markup check',
          body: `Hi {{first_name}} ${payloads.template} open {{link}} from {{clinic}}`,
          senders,
        },
      ],
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
        {
          id: 'vars',
          type: 'setVariables',
          position: { x: 200, y: 0 },
          data: { values: { first_name: payloads.variable, link: payloads.link } },
        },
        {
          id: 'sms',
          type: 'sendSms',
          position: { x: 450, y: 0 },
          data: {
            message: { templateId: 'markup' },
            inputs: {
              first_name: { kind: 'variable', path: 'first_name' },
              link: { kind: 'variable', path: 'link' },
              clinic: { kind: 'fixed', value: 'Harbor Dental' },
            },
            consent: { mode: 'not-required', reason: 'The caller asked for the link.' },
          },
        },
        { id: 'end', type: 'end', position: { x: 800, y: 0 }, data: { label: 'Done' } },
      ],
      edges: [
        { id: 'a', source: 'start', target: 'vars' },
        { id: 'b', source: 'vars', target: 'sms' },
        { id: 'c', source: 'sms', sourceHandle: 'sent', target: 'end' },
      ],
    };
    await ui.toolbar.getByLabel('Load flow').setInputFiles({
      name: 'markup.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(flow)),
    });
    await ui.node('End: Done').waitFor();
    await ui.node('Send SMS').click();

    const rendered = `Hi ${payloads.variable} ${payloads.template} open ${payloads.link} from Harbor Dental`;
    await eventually(() => spokenText(ui.preview)).toContain(rendered);
    await eventually(() => ui.node('Send SMS').textContent()).toContain('Hi <img src=x');

    // A sample typed by the designer is shown as typed too.
    await ui.preview.getByRole('textbox', { name: 'Sample for first_name' }).fill(payloads.sample);
    await eventually(() => spokenText(ui.preview)).toContain(`Hi ${payloads.sample} ${payloads.template}`);

    await ui.testRun.getByRole('textbox', { name: 'Caller number' }).fill(freshCallerNumber());
    await ui.testRun.getByRole('button', { name: 'Run flow' }).click();
    await ui.conversation.getByText(rendered).waitFor();

    expect(await page.locator('img[src="x"], svg[onload], [onerror]').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __flowSmsXss?: string }).__flowSmsXss)).toBeUndefined();
    // An injected <img src=x> would also have asked the server for "x".
    expect(pageProblems).toEqual([]);
  });
  test('asking by SMS: the question reaches the phone, and a YES reply releases the message', async () => {
    const callerNumber = freshCallerNumber();
    await ui.node('Send SMS').click();
    await ui.sms.getByRole('radio', { name: 'Ask by SMS and wait for the reply' }).check();
    const question = ui.sms.getByRole('textbox', { name: 'Question sent by SMS' });
    await question.fill('May I text you the appointment details? Reply YES or NO.');
    await eventually(ui.problemCounts).toBe('Problems 0 errors 0 warnings');

    await ui.testRun.getByRole('textbox', { name: 'Caller number' }).fill(callerNumber);
    await ui.testRun.getByRole('button', { name: 'Run flow' }).click();
    // The run waits for the reply; the phone shows the question meanwhile.
    await ui.conversation.getByText('May I text you the appointment details? Reply YES or NO.').waitFor();
    await replyFromPhone('YES');
    await ui.trace.getByText('→ sent').waitFor();
    expect(await traceLines()).toEqual(['Start', 'Set variables', 'Send SMS → sent', 'End: Sent']);
    await ui.conversation
      .getByText('Hi Ana, your appointment at Harbor Dental is on Tue 3 PM. Reply STOP to opt out.')
      .waitFor();
    await screenshot(page, '09-consent-by-sms');
  });
  test("switching the environment re-checks the flow against that environment's senders", async () => {
    const environment = ui.toolbar.getByRole('combobox', { name: 'Environment' });
    await environment.selectOption({ label: 'Pre-release' });
    await eventually(ui.problemCounts).toBe('Problems 1 error 0 warnings');
    await page
      .getByRole('banner')
      .getByText(/^Problems/)
      .click();
    await page.getByRole('button', { name: /has no pre-release sender/ }).waitFor();
    await environment.selectOption({ label: 'Sandbox' });
    await eventually(ui.problemCounts).toBe('Problems 0 errors 0 warnings');
  });

  test("the phone texts the flow's number before the flow has texted it, so a kept opt-out can be lifted", async () => {
    // Opt-outs outlive the playground server; the conversation does not. The reply goes to the
    // number the flow sends from, as it would from a real phone that still has the thread.
    await ui.testRun.getByRole('textbox', { name: 'Caller number' }).fill(freshCallerNumber());
    await optOutThenRun();
    await replyFromPhone('START');
    await eventually(() => ui.phone.getByText('Opted out').count()).toBe(0);
    expect(await ui.phone.getByRole('alert').count()).toBe(0);
  });
});
