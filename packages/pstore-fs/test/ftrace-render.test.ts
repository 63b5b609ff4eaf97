import { describe, expect, it } from 'vitest';
import {
  FTRACE_ARCH_LE64,
  KallsymsTable,
  encodeFtraceRecord,
  ftraceLayout,
  ftraceLineFormat,
  renderFtraceFile,
  type FtraceArch,
  type FtraceCall,
  type FtraceLayout
} from '../src/ftrace/index.ts';

const V4_9 = { major: 4, minor: 9, sublevel: 0 };
const V4_19 = { major: 4, minor: 19, sublevel: 0 };
const V6_1 = { major: 6, minor: 1, sublevel: 192 };

const MAP = `
ffffffff81000000 T _stext
ffffffff8101bc80 T caller_fn
ffffffff8101bd00 T other_fn
ffffffff8101ea60 T callee_fn
ffffffff8101eb00 T next_fn
ffffffff81600000 T _etext
`;
const symbols = KallsymsTable.parse(MAP);
const F_CALL: FtraceCall = {
  ip: 0xffffffff8101ea64n,
  parentIp: 0xffffffff8101bcdan,
  cpu: 3,
  counter: 5n
};

function records(layout: FtraceLayout, calls: FtraceCall[]): Uint8Array {
  const out = new Uint8Array(calls.length * layout.recSize);
  calls.forEach((c, i) => out.set(encodeFtraceRecord(c, layout), i * layout.recSize));
  return out;
}

describe('ftraceLineFormat', () => {
  it('follows the eras of pstore_ftrace_seq_show()', () => {
    expect(ftraceLineFormat(V4_9)).toBe('cpu-pf');
    expect(ftraceLineFormat({ major: 4, minor: 10, sublevel: 0 })).toBe('ts-pf');
    expect(ftraceLineFormat({ major: 5, minor: 1, sublevel: 21 })).toBe('ts-pf');
    expect(ftraceLineFormat({ major: 5, minor: 2, sublevel: 0 })).toBe('ts-ps');
    expect(ftraceLineFormat(V6_1)).toBe('ts-ps');
  });
});

describe('renderFtraceFile', () => {
  const layout = ftraceLayout(V6_1, FTRACE_ARCH_LE64);

  it('renders the WORKED-EXAMPLES §F record on 6.x', () => {
    const r = renderFtraceFile(records(layout, [F_CALL]), '', { layout, format: 'ts-ps', symbols });
    expect(r.text).toBe(
      'CPU:3 ts:5 ffffffff8101ea64  ffffffff8101bcda  callee_fn <- caller_fn+0x5a/0x80\n'
    );
    expect(r).toMatchObject({ lines: 1, symbolsMissing: false, unresolved: 0 });
  });

  it('renders 4.10–5.1 (%pf/%pF) identically on x86-64', () => {
    const l = ftraceLayout(V4_19, FTRACE_ARCH_LE64);
    const r = renderFtraceFile(records(l, [F_CALL]), '', {
      layout: l,
      format: ftraceLineFormat(V4_19),
      symbols
    });
    expect(r.text).toMatch(/^CPU:3 ts:5 ffffffff8101ea64 {2}ffffffff8101bcda {2}callee_fn <- /);
  });

  it('renders 4.9 as "cpu ip  parent  sym <- sym+off/size"', () => {
    const l = ftraceLayout(V4_9, FTRACE_ARCH_LE64);
    const r = renderFtraceFile(records(l, [F_CALL]), '', { layout: l, format: 'cpu-pf', symbols });
    expect(r.text).toBe('3 ffffffff8101ea64  ffffffff8101bcda  callee_fn <- caller_fn+0x5a/0x80\n');
  });

  it('pads %08lx to 8 hex digits on 32-bit', () => {
    const arch: FtraceArch = { longBytes: 4, endian: 'little', cpuInIp: 0 };
    const l = ftraceLayout(V6_1, arch);
    const call = { ip: 0xabcn, parentIp: 0xc0001000n, cpu: 1, counter: 2n };
    const r = renderFtraceFile(records(l, [call]), '', { layout: l, format: 'ts-ps' });
    expect(r.text).toBe('CPU:1 ts:2 00000abc  c0001000  0xabc <- 0xc0001000\n');
  });

  it('prints raw addresses and raises symbolsMissing without a symbol table', () => {
    const r = renderFtraceFile(records(layout, [F_CALL]), '', { layout, format: 'ts-ps' });
    expect(r.text).toBe(
      'CPU:3 ts:5 ffffffff8101ea64  ffffffff8101bcda  0xffffffff8101ea64 <- 0xffffffff8101bcda\n'
    );
    expect(r.symbolsMissing).toBe(true);
  });

  it('starts at total_size % REC_SIZE, the ECC notice included: 20 bytes shift 4.9 by 20', () => {
    const l = ftraceLayout(V4_9, FTRACE_ARCH_LE64);
    const data = records(l, [F_CALL, { ...F_CALL, cpu: 1 }]);
    const r = renderFtraceFile(data, '\nNo errors detected\n', { layout: l, format: 'cpu-pf' });
    // total 68 → start 20, records at 20 and 44: the second reads into the notice.
    expect(r.lines).toBe(2);
    // Bytes 20..43: ip = rec 0's zero padding + low half of rec 1's ip, parent = high half of
    // that ip + low half of rec 1's parent, cpu = the parent's high half 0xffffffff → -1.
    expect(r.text.split('\n')[0]).toBe(
      '-1 8101ea6400000000  8101bcdaffffffff  0x8101ea6400000000 <- 0x8101bcdaffffffff'
    );
  });

  it('skips a trailing partial record and counts unresolved addresses', () => {
    const data = records(layout, [F_CALL, F_CALL]).subarray(0, 40); // 1 record + 16 bytes
    const r = renderFtraceFile(data, '', { layout, format: 'ts-ps', symbols });
    // 40 % 24 = 16: one record at 16..40: rec 0's ts as ip (no symbol), rec 1's ip as parent,
    // rec 1's parent as ts (cpu 0xda, counter = parent >> 8).
    expect(r.lines).toBe(1);
    expect(r.text).toBe(
      'CPU:218 ts:72057594029605308 00000503  ffffffff8101ea64  0x503 <- callee_fn+0x4/0xa0\n'
    );
    expect(r.unresolved).toBe(1);
  });

  it('prints an unsigned cpu as %d, so garbage can be negative', () => {
    const l = ftraceLayout(V4_9, FTRACE_ARCH_LE64);
    const data = records(l, [{ ...F_CALL, cpu: 0xfffffffe }]);
    expect(renderFtraceFile(data, '', { layout: l, format: 'cpu-pf' }).text).toMatch(/^-2 /);
  });

  it('rejects a line format from another era than the layout', () => {
    expect(() => renderFtraceFile(new Uint8Array(0), '', { layout, format: 'cpu-pf' })).toThrow(
      /does not match/
    );
  });
});
