/**
 * pstore.update_ms: the timer that rescans the filesystem after an oops so
 * the new dmesg file appears while the system runs; and the simulated clock
 * that drives it.
 */
import { describe, expect, it } from 'vitest';
import { KMSG_DUMP_OOPS, KMSG_DUMP_PANIC } from '@pstore/kmsg';
import { SimulatedPstoreClock } from '@pstore/pstore-fs';
import { boot, bootWithRamoops, logLines, probeRamoops } from './core-fixtures.ts';

const names = (b: ReturnType<typeof bootWithRamoops>): string[] => b.fs.list().map((f) => f.name);

describe('pstore.update_ms', () => {
  it.each(['4.9', '6.12.0'])(
    '%s: an oops dump shows up as dmesg-ramoops-0 one period later, not before',
    (kernel) => {
      const b = bootWithRamoops(new Uint8Array(0x40000), kernel, { params: { updateMs: 1000 } });
      logLines(b, 5);
      b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
      expect(b.pstore.newEntry).toBe(true);
      expect(names(b)).not.toContain('dmesg-ramoops-0');
      b.clock.advance(999);
      expect(names(b)).not.toContain('dmesg-ramoops-0');
      b.clock.advance(1);
      expect(names(b)).toContain('dmesg-ramoops-0');
      expect(b.pstore.newEntry).toBe(false);
      expect(b.clock.pending).toBe(1); // re-armed
    }
  );

  it('a panic dump does not trigger a rescan (only oopses do)', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '6.12.0', { params: { updateMs: 10 } });
    logLines(b, 5);
    b.dumpers.kmsgDump(KMSG_DUMP_PANIC);
    b.clock.advance(100);
    expect(names(b)).not.toContain('dmesg-ramoops-0');
  });

  it('6.x: every stored oops part pushes the next tick back a full period', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '6.12.0', { params: { updateMs: 1000 } });
    b.clock.advance(600);
    logLines(b, 5);
    b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
    b.clock.advance(600); // 1200 ms after boot: the tick armed at boot would have fired
    expect(names(b)).not.toContain('dmesg-ramoops-0');
    b.clock.advance(400);
    expect(names(b)).toContain('dmesg-ramoops-0');
  });

  it('4.9: the tick keeps its period, and an oops is flagged only while pstore is mounted', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '4.9', { params: { updateMs: 1000 } });
    b.clock.advance(600);
    logLines(b, 5);
    b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
    b.clock.advance(400);
    expect(names(b)).toContain('dmesg-ramoops-0');

    const unmounted = boot('4.9', { params: { updateMs: 1000 } });
    unmounted.pstore.register(probeRamoops(new Uint8Array(0x40000), '4.9'));
    logLines(unmounted, 5);
    unmounted.dumpers.kmsgDump(KMSG_DUMP_OOPS);
    expect(unmounted.pstore.newEntry).toBe(false);
  });

  it('update_ms −1 (the default) arms no timer', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '6.12.0');
    logLines(b, 5);
    b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
    expect(b.clock.pending).toBe(0);
    b.clock.advance(60_000);
    expect(names(b)).not.toContain('dmesg-ramoops-0');
  });

  it('unregistration stops the timer', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '6.12.0', { params: { updateMs: 5 } });
    expect(b.clock.pending).toBe(1);
    b.pstore.unregister();
    expect(b.clock.pending).toBe(0);
  });
});

describe('SimulatedPstoreClock', () => {
  it('fires timers in expiry order, including ones armed by a callback, and moves the wall clock', () => {
    const clock = new SimulatedPstoreClock({ sec: 100, nsec: 999_000_000 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => {
      fired.push('a@10');
      clock.setTimeout(() => fired.push('c@15'), 5);
    }, 10);
    const cancelled = clock.setTimeout(() => fired.push('never'), 1);
    clock.clearTimeout(cancelled);
    clock.advance(20);
    expect(fired).toEqual(['a@10', 'c@15', 'b@20']);
    expect(clock.now()).toEqual({ sec: 101, nsec: 19_000_000 });
    expect(() => clock.advance(-1)).toThrow(/cannot advance/);
  });
});
