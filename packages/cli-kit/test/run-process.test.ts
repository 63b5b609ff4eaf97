import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../src/testing/index.ts';

describe('runProcess', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-kit-'));
  const script = join(dir, 'echo.mjs');
  writeFileSync(
    script,
    `process.stdout.write(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(),
      init: process.env.INIT_CWD ?? null, extra: process.env.EXTRA ?? null,
      tty: process.stdout.isTTY ?? false }));
     let input = ''; process.stdin.on('data', (d) => (input += d));
     process.stdin.on('end', () => { process.stderr.write(input); process.exitCode = 3; });`
  );

  it('runs the file with its arguments, stdin, cwd and exit code, without pnpm variables', () => {
    const r = runProcess(script, ['a', 'b c'], {
      cwd: dir,
      input: 'hello',
      env: { EXTRA: 'x' }
    });
    const seen = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(seen).toEqual({ args: ['a', 'b c'], cwd: dir, init: null, extra: 'x', tty: false });
    expect(r.stderr).toBe('hello');
    expect(r.code).toBe(3);
  });
});
