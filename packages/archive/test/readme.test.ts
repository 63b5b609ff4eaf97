/**
 * The README's Usage example, run as written: the first ts block under "## Usage" is
 * extracted, its package imports pointed at the workspace sources, and what it prints is
 * compared with the `// …` comment after each console.log.
 * Kernel counterpart: none.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const packages = resolve(here, '..', '..');
const readme = readFileSync(resolve(here, '..', 'README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'archive-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function usageExample(): string {
  const usage = readme.slice(readme.indexOf('## Usage'));
  const m = /```ts\n([\s\S]*?)```/.exec(usage);
  if (!m) throw new Error('README.md has no ts block under "## Usage"');
  return m[1]!;
}

describe('README usage example', () => {
  it('runs and prints what its comments say', async () => {
    const code = usageExample()
      .replace("'@pstore/archive'", `'${resolve(packages, 'archive/src/index.ts')}'`)
      .replace("'@pstore/pstore-fs'", `'${resolve(packages, 'pstore-fs/src/index.ts')}'`);
    const file = join(dir, 'example.ts');
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
    expect(expected).toHaveLength(5);
    expect(printed.map((v) => inspect(v, { breakLength: Infinity }))).toEqual(expected);
  });
});
