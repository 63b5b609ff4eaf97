import { describe, expect, it } from 'vitest';
import {
  KMSG_DUMP_EMERG,
  KMSG_DUMP_HALT,
  KMSG_DUMP_MAX,
  KMSG_DUMP_OOPS,
  KMSG_DUMP_PANIC,
  KMSG_DUMP_POWEROFF,
  KMSG_DUMP_RESTART,
  KMSG_DUMP_SHUTDOWN,
  KMSG_DUMP_UNDEF,
  kmsgDumpAdmits,
  kmsgDumpReasons,
  kmsgDumpReasonStr
} from '../src/index.ts';
import { checkKmsgDumpReason, kmsgDumpEra } from '../src/kmsg-dump-reason.ts';

const V4_9 = { major: 4, minor: 9, sublevel: 337 };
const V5_7 = { major: 5, minor: 7, sublevel: 0 };
const V5_8 = { major: 5, minor: 8, sublevel: 0 };
const V6_1 = { major: 6, minor: 1, sublevel: 192 };

describe('enum kmsg_dump_reason per era', () => {
  it('switches to the SHUTDOWN numbering at 5.8', () => {
    expect(kmsgDumpEra(V4_9)).toBe('v4.9');
    expect(kmsgDumpEra(V5_7)).toBe('v4.9');
    expect(kmsgDumpEra(V5_8)).toBe('v5.8');
    expect(kmsgDumpEra(V6_1)).toBe('v5.8');
  });

  it('names 4.9 reasons 0..6 with pstore strings Unknown..Poweroff', () => {
    expect(kmsgDumpReasons(V4_9).map((r) => [r.value, r.str])).toEqual([
      [0, 'Unknown'],
      [1, 'Panic'],
      [2, 'Oops'],
      [3, 'Emergency'],
      [4, 'Restart'],
      [5, 'Halt'],
      [6, 'Poweroff']
    ]);
    expect([KMSG_DUMP_RESTART, KMSG_DUMP_HALT, KMSG_DUMP_POWEROFF]).toEqual([4, 5, 6]);
  });

  it('names 5.8+ reasons 0..4 with KMSG_DUMP_MAX = 5 as a sentinel printed "Unknown"', () => {
    expect(kmsgDumpReasons(V6_1).map((r) => r.name)).toEqual([
      'KMSG_DUMP_UNDEF',
      'KMSG_DUMP_PANIC',
      'KMSG_DUMP_OOPS',
      'KMSG_DUMP_EMERG',
      'KMSG_DUMP_SHUTDOWN'
    ]);
    expect(kmsgDumpReasonStr(KMSG_DUMP_SHUTDOWN, V6_1)).toBe('Shutdown');
    expect(kmsgDumpReasonStr(KMSG_DUMP_MAX, V6_1)).toBe('Unknown');
    expect(kmsgDumpReasonStr(KMSG_DUMP_UNDEF, V6_1)).toBe('Unknown');
    expect(kmsgDumpReasonStr(4, V4_9)).toBe('Restart');
  });

  it('rejects a reason the era does not have with EINVAL', () => {
    expect(() => checkKmsgDumpReason(KMSG_DUMP_MAX, V6_1)).toThrow(/reason 5/);
    expect(() => checkKmsgDumpReason(6, V6_1)).toThrow(/0\.\.4/);
    expect(() => checkKmsgDumpReason(7, V4_9)).toThrow(/0\.\.6/);
    expect(() => kmsgDumpEra({ major: 6, minor: 1.5, sublevel: 0 })).toThrow(/kernel minor/);
  });
});

describe('kmsg_dump filtering', () => {
  it('5.8+: max_reason UNDEF means OOPS (PANIC, OOPS dumped; EMERG, SHUTDOWN not)', () => {
    const p = { kernel: V6_1 };
    expect(kmsgDumpAdmits(KMSG_DUMP_PANIC, 0, p)).toBe(true);
    expect(kmsgDumpAdmits(KMSG_DUMP_OOPS, 0, p)).toBe(true);
    expect(kmsgDumpAdmits(KMSG_DUMP_EMERG, 0, p)).toBe(false);
    expect(kmsgDumpAdmits(KMSG_DUMP_SHUTDOWN, 0, p)).toBe(false);
  });

  it('5.8+: max_reason UNDEF with always_kmsg_dump means MAX (everything)', () => {
    const p = { kernel: V6_1, alwaysKmsgDump: true };
    expect(kmsgDumpAdmits(KMSG_DUMP_SHUTDOWN, 0, p)).toBe(true);
  });

  it('5.8+: an explicit max_reason is the limit, whatever always_kmsg_dump says', () => {
    expect(kmsgDumpAdmits(KMSG_DUMP_OOPS, KMSG_DUMP_PANIC, { kernel: V6_1 })).toBe(false);
    expect(
      kmsgDumpAdmits(KMSG_DUMP_SHUTDOWN, KMSG_DUMP_OOPS, { kernel: V6_1, alwaysKmsgDump: true })
    ).toBe(false);
    expect(kmsgDumpAdmits(KMSG_DUMP_SHUTDOWN, KMSG_DUMP_MAX, { kernel: V6_1 })).toBe(true);
  });

  it('4.9: reasons above OOPS reach no dumper without always_kmsg_dump', () => {
    expect(kmsgDumpAdmits(KMSG_DUMP_EMERG, 0, { kernel: V4_9 })).toBe(false);
    expect(kmsgDumpAdmits(KMSG_DUMP_HALT, 6, { kernel: V4_9 })).toBe(false);
    expect(kmsgDumpAdmits(KMSG_DUMP_HALT, 0, { kernel: V4_9, alwaysKmsgDump: true })).toBe(true);
  });

  it('4.9: a non-zero max_reason still limits the dumper', () => {
    expect(kmsgDumpAdmits(KMSG_DUMP_OOPS, KMSG_DUMP_PANIC, { kernel: V4_9 })).toBe(false);
    expect(
      kmsgDumpAdmits(KMSG_DUMP_POWEROFF, KMSG_DUMP_RESTART, { kernel: V4_9, alwaysKmsgDump: true })
    ).toBe(false);
  });
});
