/**
 * The shell examples of the READMEs run as printed: every ```sh block of the
 * root README, apps/cli/README.md and apps/device/README.md, in order, in a
 * fresh directory per README (so an example may use the files an earlier
 * one made, as a reader following along would). `pnpm pstore`/`pnpm device`
 * and the installed `pstore`/`device` run the built commands (their bins). A
 * block preceded by `<!-- not run: why -->` is skipped, and says why.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '@pstore/cli-kit/testing';
import { describe, expect, it } from 'vitest';
import { DEVICE_BIN } from './device-process.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const PSTORE_BIN = join(root, 'apps/cli/dist/pstore.mjs');

/** A directory of stand-ins: pnpm (for `pnpm pstore|device`), pstore and device. */
function shims(): string {
  const dir = mkdtempSync(join(tmpdir(), 'readme-bin-'));
  const node = process.execPath;
  const write = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  write('pstore', `exec '${node}' '${PSTORE_BIN}' "$@"`);
  write('device', `exec '${node}' '${DEVICE_BIN}' "$@"`);
  write(
    'pnpm',
    [
      'case "$1" in',
      `  pstore) shift; exec '${node}' '${PSTORE_BIN}' "$@" ;;`,
      `  device) shift; exec '${node}' '${DEVICE_BIN}' "$@" ;;`,
      '  *) echo "readme test: pnpm $1 is not one of the commands; mark the block <!-- not run: … -->" >&2; exit 97 ;;',
      'esac'
    ].join('\n')
  );
  return dir;
}

interface Block {
  readonly line: number;
  readonly code: string;
  readonly skip: string | null;
}

function blocks(readme: string): Block[] {
  const out: Block[] = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```sh') continue;
    const end = lines.indexOf('```', i + 1);
    const skip = /^<!-- not run: (.+) -->$/.exec(lines[i - 1] ?? '');
    out.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n'), skip: skip?.[1] ?? null });
    i = end;
  }
  return out;
}

const bin = shims();
const READMES = ['README.md', 'apps/cli/README.md', 'apps/device/README.md'];

describe.each(READMES)('%s: the shell examples run as printed', (readme) => {
  const all = blocks(readFileSync(join(root, readme), 'utf8'));
  const cwd = mkdtempSync(join(tmpdir(), 'readme-run-'));
  it('has examples', () => expect(all.length).toBeGreaterThan(0));
  it.each(all.map((b) => [b.line, b] as const))(
    'the block at line %i',
    (_line, b) => {
      if (b.skip !== null) {
        expect(b.skip.length).toBeGreaterThan(10); // a reason, not a bare marker
        return;
      }
      const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', b.code], {
        cwd,
        env: cleanEnv({ PATH: `${bin}:${process.env['PATH'] ?? ''}` }),
        encoding: 'utf8',
        input: '',
        timeout: 120_000
      });
      expect(r.stderr, r.stdout).not.toMatch(/\n\s+at |internal error|readme test:/);
      expect(r.status, r.stderr).toBe(0);
    },
    150_000
  );
});
