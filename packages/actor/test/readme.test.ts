/**
 * The README's Usage example, run as written: the ts block under "## Usage"
 * is extracted, its package import pointed at the sources, and what it
 * prints compared with the `// …` comment after each console.log.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));
// Inside the package, so that the example's `xstate` resolves as the sources' does.
const dir = fileURLToPath(new URL('../test-results/', import.meta.url));

function usageExample(): string {
  const m = /## Usage\n\n```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md has no ts block under "## Usage"');
  return m[1]!;
}

describe('README usage example', () => {
  it('runs and prints what its comments say', async () => {
    const code = usageExample().replace("'@pstore/actor'", JSON.stringify(index));
    mkdirSync(dir, { recursive: true });
    const file = `${dir}readme-usage.ts`;
    writeFileSync(file, code);
    const printed: unknown[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args[0]);
    });
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      spy.mockRestore();
    }
    const expected = [...code.matchAll(/^\s*console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(expected).toHaveLength(6);
    expect(printed.map((v) => inspect(v, { breakLength: Infinity }))).toEqual(expected);
  });
});
