/**
 * The persistent function tracer (fs/pstore/ftrace.c): the record_ftrace
 * knob and parameter, pstore_ftrace_stamp, oops_in_progress, and records
 * that come back as ftrace-ramoops-0 after a reboot.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeFtraceRecord,
  FTRACE_ARCH_LE64,
  ftraceLayout,
  PSTORE_FLAGS,
  PSTORE_TYPE
} from '@pstore/pstore-fs';
import { RecordingBackend } from '@pstore/pstore-fs/testing';
import { boot, bootWithRamoops } from './core-fixtures.ts';

const ftraceRecords = (backend: RecordingBackend) =>
  backend.written.filter((r) => r.type === PSTORE_TYPE.FTRACE);

describe('pstore ftrace', () => {
  it('records nothing until the record_ftrace knob is set, then one record per call', () => {
    const b = boot('6.12.0');
    const backend = new RecordingBackend();
    b.pstore.register(backend);
    expect(b.pstore.ftraceCall(0xffffffff81000000n, 0xffffffff81000100n)).toBeNull();
    b.pstore.setRecordFtrace(true);
    expect(b.pstore.ftraceCall(0xffffffff81000000n, 0xffffffff81000100n, 2)).toBe(0);
    expect(b.pstore.ftraceCall(0xffffffff81000200n, 0xffffffff81000300n, 3)).toBe(0);
    const layout = ftraceLayout(b.pstore.kernel, FTRACE_ARCH_LE64);
    const recs = ftraceRecords(backend).map((r) => ({
      r,
      d: decodeFtraceRecord(r.buf, 0, layout)
    }));
    expect(recs.map(({ r, d }) => [r.cpu, r.size, d.cpu, d.timestamp, d.ip])).toEqual([
      [2, 24, 2, 0n, 0xffffffff81000000n],
      [3, 24, 3, 1n, 0xffffffff81000200n]
    ]);
    expect(b.pstore.ftrace.stamp).toBe(2n);
  });

  it('pstore.record_ftrace (5.14+) records from registration on', () => {
    const b = boot('6.1.192', { params: { recordFtrace: true } });
    const backend = new RecordingBackend();
    b.pstore.register(backend);
    expect(b.pstore.ftrace.recordFtrace).toBe(true);
    b.pstore.ftraceCall(0x1000n, 0x2000n);
    expect(ftraceRecords(backend)).toHaveLength(1);
  });

  it('is skipped while oops_in_progress is set', () => {
    const b = boot('6.12.0', { params: { recordFtrace: true } });
    const backend = new RecordingBackend();
    b.pstore.register(backend);
    b.consoles.bustSpinlocks(true);
    expect(b.pstore.ftraceCall(0x1000n, 0x2000n)).toBeNull();
    b.consoles.bustSpinlocks(false);
    expect(b.pstore.ftraceCall(0x1000n, 0x2000n)).toBe(0);
    expect(ftraceRecords(backend)).toHaveLength(1);
  });

  it('4.9 records {ip, parent_ip, cpu} without a sequence number', () => {
    const b = boot('4.9');
    const backend = new RecordingBackend();
    b.pstore.register(backend);
    b.pstore.setRecordFtrace(true);
    b.pstore.ftraceCall(0xffffffff81000000n, 0xffffffff81000100n, 1);
    const layout = ftraceLayout(b.pstore.kernel, FTRACE_ARCH_LE64);
    const rec = ftraceRecords(backend)[0]!;
    expect(layout.kind).toBe('cpu-field');
    expect(decodeFtraceRecord(rec.buf, 0, layout)).toMatchObject({ cpu: 1, timestamp: 0n });
    expect(b.pstore.ftrace.stamp).toBe(0n);
  });

  it('the knob does not exist without a backend taking ftrace records, and unregistration stops tracing', () => {
    const b = boot('6.12.0');
    expect(() => b.pstore.setRecordFtrace(true)).toThrow(/record_ftrace/);
    const backend = new RecordingBackend('r', 4096, 2, PSTORE_FLAGS.DMESG | PSTORE_FLAGS.FTRACE);
    b.pstore.register(backend);
    b.pstore.setRecordFtrace(true);
    b.pstore.unregister();
    expect(b.pstore.ftraceCall(0x1000n, 0x2000n)).toBeNull();
    expect(b.pstore.ftrace.recordFtrace).toBe(false);
  });

  it('records written through ramoops come back as ftrace-ramoops-0, merged by stamp', () => {
    const mem = new Uint8Array(0x40000);
    const b = bootWithRamoops(mem, '6.12.0');
    b.pstore.setRecordFtrace(true);
    for (let i = 0n; i < 5n; i++) {
      b.pstore.ftraceCall(0xffffffff81000000n + i * 0x10n, 0xffffffff82000000n);
    }
    const next = bootWithRamoops(mem, '6.12.0');
    const file = next.fs.stat('ftrace-ramoops-0');
    const layout = ftraceLayout(next.pstore.kernel, FTRACE_ARCH_LE64);
    const stamps = [0, 1, 2, 3, 4].map((i) => decodeFtraceRecord(file.record.buf, i * 24, layout));
    expect(stamps.map((d) => d.timestamp)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(stamps[4]!.ip).toBe(0xffffffff81000040n);
  });
});
