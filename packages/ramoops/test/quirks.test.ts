/**
 * One test per quirk of PSTORE-SPEC.md §9 ("Quirks and easy-to-get-wrong
 * points"), exercised through the backend as the kernel runs it: probe,
 * read, write, erase — and, where the quirk shows in files, through the
 * pstore-fs view.
 */
import { describe, expect, it } from 'vitest';
import { parseKernelVersion } from '@pstore/ram-core';
import { encodeFtraceRecord, PstoreFs, pstoreCompressor } from '@pstore/pstore-fs';
import { PSTORE_TYPE, pstoreRecordInit, type PstoreRecord } from '@pstore/pstore-fs/backend';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import {
  RamoopsContext,
  ramoopsEra,
  ramoopsFromCmdline,
  ramoopsFromDeviceTree,
  ramoopsLayout,
  readKmsgHeader
} from '../src/index.ts';

if (!vectorsAvailable) skipMessage();

const enc = new TextEncoder();
const dec = new TextDecoder();

function boot(mem: Uint8Array, kernel: string, cmdline: string, nrCpus = 1) {
  const version = parseKernelVersion(kernel);
  const era = ramoopsEra(version);
  const config = ramoopsFromCmdline(cmdline, era);
  const cxt = RamoopsContext.probe(mem, config, { era, nrCpus });
  const fs = new PstoreFs();
  fs.mount(
    cxt,
    pstoreCompressor(version, { algorithm: config.pstore.compress, bufsize: cxt.bufsize })
  );
  return { cxt, fs, era, version };
}

function dump(text: string, opts: Partial<PstoreRecord> = {}): PstoreRecord {
  const r = pstoreRecordInit(PSTORE_TYPE.DMESG, { sec: 1700000000, nsec: 5_000_000 });
  r.buf = enc.encode(text);
  r.size = r.buf.length;
  r.part = 1;
  r.reason = 1;
  return Object.assign(r, opts);
}

const SMALL = 'ramoops.mem_size=0x10000 ramoops.record_size=0x1000';

describe('PSTORE-SPEC §9 quirks', () => {
  it.skipIf(!vectorsAvailable)(
    '1: no layout in RAM — reading a 6.1 image as 6.12 looks for pmsg where 6.1 put ftrace',
    () => {
      const c = readKernelCase('custom-6.1-ecc0-all');
      const right = boot(c.image.slice(), '6.1.192', c.cmdline);
      const wrong = boot(c.image.slice(), '6.12', c.cmdline);
      expect(right.fs.list().map((f) => f.name)).toContain('pmsg-ramoops-0');
      expect(wrong.fs.list().map((f) => f.name)).not.toContain('pmsg-ramoops-0');
      expect(wrong.cxt.mprz!.probe.found.state).toBe('no-signature');
    }
  );

  it('2: record/console/ftrace/pmsg sizes are rounded down to a power of two, mem_size is not', () => {
    const era = ramoopsEra(parseKernelVersion('6.12'));
    const cfg = ramoopsFromCmdline(
      'ramoops.mem_size=0x10800 ramoops.record_size=0x1800 ramoops.console_size=0x1100',
      era
    );
    const layout = ramoopsLayout(cfg, era, { nrCpus: 1 });
    expect(layout.sizes.recordSize).toBe(0x1000);
    expect(layout.sizes.consoleSize).toBe(0x1000);
    expect(layout.memSize).toBe(0x10800);
    expect(layout.notes.join('\n')).toMatch(/record_size 0x1800 rounded down to 0x1000/);
  });

  it('3: big-endian headers; start is the write cursor and reading is [start,size) then [0,start)', () => {
    const mem = new Uint8Array(0x10000);
    const version = parseKernelVersion('6.12');
    const era = ramoopsEra(version);
    const config = ramoopsFromCmdline(SMALL, era);
    const a = RamoopsContext.probe(mem, config, { era, endian: 'big' });
    const con = pstoreRecordInit(PSTORE_TYPE.CONSOLE);
    con.buf = enc.encode('x'.repeat(3000));
    con.size = con.buf.length;
    a.write(con);
    con.buf = enc.encode('y'.repeat(1977) + 'TAIL-OF-A-WRAPPED-RING\n');
    con.size = con.buf.length;
    a.write(con);
    const spec = a.layout.console!;
    const view = new DataView(mem.buffer, spec.offset);
    expect(view.getUint32(0, false)).toBe(0x43474244);
    // 5000 bytes into a 4084-byte ring: wrapped, the cursor 916 bytes in.
    expect([view.getUint32(4, false), view.getUint32(8, false)]).toEqual([916, 4084]);
    const b = RamoopsContext.probe(mem, config, { era, endian: 'big' });
    expect(dec.decode(b.cprz!.old).endsWith('TAIL-OF-A-WRAPPED-RING\n')).toBe(true);
  });

  it('4: start > size resets the zone and bad signatures are rewritten, payload bytes survive', () => {
    const mem = new Uint8Array(0x10000);
    const { cxt } = boot(mem, '6.12', SMALL);
    cxt.write(dump('Panic#1 Part1\npayload\n'));
    const off = cxt.layout.dmesg[0]!.offset;
    new DataView(mem.buffer).setUint32(off + 4, 0xffff, true);
    const again = boot(mem, '6.12', SMALL);
    expect(again.cxt.dprzs[0]!.probe.found.state).toBe('invalid');
    expect(again.fs.list()).toHaveLength(0);
    expect(dec.decode(mem.subarray(off + 12, off + 60))).toContain('payload');
  });

  it('5: ftrace zones are signed with LINUX_VERSION_CODE, so any other kernel version wipes them', () => {
    const mem = new Uint8Array(0x10000);
    const cmd = `${SMALL} ramoops.ftrace_size=0x1000`;
    const first = boot(mem, '6.1.192', cmd);
    const r = pstoreRecordInit(PSTORE_TYPE.FTRACE);
    r.buf = new Uint8Array(24).fill(1);
    r.size = 24;
    first.cxt.write(r);
    expect(
      boot(mem.slice(), '6.1.192', cmd)
        .fs.list()
        .map((f) => f.name)
    ).toContain('ftrace-ramoops-0');
    const other = boot(mem.slice(), '6.1.193', cmd);
    expect(other.cxt.fprzs[0]!.probe.found.state).toBe('no-signature');
    // The sublevel is clamped at 255: 6.1.300 and 6.1.255 sign alike.
    expect(
      ramoopsLayout(
        ramoopsFromCmdline(cmd, ramoopsEra(parseKernelVersion('6.1.300'))),
        ramoopsEra(parseKernelVersion('6.1.300')),
        { nrCpus: 1 }
      ).ftrace[0]!.sigXor
    ).toBe(0x0601ff);
  });

  it('6: ECC corrects the header in RAM before the signature is checked', () => {
    const cmd = `${SMALL} ramoops.ecc=16`;
    const mem = new Uint8Array(0x10000);
    boot(mem, '6.12', cmd).cxt.write(dump('Panic#1 Part1\nsurvives\n'));
    const off = boot(mem.slice(), '6.12', cmd).cxt.layout.dmesg[0]!.offset;
    mem[off] = mem[off]! ^ 0x01; // signature bit
    mem[off + 8] = mem[off + 8]! ^ 0x40; // size
    const { fs, cxt } = boot(mem, '6.12', cmd);
    expect(cxt.dprzs[0]!.probe.headerEcc).toBe(2);
    expect(dec.decode(fs.read('dmesg-ramoops-0'))).toBe(
      'Panic#1 Part1\nsurvives\n\nECC: 2 Corrected bytes, 0 unrecoverable blocks\n'
    );
  });

  it('7: the ECC notice gained its "ECC: " prefix in 5.18 and counts in the file size', () => {
    const cmd = `${SMALL} ramoops.ecc=16`;
    for (const [kernel, notice] of [
      ['5.17', '\nNo errors detected\n'],
      ['5.18', '\nECC: No errors detected\n']
    ] as const) {
      const mem = new Uint8Array(0x10000);
      boot(mem, kernel, cmd).cxt.write(dump('Panic#1 Part1\n'));
      const { fs } = boot(mem, kernel, cmd);
      expect(fs.stat('dmesg-ramoops-0').size).toBe(14 + notice.length);
      expect(dec.decode(fs.read('dmesg-ramoops-0'))).toBe(`Panic#1 Part1\n${notice}`);
    }
  });

  it('8: 4.x writes unpadded microseconds and the parser swallows whitespace after the newline', () => {
    const mem = new Uint8Array(0x10000);
    boot(mem, '4.14.0', SMALL).cxt.write(dump('Panic#1 Part1\n'));
    const { cxt } = boot(mem.slice(), '4.14.0', SMALL);
    expect(dec.decode(cxt.dprzs[0]!.old!.subarray(0, 22))).toBe('====1700000000.5000-D\n');
    const swallowed = readKmsgHeader(enc.encode('====1.000001-C\n\u000b\tdata'), {
      usecToNsec: true,
      time64Sec: true
    });
    expect(swallowed!.headerLength).toBe(17);
  });

  it('9: a dump zone whose header does not parse is discarded and zapped by the reader', () => {
    const mem = new Uint8Array(0x10000);
    const first = boot(mem, '6.12', SMALL);
    first.cxt.dprzs[0]!.write(enc.encode('===not a header\n'));
    const { fs, cxt } = boot(mem, '6.12', SMALL);
    expect(fs.list()).toHaveLength(0);
    expect([cxt.dprzs[0]!.start, cxt.dprzs[0]!.size]).toEqual([0, 0]);
  });

  it('10: 4.9.0 appends a new dump after an unerased old one; later kernels zap first', () => {
    for (const [kernel, first] of [
      ['4.9.0', 'Panic#1 Part1\nold\n'],
      ['6.12', 'Panic#1 Part1\nnew\n']
    ] as const) {
      const mem = new Uint8Array(0x10000);
      boot(mem, kernel, SMALL).cxt.write(dump('Panic#1 Part1\nold\n'));
      boot(mem, kernel, SMALL).cxt.write(dump('Panic#1 Part1\nnew\n'));
      const text = dec.decode(boot(mem, kernel, SMALL).fs.read('dmesg-ramoops-0'));
      expect(text.startsWith(first)).toBe(true);
    }
  });

  it('11: a payload longer than capacity − header is cut at the end', () => {
    const mem = new Uint8Array(0x10000);
    const { cxt } = boot(mem, '6.12', SMALL);
    const cap = cxt.dprzs[0]!.bufferSize;
    cxt.write(dump('A'.repeat(cap)));
    const text = dec.decode(boot(mem, '6.12', SMALL).fs.read('dmesg-ramoops-0'));
    expect(text).toBe('A'.repeat(cap - 24));
  });

  it('12: a 6.x kernel cannot read a 4.9-compressed dump: it stays .enc.z', () => {
    const mem = new Uint8Array(0x10000);
    const old = boot(mem, '4.9.0', SMALL);
    const c49 = pstoreCompressor(parseKernelVersion('4.9'), { bufsize: old.cxt.bufsize });
    const text = enc.encode('Panic#1 Part1\n' + 'kernel log line\n'.repeat(100));
    const stream = c49.compress(text)!;
    old.cxt.write(dump('', { buf: stream, size: stream.length, compressed: true }));
    expect(boot(mem.slice(), '4.9.0', SMALL).fs.read('dmesg-ramoops-0')).toEqual(text);
    const now = boot(mem.slice(), '6.12', SMALL);
    expect(now.fs.list().map((f) => f.name)).toEqual(['dmesg-ramoops-0.enc.z']);
    expect(now.fs.read('dmesg-ramoops-0.enc.z')).toEqual(stream);
  });

  it('13: only Part1 is stored, and dumps restart at zone 0 after every boot', () => {
    const mem = new Uint8Array(0x10000);
    const a = boot(mem, '6.12', SMALL);
    expect(a.cxt.write(dump('Panic#1 Part2\n', { part: 2 }))).toBe(-28);
    a.cxt.write(dump('Oops#1 Part1\n'));
    a.cxt.write(dump('Panic#2 Part1\n'));
    const b = boot(mem, '6.12', SMALL);
    expect(b.fs.list().map((f) => f.name)).toEqual(['dmesg-ramoops-0', 'dmesg-ramoops-1']);
    b.cxt.write(dump('Panic#1 Part1\nnext boot\n'));
    const c = boot(mem, '6.12', SMALL);
    expect(dec.decode(c.fs.read('dmesg-ramoops-0'))).toBe('Panic#1 Part1\nnext boot\n');
    expect(dec.decode(c.fs.read('dmesg-ramoops-1'))).toBe('Panic#2 Part1\n');
  });

  it('14: the merged per-CPU ftrace record has id 0, erasing it zaps only CPU 0, and ftrace survives boots', () => {
    const cmd = `${SMALL} ramoops.ftrace_size=0x2000`;
    const mem = new Uint8Array(0x10000);
    const a = boot(mem, '6.12', cmd, 2);
    for (const cpu of [0, 1]) {
      const r = pstoreRecordInit(PSTORE_TYPE.FTRACE);
      r.buf = new Uint8Array(24).fill(cpu + 1);
      r.size = 24;
      r.cpu = cpu;
      a.cxt.write(r);
    }
    const b = boot(mem, '6.12', cmd, 2);
    expect(b.fs.list().map((f) => f.name)).toEqual(['ftrace-ramoops-0']);
    expect(b.fs.stat('ftrace-ramoops-0').size).toBe(48);
    b.fs.unlink('ftrace-ramoops-0');
    const c = boot(mem, '6.12', cmd, 2);
    expect(c.fs.stat('ftrace-ramoops-0').size).toBe(24);
    expect(c.cxt.fprzs[0]!.size).toBe(0);
    expect(c.cxt.fprzs[1]!.size).toBe(24);
  });

  it('15: ftrace "ts" is a counter with the CPU in its low 8 bits (64-bit), stored in that CPU\'s zone', () => {
    const mem = new Uint8Array(0x10000);
    const cmd = `${SMALL} ramoops.ftrace_size=0x1000`;
    const { cxt } = boot(mem, '6.12', cmd, 4);
    const r = pstoreRecordInit(PSTORE_TYPE.FTRACE);
    r.buf = encodeFtraceRecord(
      { ip: 0xffffffff8101ea64n, parentIp: 0xffffffff8101bcdan, cpu: 3, counter: 5n },
      cxt.ftraceRecord
    );
    r.size = r.buf.length;
    r.cpu = 3;
    cxt.write(r);
    const zone = cxt.layout.ftrace[3]!;
    // WORKED-EXAMPLES §F: ts = (5 << 8) | 3.
    expect(Buffer.from(mem.subarray(zone.offset + 12, zone.offset + 36)).toString('hex')).toBe(
      '64ea0181ffffffffdabc0181ffffffff0305000000000000'
    );
  });

  it('16: module parameters always split ftrace per CPU; the device tree only with flags = <1>', () => {
    const era = ramoopsEra(parseKernelVersion('6.12'));
    const params = ramoopsFromCmdline(`${SMALL} ramoops.ftrace_size=0x1000`, era);
    expect(ramoopsLayout(params, era, { nrCpus: 4 }).ftrace).toHaveLength(4);
    const dts = (flags: string) => `/dts-v1/;
/ { reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;
  ramoops@8f000000 { compatible = "ramoops"; reg = <0x8f000000 0x10000>;
    record-size = <0x1000>; ftrace-size = <0x1000>; ${flags} }; }; };`;
    expect(
      ramoopsLayout(ramoopsFromDeviceTree(dts(''), era), era, { nrCpus: 4 }).ftrace
    ).toHaveLength(1);
    expect(
      ramoopsLayout(ramoopsFromDeviceTree(dts('flags = <1>;'), era), era, { nrCpus: 4 }).ftrace
    ).toHaveLength(4);
  });

  it("17: U-Boot's reader assumes the pre-6.2 order: its ftrace and pmsg offsets match 4.20–6.1", () => {
    const era = ramoopsEra(parseKernelVersion('6.1'));
    const layout = ramoopsLayout(ramoopsFromCmdline('ramoops.mem_size=0x100000', era), era, {
      nrCpus: 1
    });
    expect([layout.console!.offset, layout.ftrace[0]!.offset, layout.pmsg!.offset]).toEqual([
      1036288, 1040384, 1044480
    ]);
  });
});
