/**
 * Disks real kernels wrote (Debian 6.1.192 and 6.12.118 under QEMU, see
 * fixtures/README.md): recovered and read through pstore-fs, they must give
 * the files, bytes, sizes and mtimes the kernel showed, and every zone a
 * state with its reason.
 * Kernel counterpart: fs/pstore/zone.c psz_recovery(), psz_pstore_read().
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PstoreFs, pstoreCompressor } from '@pstore/pstore-fs';
import { describe, expect, it } from 'vitest';
import {
  blkConfigFromCmdline,
  memoryZoneDevice,
  PstoreZoneBackend,
  pstoreZoneInfo,
  pszLayout
} from '../src/index.ts';

interface Fixture {
  kernel: string;
  params: string;
  files: { name: string; size: number; mtime: number }[];
}

const ROOT = join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const version = (v: string) => {
  const [major, minor, sublevel] = v.split('.').map(Number) as [number, number, number];
  return { major, minor, sublevel };
};

describe.each(fixtures)('the disk %s, as the kernel read it', (name) => {
  const dir = join(ROOT, name);
  const fx = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8')) as Fixture;
  const disk = new Uint8Array(gunzipSync(readFileSync(join(dir, 'disk.img.gz'))));
  const kernel = version(fx.kernel);
  const compress = /pstore\.compress=(\S+)/.exec(fx.params)?.[1];

  function mount() {
    const layout = pszLayout(pstoreZoneInfo(blkConfigFromCmdline(fx.params), disk.length, kernel));
    const backend = new PstoreZoneBackend(memoryZoneDevice(disk.slice()), layout);
    const fs = new PstoreFs();
    fs.mount(backend, pstoreCompressor(kernel, { algorithm: compress, bufsize: backend.bufsize }));
    return { layout, backend, fs };
  }

  it('gives exactly the files the kernel showed: names, bytes, st_size, mtime', () => {
    const { fs } = mount();
    expect(fs.list().map((f) => f.name)).toEqual(fx.files.map((f) => f.name));
    for (const want of fx.files) {
      const f = fs.list().find((x) => x.name === want.name)!;
      const kernelBytes = gunzipSync(readFileSync(join(dir, `${want.name}.gz`)));
      expect(Buffer.compare(Buffer.from(fs.read(want.name)), kernelBytes), want.name).toBe(0);
      expect(f.size).toBe(want.size);
      expect(Math.floor(f.mtime.getTime() / 1000)).toBe(want.mtime);
    }
  });

  it('says what every zone held: the dumps, and the zones never written', () => {
    const { layout, backend } = mount();
    const r = backend.recovery!;
    expect(r.failure).toBeNull();
    expect(layout.zones).toHaveLength(16); // 1 MiB / 64 KiB, dmesg only
    const states = r.findings.map((f) => f.state);
    expect(states.filter((s) => s === 'record')).toHaveLength(fx.files.length);
    expect(states.filter((s) => s === 'blank')).toHaveLength(16 - fx.files.length);
    // The next dump goes after the newest, and the counter goes on from the disk's.
    expect(r.kmsgWriteCnt).toBe(fx.files.length);
    expect(r.oopsCounter).toBe(fx.files.length);
  });
});
