import { describe, expect, it } from 'vitest';
import { FlowSmsError } from '../../src/core';
import { memoryTemplateStorage } from '../../src/editor';
import { createSendSmsPlugin } from '../../src/plugin';

// What a host developer sees when the options given to createSendSmsPlugin are wrong.
const attempt = (options: unknown) => () => createSendSmsPlugin(options as never);

describe('createSendSmsPlugin options, as a host writes them', () => {
  it('refuses a misspelt option instead of quietly keeping templates in localStorage', () => {
    const options = { environment: 'sandbox', catalog: {}, templatesStorage: memoryTemplateStorage() };
    expect(attempt(options)).toThrow(FlowSmsError);
    expect(attempt(options)).toThrow(
      /unknown option "templatesStorage"; the options are catalog, environment, .*templateStorage/,
    );
  });

  it.each([undefined, null, [], 'sandbox'])(
    'says what to pass when the options are %j, not "is required"',
    (options) => {
      expect(attempt(options)).toThrow(FlowSmsError);
      expect(attempt(options)).toThrow(
        /^Invalid createSendSmsPlugin options: pass an object with at least environment and catalog, such as \{ environment: 'sandbox', catalog: \{\} \}/,
      );
    },
  );
});
