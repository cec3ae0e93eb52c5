import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The lines of README's "Set up" block, which holds the two commands and nothing else. */
function setUpCommands(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Set up'));
  const block = section.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '';
  return block.split('\n').filter((line) => line !== '');
}

describe('CI', () => {
  it('README gives a fresh machine exactly two set-up commands: the playground, then the tests', () => {
    expect(setUpCommands()).toEqual(['./scripts/playground', './scripts/test-all']);
  });

  it('.ci/run runs the README test command as written, and nothing else', () => {
    const commands = read('.ci/run')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('cd '));
    expect(commands).toEqual([setUpCommands()[1]]);
  });
});
