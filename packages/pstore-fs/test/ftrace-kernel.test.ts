/**
 * ftrace against a real 6.1.192 kernel (vectors/kernel/custom-6.1-*-all): per-CPU mode with
 * nr_cpus 1, so one ftrace zone of 0x2000 bytes at 0xf5fce. Combining that zone, rendering
 * it with the kernel's System.map and appending the ECC notice must give the file the kernel
 * showed, byte for byte — including 6.1's misaligned rendering when ECC is on.
 */
import { readKernelCase, readVector, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FTRACE_ARCH_LE64,
  KallsymsTable,
  combinePerCpuLogs,
  decodeFtraceRecord,
  ftraceLayout,
  ftraceLineFormat,
  renderFtraceFile
} from '../src/ftrace/index.ts';

if (!vectorsAvailable) skipMessage();

const V6_1 = { major: 6, minor: 1, sublevel: 192 };
const FTRACE_ZONE = { offset: 0xf5fce, size: 0x2000 };
/** 0x43474244 ^ LINUX_VERSION_CODE(6.1.192) */
const FTRACE_SIG = 0x43474244 ^ ((6 << 16) | (1 << 8) | 192);
const ECC_NOTICE = '\nECC: No errors detected\n';

/** Bytes as a latin1 string: fast to compare, and a readable diff when dmesg text differs. */
const latin1 = (u: Uint8Array | null): string | null =>
  u === null ? null : Buffer.from(u.buffer, u.byteOffset, u.length).toString('latin1');

/** Data capacity of a zone (PSTORE-SPEC §1.3). */
function capacity(zoneSize: number, ecc: number): number {
  const bs = zoneSize - 12;
  if (ecc === 0) return bs;
  return bs - (Math.ceil((bs - ecc) / (128 + ecc)) + 1) * ecc;
}

/** persistent_ram_save_old(): data[start..size) ++ data[0..start), after checking the header. */
function oldLog(image: Uint8Array, offset: number, zoneSize: number, ecc: number): Uint8Array {
  const dv = new DataView(image.buffer, image.byteOffset + offset, 12);
  expect(dv.getUint32(0, true)).toBe(FTRACE_SIG >>> 0);
  const start = dv.getUint32(4, true);
  const size = dv.getUint32(8, true);
  expect(size).toBeLessThanOrEqual(capacity(zoneSize, ecc));
  expect(start).toBeLessThanOrEqual(size);
  const data = image.subarray(offset + 12, offset + 12 + size);
  const out = new Uint8Array(size);
  out.set(data.subarray(start), 0);
  out.set(data.subarray(0, start), size - start);
  return out;
}

interface FtraceCase {
  readonly combined: Uint8Array;
  readonly shown: Uint8Array;
}

const layout = ftraceLayout(V6_1, FTRACE_ARCH_LE64);
const format = ftraceLineFormat(V6_1);

/** Combine the case's single CPU zone, as ramoops_pstore_read() does in per-CPU mode. */
function loadCase(name: string, ecc: number): FtraceCase {
  const kc = readKernelCase(name);
  const zone = oldLog(kc.image, FTRACE_ZONE.offset, FTRACE_ZONE.size, ecc);
  return {
    combined: combinePerCpuLogs([zone], layout),
    shown: kc.files.get('ftrace-ramoops-0')!
  };
}

describe.skipIf(!vectorsAvailable)('ftrace-ramoops-0 of a real 6.1 kernel', () => {
  // Loaded in beforeAll: a skipped suite's body still runs at collection time.
  let symbols: KallsymsTable;
  const cases = new Map<string, FtraceCase>();
  beforeAll(() => {
    symbols = KallsymsTable.parse(
      new TextDecoder().decode(readVector('kernel/custom-6.1-System.map.gz'))
    );
    cases.set('ecc0', loadCase('custom-6.1-ecc0-all', 0));
    cases.set('ecc16', loadCase('custom-6.1-ecc16-all', 16));
  });

  for (const { key, notice } of [
    { key: 'ecc0', notice: '' },
    { key: 'ecc16', notice: ECC_NOTICE }
  ]) {
    describe(`custom-6.1-${key}-all`, () => {
      it('holds whole 24-byte records with counters 0, 1, 2, … on CPU 0', () => {
        const { combined } = cases.get(key)!;
        expect(combined.length).toBeGreaterThan(0);
        expect(combined.length % layout.recSize).toBe(0);
        for (let i = 0; i * layout.recSize < combined.length; i++) {
          const r = decodeFtraceRecord(combined, i * layout.recSize, layout);
          expect([r.cpu, r.timestamp]).toEqual([0, BigInt(i)]);
        }
      });

      it('renders byte for byte what the kernel showed', () => {
        const { combined, shown } = cases.get(key)!;
        const r = renderFtraceFile(combined, notice, { layout, format, symbols });
        expect(latin1(new TextEncoder().encode(r.text))).toBe(latin1(shown));
        expect(r.symbolsMissing).toBe(false);
      });

      it('prints raw addresses where a kernel without the symbol would', () => {
        const { combined, shown } = cases.get(key)!;
        const r = renderFtraceFile(combined, notice, { layout, format });
        expect(r.symbolsMissing).toBe(true);
        expect(r.lines).toBe(new TextDecoder().decode(shown).split('\n').length - 1);
        expect(r.text).not.toMatch(/ksys_write|do_syscall_64/);
      });
    });
  }

  it('is misaligned with ECC 16 only because the 25-byte notice counts in total_size', () => {
    const { combined } = cases.get('ecc16')!;
    const aligned = renderFtraceFile(combined, '', { layout, format, symbols });
    expect(latin1(new TextEncoder().encode(aligned.text))).toBe(latin1(cases.get('ecc0')!.shown));
    const shifted = renderFtraceFile(combined, ECC_NOTICE, { layout, format, symbols });
    expect(shifted.lines).toBe(aligned.lines + 1); // the last line decodes the notice text
    expect(shifted.unresolved).toBe(2 * shifted.lines);
  });
});
