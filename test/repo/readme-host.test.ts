import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as { peerDependencies: Record<string, string> };
const xyflow = JSON.parse(read('node_modules/@xyflow/react/package.json')) as {
  dependencies: Record<string, string>;
};

/** The `npm install` line of README's host-integration section. */
function hostInstallCommand(): string {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Adding the node to your canvas'));
  const block = section.slice(0, section.indexOf('\n## ')).match(/```sh\n([\s\S]*?)```/)?.[1] ?? '';
  return block.split('\n').find((line) => line.startsWith('npm install')) ?? '';
}

const major = (range: string) => range.match(/\d+/)?.[0];

describe('README host integration', () => {
  it('installs the package with every peer the canvas plugin imports', () => {
    const words = hostInstallCommand().split(/\s+/);
    expect(words.slice(0, 3)).toEqual(['npm', 'install', 'flow-sms']);
    for (const peer of Object.keys(pkg.peerDependencies)) {
      expect(words.some((word) => word === peer || word.startsWith(`${peer}@`))).toBe(true);
    }
  });

  // npm resolves an unpinned peer to the version another package already pulls in; when React Flow
  // depends on another major of it, the install stops with ERESOLVE.
  it('names the major of each peer that React Flow depends on in another major', () => {
    const words = hostInstallCommand().split(/\s+/);
    for (const [peer, range] of Object.entries(pkg.peerDependencies)) {
      const pulledIn = xyflow.dependencies[peer];
      if (!pulledIn || major(pulledIn) === major(range)) continue;
      expect(words).toContain(`${peer}@${major(range)}`);
    }
  });
});
