/**
 * The decode the page runs in its worker, run here in Node on images real
 * kernels wrote: the files it shows are the kernel's own, byte for byte, and
 * the zone map accounts for every zone of the layout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  kernelCaseNames,
  readKernelCase,
  skipMessage,
  vectorPath,
  vectorsAvailable
} from '@pstore/test-vectors';
import { Session } from '../src/decode/session.ts';
import type { DecodeView } from '../src/decode/types.ts';

if (!vectorsAvailable) skipMessage();

async function opened(name: string) {
  const c = readKernelCase(name);
  const session = new Session();
  const gz = readFileSync(vectorPath(`kernel/${name}/image.bin.gz`));
  const open = await session.open('image.bin.gz', new Uint8Array(gz));
  if (!open.ok) throw new Error(open.error);
  const map = await session.setSymbols(
    'System.map.gz',
    new Uint8Array(readFileSync(vectorPath('kernel/custom-6.1-System.map.gz')))
  );
  if (!map.ok) throw new Error(map.error);
  return { c, session, open: open.value };
}

function view(outcome: ReturnType<Session['decode']>): DecodeView {
  if (!outcome.ok) throw new Error(outcome.failure.error);
  return outcome.view;
}

describe.skipIf(!vectorsAvailable)('the viewer decode on real kernel images', () => {
  it.each(kernelCaseNames())(
    '%s: the probe finds the layout and the files are the kernel’s',
    async (name) => {
      const { c, session, open } = await opened(name);
      expect(open.gzipped).toBe(true);
      expect(open.bytes).toBe(c.image.length);
      const best = open.candidates[0]!;
      expect(best.settings).toMatchObject({ backend: 'ramoops', offset: 0 });
      const v = view(session.decode({ ...best.settings, params: c.cmdline, kernel: '6.1.192' }));
      expect(v.records.map((r) => r.name).sort()).toEqual([...c.files.keys()].sort());
      for (const r of v.records) expect(r.bytes, r.name).toEqual(c.files.get(r.name));
      // 59 dump zones, then console, ftrace, pmsg (6.1 order), each once.
      expect(v.zones.filter((z) => z.type === 'dmesg')).toHaveLength(59);
      expect(v.zones.filter((z) => z.type !== 'dmesg').map((z) => z.type)).toEqual([
        'console',
        'ftrace',
        'pmsg'
      ]);
      expect(v.zones.find((z) => z.name === 'dmesg 0')).toMatchObject({
        state: 'record',
        file: 'dmesg-ramoops-0',
        rejected: false
      });
      const ecc = c.params['ramoops.ecc'] === '16';
      for (const z of v.zones) {
        expect(z.ecc === null).toBe(!ecc);
        if (z.ecc) expect(z.ecc.blocks).toEqual([]);
      }
    }
  );

  it.each(['custom-6.1-ecc0-all', 'custom-6.1-ecc16-all'])(
    '%s: the probe alone decodes it to the kernel’s files (the page’s first view)',
    async (name) => {
      const { c, session, open } = await opened(name);
      const v = view(session.decode(open.candidates[0]!.settings));
      expect([v.kernel, v.kernelFrom]).toEqual(['6.1.192', 'option']);
      expect(v.records.map((r) => r.name).sort()).toEqual([...c.files.keys()].sort());
      for (const r of v.records) expect(r.bytes, r.name).toEqual(c.files.get(r.name));
      // The ftrace table has one row per line of the file, named through the System.map.
      const ftrace = v.records.find((r) => r.kind === 'ftrace')!;
      const lines = new TextDecoder().decode(c.files.get('ftrace-ramoops-0')).split('\n');
      expect(
        ftrace.ftrace!.map(
          (row) =>
            `CPU:${row.cpu} ts:${row.ts} ${row.ip}  ${row.parentIp}  ${row.func} <- ${row.caller}`
        )
      ).toEqual(lines.slice(0, -1));
    }
  );

  it('ftrace rows name the functions from the System.map, addresses without one', async () => {
    const { session, open } = await opened('custom-6.1-ecc0-all');
    const named = view(session.decode(open.candidates[0]!.settings)).records.find(
      (r) => r.kind === 'ftrace'
    )!;
    expect(named.ftrace!.map((r) => r.func)).toEqual([
      'ksys_write',
      'vfs_write',
      'ksys_write',
      'vfs_write'
    ]);
    const bare = new Session();
    const gz = readFileSync(vectorPath('kernel/custom-6.1-ecc0-all/image.bin.gz'));
    const o = await bare.open('image.bin.gz', new Uint8Array(gz));
    if (!o.ok) throw new Error(o.error);
    const v = view(bare.decode(o.value.candidates[0]!.settings));
    expect(v.records.find((r) => r.kind === 'ftrace')!.ftrace![0]!.func).toBe('0xffffffff810df949');
    expect(v.notes.some((n) => n.includes('System.map'))).toBe(true);
  });

  it('flipped bits show as corrected and unrecoverable blocks of their zone', async () => {
    const c = readKernelCase('debian-6.1-ecc16-none');
    const image = c.image.slice();
    // Dump zone 0's data starts after its 12-byte header; blocks are 128 bytes.
    const flip = (at: number, bits: number) => (image[at] = image[at]! ^ bits);
    flip(12 + 130, 0x01); // block 1: one symbol
    for (let i = 0; i < 9; i++) flip(12 + 3 * 128 + i * 5, 0xa5); // block 3: nine, beyond repair
    const session = new Session();
    const open = await session.open('flipped.bin', image);
    if (!open.ok) throw new Error(open.error);
    const v = view(session.decode({ ...open.value.candidates[0]!.settings, params: c.cmdline }));
    const z = v.zones.find((x) => x.name === 'dmesg 0')!;
    expect(z.ecc!.blocks).toEqual([
      { index: 1, state: 'corrected', symbols: 1 },
      { index: 3, state: 'unrecoverable', symbols: 0 }
    ]);
    expect(z.reason).toContain('ECC corrected 1 byte(s), 1 unrecoverable block(s)');
    expect(v.records.find((r) => r.name === 'dmesg-ramoops-0')!.ecc).toEqual({
      corrected: 1,
      bad: 1,
      header: 0
    });
  });

  it('never changes the image it was given: a second decode reads the same bytes', async () => {
    const c = readKernelCase('debian-6.1-ecc16-none');
    const image = c.image.slice();
    // An error the decode corrects in its copy: the session's image must keep it.
    image[12 + 200] = image[12 + 200]! ^ 0x40;
    const before = image.slice();
    const session = new Session();
    const open = await session.open('image.bin', image);
    if (!open.ok) throw new Error(open.error);
    const settings = { ...open.value.candidates[0]!.settings, params: c.cmdline };
    const first = view(session.decode(settings));
    const second = view(session.decode(settings));
    expect(image).toEqual(before);
    for (const v of [first, second]) {
      expect(v.zones[0]!.ecc!.blocks).toEqual([{ index: 1, state: 'corrected', symbols: 1 }]);
    }
  });

  it('a wrong layout is said, zone by zone, not thrown', async () => {
    const { c, session } = await opened('debian-6.1-ecc0-none');
    const wrong = view(
      session.decode({
        backend: 'ramoops',
        params: c.cmdline.replace('ramoops.record_size=0x4000', 'ramoops.record_size=0x2000'),
        kernel: '6.1.192',
        offset: 0,
        size: null,
        cpus: 1
      })
    );
    expect(wrong.zones.filter((z) => z.type === 'dmesg').length).toBeGreaterThan(59);
    expect(wrong.zones.some((z) => z.rejected && /signature/.test(z.reason))).toBe(true);
    const refused = session.decode({
      backend: 'ramoops',
      params: 'ramoops.mem_size=0x10000000',
      kernel: '',
      offset: 0,
      size: null,
      cpus: 1
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.failure.error).toMatch(/too short/);
  });
});
