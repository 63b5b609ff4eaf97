/**
 * One small initramfs per kernel: static busybox, the /init of
 * init-script.ts, the kernel's ramoops modules (uncompressed) and the list of
 * them in load order. Written as a gzip'd newc cpio from memory; rebuilt
 * only when what goes into it changes (a hash kept in kernel.json).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cpioNewc, type CpioEntry } from './cpio.ts';
import { BUSYBOX } from './host-tools.ts';
import { INIT_SCRIPT } from './init-script.ts';

/** Hash of the inputs: init script, busybox, modules. */
function initramfsHash(modulePaths: readonly string[]): string {
  const h = createHash('sha256');
  h.update(INIT_SCRIPT);
  h.update(readFileSync(BUSYBOX));
  for (const m of modulePaths) {
    h.update(basename(m));
    h.update(readFileSync(m));
  }
  return h.digest('hex').slice(0, 16);
}

/** Writes the initramfs to `out` unless it exists with the same inputs; true if (re)built. */
export function buildInitramfs(
  out: string,
  modulePaths: readonly string[],
  previousHash: string | null
): { hash: string; built: boolean } {
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing: install busybox-static`);
  const hash = initramfsHash(modulePaths);
  if (previousHash === hash && existsSync(out)) return { hash, built: false };
  const entries: CpioEntry[] = [
    { kind: 'dir', path: 'bin' },
    { kind: 'dir', path: 'sbin' },
    { kind: 'dir', path: 'dev' },
    { kind: 'chardev', path: 'dev/console', major: 5, minor: 1 },
    { kind: 'chardev', path: 'dev/null', major: 1, minor: 3, mode: 0o666 },
    { kind: 'dir', path: 'proc' },
    { kind: 'dir', path: 'sys' },
    { kind: 'dir', path: 'tmp' },
    { kind: 'dir', path: 'lib' },
    { kind: 'dir', path: 'lib/modules' },
    { kind: 'file', path: 'bin/busybox', data: readFileSync(BUSYBOX), mode: 0o755 },
    { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
    { kind: 'file', path: 'init', data: Buffer.from(INIT_SCRIPT), mode: 0o755 },
    {
      kind: 'file',
      path: 'modules.list',
      data: Buffer.from(modulePaths.map((m) => basename(m)).join('\n') + '\n')
    },
    ...modulePaths.map((m): CpioEntry => ({
      kind: 'file',
      path: `lib/modules/${basename(m)}`,
      data: readFileSync(m)
    }))
  ];
  writeFileSync(out, gzipSync(cpioNewc(entries), { level: 6 }));
  return { hash, built: true };
}
