/**
 * `pstore encode --help` and the encode section of README.md describe what
 * the command does; the README's examples run as printed (each creates its
 * input files first), with the built command in place of `pnpm pstore`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '@pstore/cli-kit/testing';
import { PSTORE_BIN, pstoreProcess, tmp } from './helpers.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const SECTION = README.slice(
  README.indexOf('## `pstore encode'),
  README.indexOf('\n## ', README.indexOf('## `pstore encode') + 1)
);

describe('pstore encode documentation', () => {
  it('--help covers --strict, --out -, the size limit and the FILE:REASON:UNIXTIME rules', () => {
    const r = pstoreProcess(['encode', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: pstore encode --out IMAGE\|-/);
    for (const words of [
      '--strict',
      '--out -',
      'standard output; the summary goes to standard error',
      'at most 4294967296',
      'temporary file beside',
      'kmsg_dump_get_buffer() keeps the newest whole lines',
      'big_oops_buf = bufsize × 100 / 60',
      'An empty field takes its default',
      "FILE may\n                 contain ':'"
    ]) {
      expect(r.stdout).toContain(words);
    }
  });

  it('the README encode examples run as printed, and print what the README shows', () => {
    const blocks = [...SECTION.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const dir = tmp('readme');
    const outputs: string[] = [];
    for (const block of blocks) {
      const script = block.replaceAll('pnpm pstore', `'${process.execPath}' '${PSTORE_BIN}'`);
      const r = spawnSync('/bin/sh', ['-ec', script], {
        cwd: dir,
        env: cleanEnv(),
        encoding: 'utf8'
      });
      expect(r.stderr).not.toMatch(/pstore \w+: /);
      expect(r.status).toBe(0);
      outputs.push(r.stdout);
    }
    // The output shown after the long-dump example is what that example prints.
    const shown = /long\.txt:panic:1700000000\n```\n\n```\n([\s\S]*?)```/.exec(SECTION);
    expect(shown).not.toBeNull();
    expect(outputs[blocks.findIndex((b) => b.includes('long.txt'))]).toBe(shown![1]);
  });
});
