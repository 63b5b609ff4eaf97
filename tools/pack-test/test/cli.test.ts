/**
 * The `pstore` command as a user installs it: apps/cli packed with `pnpm pack`, the tarball
 * installed globally with npm into an empty prefix (it bundles the workspace packages, so it
 * needs no other tarball and no registry), then `pstore --help` and real kernels' RAM decoded by
 * the installed command into the files those kernels showed.
 * Kernel counterpart: none.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_NAME } from '@pstore/pstore-fs/export';
import {
  kernelCaseNames,
  readKernelCase,
  skipMessage,
  vectorPath,
  vectorsAvailable
} from '@pstore/test-vectors';
import { afterAll, describe, expect, it } from 'vitest';
import { setUp } from './set-up.ts';
import {
  exportedPaths,
  packAll,
  readManifest,
  ROOT,
  run,
  succeeded,
  type Packed
} from './workspace.ts';

if (!vectorsAvailable) skipMessage();

/** Every kernel case in vectors/kernel was written and read back by Linux 6.1.192. */
const KERNEL = '6.1.192';
const work = mkdtempSync(join(tmpdir(), 'pstore-pack-cli-'));
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin', 'pstore');

/** apps/cli packed, and its tarball installed globally into `prefix`. */
const installed = setUp(async (): Promise<Packed> => {
  const dir = join(ROOT, 'apps', 'cli');
  mkdirSync(join(work, 'tarball'));
  const [packed] = await packAll(
    [{ folder: 'cli', dir, manifest: readManifest(dir) }],
    join(work, 'tarball')
  );
  if (!packed) throw new Error('pnpm pack of apps/cli gave no tarball');
  // --offline: the tarball has no dependencies, so npm must not need a registry.
  succeeded(
    'npm install --global of the pstore tarball',
    await run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        packed.tarball
      ],
      { cwd: work }
    )
  );
  return packed;
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the pstore command packed with pnpm', () => {
  it('holds the bundled command, its README, LICENSE and manifest, nothing else', () => {
    expect(installed().entries).toEqual([
      'LICENSE',
      'README.md',
      'dist/pstore.mjs',
      'package.json'
    ]);
  });

  it('has a license, no dependencies, and exports that name only packed files', () => {
    const { manifest, entries } = installed();
    expect(manifest.license).toBe('MIT');
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ pstore: './dist/pstore.mjs' });
    const targets = exportedPaths(manifest.exports ?? {}).filter((t) => t !== './package.json');
    expect(targets.filter((t) => !entries.includes(t.replace(/^\.\//, '')))).toEqual([]);
  });
});

describe('pstore installed globally with npm', () => {
  it('prints its help and version', async () => {
    installed();
    const help = await run(bin, ['--help'], { cwd: work });
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: pstore /m);
    expect(help.stdout).toContain('decode');
    const version = await run(bin, ['--version'], { cwd: work });
    expect(version.stdout).toMatch(/^pstore 0\.1\.0 /);
  });

  it('refuses a missing image with one line and exit code 2', async () => {
    installed();
    const r = await run(bin, ['decode', 'no-such-image.bin'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no-such-image.bin');
  });

  it.skipIf(!vectorsAvailable).each(kernelCaseNames())(
    'decodes %s into exactly the files the kernel showed',
    async (name) => {
      installed();
      const c = readKernelCase(name);
      expect(c.kernel).toContain(KERNEL);
      const out = join(work, 'decoded', name);
      const r = await run(
        bin,
        [
          'decode',
          vectorPath(`kernel/${name}/image.bin.gz`),
          '--params',
          c.cmdline,
          '--kernel',
          KERNEL,
          '--cpus',
          String(c.nr_cpus),
          '--symbols',
          vectorPath('kernel/custom-6.1-System.map.gz'),
          '--out',
          out
        ],
        { cwd: work }
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(
        readdirSync(out)
          .filter((f) => f !== MANIFEST_NAME)
          .sort()
      ).toEqual([...c.files.keys()].sort());
      for (const [file, bytes] of c.files) {
        expect(Buffer.compare(readFileSync(join(out, file)), bytes), `${file} differs`).toBe(0);
      }
    },
    60_000
  );
});
