import { readVector, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { beforeAll, describe, expect, it } from 'vitest';
import { KallsymsTable, compareSymbols, formatSymbol } from '../src/ftrace/index.ts';
import { PstoreFormatError } from '../src/format-error.ts';

if (!vectorsAvailable) skipMessage();

// A miniature x86-64 System.map: text, a data symbol, init text, bss.
const MAP = `
0000000001000000 A phys_startup_64
ffffffff81000000 T _stext
ffffffff81000000 T _text
ffffffff81000000 T startup_64
ffffffff81000060 T secondary_startup_64
ffffffff81000100 t helper
ffffffff81000100 W weak_alias
ffffffff81000180 T last_text_fn
ffffffff81000200 T _etext
ffffffff81000200 T __something_at_etext
ffffffff81100000 D some_data
ffffffff81100040 d more_data
ffffffff81200000 T _sinittext
ffffffff81200000 T start_kernel
ffffffff81200300 T _einittext
ffffffff81300000 B _end
`;

describe('KallsymsTable (core kernel)', () => {
  const table = KallsymsTable.parse(MAP);

  it('names the first alias in kallsyms order (startup_64, not _stext)', () => {
    expect(table.lookup(0xffffffff81000000n)).toEqual({
      name: 'startup_64',
      offset: 0n,
      size: 0x60n,
      module: null
    });
  });

  it('prefers non-weak over weak aliases', () => {
    expect(table.lookup(0xffffffff81000104n)?.name).toBe('helper');
  });

  it('sizes a symbol by the distance to the next higher address', () => {
    expect(table.lookup(0xffffffff810000ffn)).toMatchObject({
      name: 'secondary_startup_64',
      offset: 0x9fn,
      size: 0xa0n
    });
  });

  it('ends the last text symbol at _etext and the last init symbol at _einittext', () => {
    expect(table.lookup(0xffffffff810001ffn)).toMatchObject({ name: 'last_text_fn', size: 0x80n });
    expect(table.lookup(0xffffffff812002ffn)).toMatchObject({ name: 'start_kernel', size: 0x300n });
  });

  it('knows no symbol outside text and init text without CONFIG_KALLSYMS_ALL', () => {
    expect(table.lookup(0xffffffff81000200n)).toBeNull(); // _etext itself is outside
    expect(table.lookup(0xffffffff81100000n)).toBeNull();
    expect(table.lookup(0x58ffffffff810df9n)).toBeNull();
    expect(table.lookup(0xffffffff80ffffffn)).toBeNull();
  });

  it('covers data symbols with CONFIG_KALLSYMS_ALL', () => {
    const all = KallsymsTable.parse(MAP, { all: true });
    expect(all.lookup(0xffffffff81100044n)).toMatchObject({ name: 'more_data', offset: 4n });
    // _etext still bounds the last text function.
    expect(all.lookup(0xffffffff810001ffn)).toMatchObject({ name: 'last_text_fn', size: 0x80n });
    expect(all.lookup(0xffffffff81300000n)).toBeNull();
    expect(() => KallsymsTable.parse(MAP.replace(/.*_end\n/, ''), { all: true })).toThrow(/_end/);
  });

  it('drops absolute symbols and symbols sharing _etext’s address', () => {
    expect(table.size).toBe(11);
  });

  it('sorts linker-script markers after ordinary aliases', () => {
    const s = (name: string, seq: number) => ({ address: 1n, type: 'T', name, module: null, seq });
    expect(compareSymbols(s('__start_foo', 0), s('bar', 1))).toBeGreaterThan(0);
    expect(compareSymbols(s('__a', 0), s('_b', 1))).toBeGreaterThan(0);
    expect(compareSymbols(s('a', 0), s('b', 1))).toBeLessThan(0);
  });
});

describe('KallsymsTable (/proc/kallsyms with modules)', () => {
  const table = KallsymsTable.parse(
    MAP +
      'ffffffffc0000000 t mod_init_fn\t[pstore_test]\n' +
      'ffffffffc0000040 t mod_work\t[pstore_test]\n' +
      'ffffffffc00000a0 t mod_last\t[pstore_test]\n'
  );

  it('resolves addresses between two symbols of a module', () => {
    expect(table.lookup(0xffffffffc0000044n)).toEqual({
      name: 'mod_work',
      offset: 4n,
      size: 0x60n,
      module: 'pstore_test'
    });
    expect(formatSymbol(0xffffffffc0000044n, table, true).text).toBe(
      'mod_work+0x4/0x60 [pstore_test]'
    );
    expect(formatSymbol(0xffffffffc0000044n, table, false).text).toBe('mod_work [pstore_test]');
  });

  it('leaves the last symbol of a module unresolved (its text end is unknown)', () => {
    expect(table.lookup(0xffffffffc00000a4n)).toBeNull();
  });
});

describe('KallsymsTable.parse errors', () => {
  it('names the offending line', () => {
    expect(() => KallsymsTable.parse(MAP + 'not a symbol line\n')).toThrow(/line 18/);
  });

  it('recognises an unprivileged /proc/kallsyms', () => {
    const zeros = MAP.replace(/^[0-9a-f]{16}/gm, '0000000000000000');
    expect(() => KallsymsTable.parse(zeros)).toThrow(/kptr_restrict/);
  });

  it('needs _stext and _etext', () => {
    try {
      KallsymsTable.parse('ffffffff81000000 T foo\n');
      throw new Error('parsed');
    } catch (e) {
      expect(e).toBeInstanceOf(PstoreFormatError);
      expect((e as PstoreFormatError).code).toBe('EINVAL');
    }
  });
});

describe('formatSymbol (%ps / %pS)', () => {
  const table = KallsymsTable.parse(MAP);

  it('prints name, and +0xoff/0xsize with 0x even for a zero offset', () => {
    expect(formatSymbol(0xffffffff81000060n, table, false).text).toBe('secondary_startup_64');
    expect(formatSymbol(0xffffffff81000060n, table, true).text).toBe(
      'secondary_startup_64+0x0/0xa0'
    );
  });

  it('prints an unknown address as 0x%lx, unpadded', () => {
    expect(formatSymbol(0x1234n, table, true)).toEqual({ text: '0x1234', resolved: false });
    expect(formatSymbol(0xffffffff8101ea64n, null, false)).toEqual({
      text: '0xffffffff8101ea64',
      resolved: false
    });
  });
});

describe.skipIf(!vectorsAvailable)('KallsymsTable on the custom 6.1 System.map', () => {
  // Loaded in beforeAll: a skipped suite's body still runs at collection time.
  let table: KallsymsTable;
  beforeAll(() => {
    table = KallsymsTable.parse(
      new TextDecoder().decode(readVector('kernel/custom-6.1-System.map.gz'))
    );
  });

  it('resolves the traced functions and their callers as the kernel printed them', () => {
    expect(formatSymbol(0xffffffff810df949n, table, false).text).toBe('ksys_write');
    expect(formatSymbol(0xffffffff81213e58n, table, true).text).toBe('do_syscall_64+0x39/0x46');
    expect(formatSymbol(0xffffffff810df9b4n, table, true).text).toBe('ksys_write+0x6b/0x9c');
    expect(formatSymbol(0xffffffff810df738n, table, false).text).toBe('vfs_write');
  });

  it('names _stext’s address startup_64', () => {
    expect(formatSymbol(0xffffffff81000000n, table, true).text).toBe('startup_64+0x0/0x60');
  });
});
