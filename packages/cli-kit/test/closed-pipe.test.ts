import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const guard = fileURLToPath(new URL('../src/closed-pipe.ts', import.meta.url));

/** Runs a writer whose stdout reader goes away after the first chunk, like `| head -c 1`. */
function runWithClosedReader(guarded: boolean): Promise<{ code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cli-kit-pipe-'));
  const script = join(dir, 'writer.mts');
  writeFileSync(
    script,
    `${guarded ? `import { guardClosedPipes } from ${JSON.stringify(guard)};\nconst g = guardClosedPipes(() => process.stderr.write('closed\\n'));` : ''}
     for (let i = 0; i < 200000; i++) process.stdout.write('line ' + i + '\\n');`
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('guardClosedPipes', () => {
  it('without it, Node dies with the EPIPE stack trace (the failure being guarded)', async () => {
    const r = await runWithClosedReader(false);
    expect(r.stderr).toMatch(/EPIPE/);
    expect(r.code).not.toBe(0);
  });

  it('with it, the command ends quietly with exit 0 and tells its caller once', async () => {
    const r = await runWithClosedReader(true);
    expect(r.stderr).toBe('closed\n');
    expect(r.code).toBe(0);
  });
});
