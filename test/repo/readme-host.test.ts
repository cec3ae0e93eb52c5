import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  peerDependencies: Record<string, string>;
  dependencies: Record<string, string>;
};
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

  // npm resolves a peer to the version another package already pulls in: a peer that React Flow
  // depends on in another major makes that install line stop with ERESOLVE (zustand did: React Flow
  // 12 depends on zustand 4, the plugin's store on 5). Such a package must be a dependency of ours.
  it('has no peer that React Flow pulls in at another major', () => {
    const clashing = Object.entries(pkg.peerDependencies)
      .filter(
        ([name, range]) => xyflow.dependencies[name] && major(xyflow.dependencies[name]) !== major(range),
      )
      .map(([name]) => name);
    expect(clashing).toEqual([]);
    expect(major(pkg.dependencies.zustand ?? '')).toBe('5');
  });
});
