// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are message bodies; ${name} is a token syntax under test
import { screen } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { parseTemplate } from '../../src/core/template';
import { completionGuard, openEditorAt } from './message-editor-harness';

// The variables list opens only where the parser would read a token. Choosing a variable anywhere
// else wrote a token that is no token: sent to the recipient as written, or breaking the token
// around it.

async function typeAt(initial: string, at: number, typed: string) {
  const { user, view } = await openEditorAt(initial, at);
  await user.keyboard(typed);
  await completionGuard();
  return { user, view };
}

async function choose(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole('listbox', { name: 'Variables' });
  await completionGuard();
  await user.keyboard('{Enter}');
}

test.each([
  ['a literal {{ written as \\{{', 'Braces: \\', '{{{{cal'],
  ['a literal ${ written as \\${', 'Dollar: \\', '${{cal'],
  ['a literal < written as \\<', 'Angle: \\', '<cal'],
])('no variables are offered after %s', async (_what, initial, typed) => {
  const { view } = await typeAt(initial, initial.length, typed);
  expect(screen.queryByRole('listbox', { name: 'Variables' })).toBeNull();
  expect(view.state.doc.toString()).toBe(`${initial}${typed.replaceAll('{{', '{')}`);
});

test('after two backslashes (one literal backslash) the token is real, and completion still works', async () => {
  const { user, view } = await typeAt('Path: \\\\', 'Path: \\\\'.length, '{{{{caller.em');
  await choose(user);
  expect(view.state.doc.toString()).toBe('Path: \\\\{{caller.email}}');
  expect(parseTemplate(view.state.doc.toString()).parts.at(-1)).toMatchObject({ name: 'caller.email' });
});

test.each([
  ['<', '<cal'],
  ['${', '${{cal'],
])(
  'typing %s inside a fallback offers no variables, so the fallback stays valid',
  async (_opening, typed) => {
    const initial = 'Hi {{caller.first_name | "dear "}}';
    const { user, view } = await typeAt(initial, initial.indexOf('dear ') + 'dear '.length, typed);
    expect(screen.queryByRole('listbox', { name: 'Variables' })).toBeNull();
    await user.keyboard('{Enter}');
    const text = view.state.doc.toString();
    expect(text.startsWith('Hi {{caller.first_name | "dear ')).toBe(true);
    expect(text).not.toContain('{{caller.email}}');
  },
);

test('a blank after the entity: prefix, which the parser allows, still offers the variables', async () => {
  const { user, view } = await typeAt('Date: {{entity: ', 'Date: {{entity: '.length, 'booking.d');
  await choose(user);
  expect(view.state.doc.toString()).toBe('Date: {{booking.date}}');
});

test('a third brace typed by habit (Handlebars) is dropped, so the completed token is valid', async () => {
  const { user, view } = await typeAt('Hi ', 3, '{{{{{{cal');
  await choose(user);
  expect(view.state.doc.toString()).toMatch(/^Hi \{\{caller\.[a-z_]+\}\}$/);
  expect(parseTemplate(view.state.doc.toString()).errors).toEqual([]);
});

test('completing inside {{{name}}} leaves one token with two braces on each side', async () => {
  const { user, view } = await typeAt('Hi {{{caller.e}}} !', 'Hi {{{caller.e'.length, 'm');
  await choose(user);
  expect(view.state.doc.toString()).toBe('Hi {{caller.email}} !');
});
