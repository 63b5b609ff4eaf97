import { describe, expect, it } from 'vitest';
import {
  FTRACE_ARCH_LE64,
  decodeFtraceRecord,
  encodeFtraceRecord,
  ftraceLayout,
  readFtraceTimestamp,
  type FtraceArch
} from '../src/ftrace/index.ts';
import { PstoreFormatError } from '../src/format-error.ts';

const V4_9 = { major: 4, minor: 9, sublevel: 0 };
const V4_10 = { major: 4, minor: 10, sublevel: 0 };
const V6_1 = { major: 6, minor: 1, sublevel: 192 };

const BE64: FtraceArch = { longBytes: 8, endian: 'big', cpuInIp: 0 };
const LE32: FtraceArch = { longBytes: 4, endian: 'little', cpuInIp: 0 };
const ARM4: FtraceArch = { longBytes: 4, endian: 'little', cpuInIp: 3 };
const ARM_THUMB2: FtraceArch = { longBytes: 4, endian: 'little', cpuInIp: 1 };

const hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');

describe('ftraceLayout (sizeof struct pstore_ftrace_record)', () => {
  it('is 24 bytes on 64-bit in both eras (4.9 pads its u32 cpu to 8)', () => {
    expect(ftraceLayout(V4_9, FTRACE_ARCH_LE64)).toMatchObject({ kind: 'cpu-field', recSize: 24 });
    expect(ftraceLayout(V4_10, FTRACE_ARCH_LE64)).toMatchObject({ kind: 'timestamp', recSize: 24 });
  });

  it('is 12/16 bytes on 32-bit and 8/16 with PSTORE_CPU_IN_IP', () => {
    expect(ftraceLayout(V4_9, LE32).recSize).toBe(12);
    expect(ftraceLayout(V6_1, LE32).recSize).toBe(16);
    expect(ftraceLayout(V4_9, ARM4).recSize).toBe(8);
    expect(ftraceLayout(V6_1, ARM4).recSize).toBe(16);
  });

  it('rejects PSTORE_CPU_IN_IP with 8-byte longs', () => {
    expect(() => ftraceLayout(V6_1, { ...FTRACE_ARCH_LE64, cpuInIp: 1 })).toThrow(
      PstoreFormatError
    );
  });
});

describe('encodeFtraceRecord / decodeFtraceRecord', () => {
  const call = { ip: 0xffffffff8101ea64n, parentIp: 0xffffffff8101bcdan, cpu: 3, counter: 5n };

  it('encodes the WORKED-EXAMPLES §F record (x86-64, ts = 5 << 8 | 3)', () => {
    const bytes = encodeFtraceRecord(call, ftraceLayout(V6_1, FTRACE_ARCH_LE64));
    expect(hex(bytes)).toBe('64ea0181ffffffff' + 'dabc0181ffffffff' + '0305000000000000');
  });

  it('decodes cpu and timestamp back from ts', () => {
    const layout = ftraceLayout(V6_1, FTRACE_ARCH_LE64);
    expect(decodeFtraceRecord(encodeFtraceRecord(call, layout), 0, layout)).toEqual({
      ip: call.ip,
      parentIp: call.parentIp,
      cpu: 3,
      timestamp: 5n
    });
  });

  it('writes big-endian fields on big-endian machines', () => {
    const layout = ftraceLayout(V6_1, BE64);
    const bytes = encodeFtraceRecord(call, layout);
    expect(hex(bytes)).toBe('ffffffff8101ea64' + 'ffffffff8101bcda' + '0000000000000503');
    expect(decodeFtraceRecord(bytes, 0, layout).cpu).toBe(3);
  });

  it('ORs the CPU into ip with PSTORE_CPU_IN_IP and keeps the whole counter in ts', () => {
    const layout = ftraceLayout(V6_1, ARM4);
    const bytes = encodeFtraceRecord(
      { ip: 0xc0101230n, parentIp: 0xc0104560n, cpu: 2, counter: 7n },
      layout
    );
    expect(hex(bytes)).toBe('321210c0' + '604510c0' + '0700000000000000');
    expect(decodeFtraceRecord(bytes, 0, layout)).toEqual({
      ip: 0xc0101232n, // the file prints ip with the CPU bits still set
      parentIp: 0xc0104560n,
      cpu: 2,
      timestamp: 7n
    });
    const thumb = ftraceLayout(V6_1, ARM_THUMB2);
    const t = encodeFtraceRecord({ ip: 0xc0101230n, parentIp: 0n, cpu: 1, counter: 9n }, thumb);
    expect(decodeFtraceRecord(t, 0, thumb)).toMatchObject({ cpu: 1, timestamp: 9n });
  });

  it('stores a separate u32 cpu on 4.9 (zero padding up to 24 bytes) and no counter', () => {
    const layout = ftraceLayout(V4_9, FTRACE_ARCH_LE64);
    const bytes = encodeFtraceRecord({ ...call, cpu: 0x01020304 }, layout);
    expect(hex(bytes.subarray(16))).toBe('0403020100000000');
    expect(decodeFtraceRecord(bytes, 0, layout)).toEqual({
      ip: call.ip,
      parentIp: call.parentIp,
      cpu: 0x01020304,
      timestamp: 0n
    });
    const arm = ftraceLayout(V4_9, ARM4);
    const b = encodeFtraceRecord({ ip: 0xc0000100n, parentIp: 0xc0000200n, cpu: 3 }, arm);
    expect(hex(b)).toBe('030100c0' + '000200c0');
    expect(decodeFtraceRecord(b, 0, arm).cpu).toBe(3);
  });

  it('does not mask the CPU number, as the kernel does not (ts |= cpu)', () => {
    const layout = ftraceLayout(V6_1, FTRACE_ARCH_LE64);
    const bytes = encodeFtraceRecord({ ...call, cpu: 0x1ff, counter: 0n }, layout);
    expect(decodeFtraceRecord(bytes, 0, layout)).toMatchObject({ cpu: 0xff, timestamp: 1n });
  });

  it('wraps the counter shift at 64 bits', () => {
    const layout = ftraceLayout(V6_1, FTRACE_ARCH_LE64);
    const bytes = encodeFtraceRecord({ ...call, counter: (1n << 56n) + 6n }, layout);
    expect(decodeFtraceRecord(bytes, 0, layout).timestamp).toBe(6n);
  });

  it('decodes at a misaligned offset', () => {
    const layout = ftraceLayout(V6_1, FTRACE_ARCH_LE64);
    const two = new Uint8Array(48);
    two.set(encodeFtraceRecord(call, layout), 0);
    two.set(encodeFtraceRecord({ ...call, counter: 6n }, layout), 24);
    const r = decodeFtraceRecord(two, 1, layout);
    expect(r.ip).toBe(0xdaffffffff8101ean);
    expect(r.parentIp).toBe(0x03ffffffff8101bcn);
    expect(readFtraceTimestamp(two, 24, layout)).toBe(6n);
  });

  it('rejects values no kernel could store and reads past the end', () => {
    const layout = ftraceLayout(V6_1, LE32);
    expect(() => encodeFtraceRecord({ ...call, ip: 1n << 32n }, layout)).toThrow(/4-byte/);
    expect(() => encodeFtraceRecord({ ...call, cpu: -1 }, layout)).toThrow(PstoreFormatError);
    expect(() => decodeFtraceRecord(new Uint8Array(20), 5, layout)).toThrow(/needs 16 bytes/);
    expect(() =>
      readFtraceTimestamp(new Uint8Array(24), 0, ftraceLayout(V4_9, FTRACE_ARCH_LE64))
    ).toThrow(/no timestamp/);
  });
});
