import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Screenshots for people to look at; the folder is git-ignored. */
export const SCREENSHOT_DIR = join(process.cwd(), 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** A caller number no other test (or earlier run against the same sandbox) has used. */
export function freshCallerNumber(): string {
  // A valid North American number: the exchange starts with 2-9 and is never an N11 service code.
  const digit = (from: number) => from + Math.floor(Math.random() * (10 - from));
  const exchange = `${digit(2)}${digit(2)}${digit(0)}`;
  const line = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
  return `+1415${exchange}${line}`;
}

/** The playground's parts, found the way a person (or a screen reader) finds them. */
export function playground(page: Page) {
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const sms = inspector.getByRole('region', { name: 'Send SMS settings' });
  const testRun = page.getByRole('region', { name: 'Test run' });
  return {
    page,
    toolbar: page.getByRole('banner'),
    palette: page.getByRole('navigation', { name: 'Node palette' }),
    canvas: page.getByRole('main', { name: 'Flow canvas' }),
    inspector,
    sms,
    preview: sms.getByRole('region', { name: 'Message preview' }),
    /** The Problems disclosure's summary line, e.g. "Problems 0 errors 0 warnings". */
    problemCounts: async () =>
      ((await page.getByRole('banner').locator('summary').textContent()) ?? '').replace(/\s+/g, ' ').trim(),
    testRun,
    trace: testRun.getByRole('list', { name: 'Step trace' }),
    phone: testRun.getByRole('region', { name: 'Recipient phone' }),
    conversation: testRun.getByRole('list', { name: 'Conversation' }),
    /** A node on the canvas by its accessible name ("Start", "End: Sent"). */
    node: (name: string): Locator => page.getByRole('group', { name, exact: true }),
    /** React Flow names edges "Edge from <source id> to <target id>". */
    edges: page.locator('[aria-roledescription="edge"]'),
  };
}
export type Playground = ReturnType<typeof playground>;

/** Drags from one handle to another with the real mouse, as a builder connects two nodes. */
export async function connect(from: Locator, to: Locator): Promise<void> {
  await from.dragTo(to);
}

/** The text a screen reader gets from an element: what it shows, less anything aria-hidden. */
export function spokenText(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}
