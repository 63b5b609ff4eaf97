/**
 * The README's usage example, run as written in a separate process (its
 * stdout a pipe, as in a script): the package import points at the sources,
 * and what it prints is what its comments say.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../src/testing/index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));

describe('README usage example', () => {
  it('runs and prints what its comments say', () => {
    const m = /## Usage\n\n```ts\n([\s\S]*?)```/.exec(readme);
    expect(m, 'README.md has a ```ts block under "## Usage"').not.toBeNull();
    const file = join(mkdtempSync(join(tmpdir(), 'cli-kit-readme-')), 'example.ts');
    writeFileSync(file, m![1]!.replace("'@pstore/cli-kit'", JSON.stringify(index)));
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
      encoding: 'utf8',
      env: cleanEnv()
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('record\ncomplete -F _tool_complete tool\n');
  });
});
