/**
 * pstore's console frontend: what it registers as, what it stores, the 4.9
 * chunking under the dump buffer lock, and a real 6.1 console-ramoops-0
 * reproduced byte for byte through Pstore and the ramoops backend.
 */
import { describe, expect, it } from 'vitest';
import { CON_ANYTIME, CON_ENABLED, CON_PRINTBUFFER } from '@pstore/console';
import { KERN_DEBUG, KERN_INFO, KMSG_DUMP_OOPS, KMSG_DUMP_PANIC } from '@pstore/kmsg';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { PSTORE_FLAGS, PSTORE_TYPE, PstoreFs, type PstoreFrontend } from '@pstore/pstore-fs';
import { RecordingBackend } from '@pstore/pstore-fs/testing';
import { boot, dec, enc, probeRamoops, type Boot } from './core-fixtures.ts';

if (!vectorsAvailable) skipMessage();

const consoleWrites = (backend: RecordingBackend): string[] =>
  backend.written.filter((r) => r.type === PSTORE_TYPE.CONSOLE).map((r) => dec(r.buf));

describe('the pstore console', () => {
  it.each([
    ['4.9', 'pstore'],
    ['5.7.0', 'pstore'],
    ['5.8.0', 'recorder'],
    ['6.12.0', 'recorder']
  ])('%s registers a console named "%s", index -1, PRINTBUFFER|ENABLED|ANYTIME', (kernel, name) => {
    const b = boot(kernel);
    b.pstore.register(new RecordingBackend());
    const con = b.consoles.consoles[0]!;
    expect(con).toMatchObject({ name, index: -1 });
    expect(con.flags).toBe(CON_PRINTBUFFER | CON_ENABLED | CON_ANYTIME);
  });

  it('cuts a backend name to the 15 bytes struct console holds', () => {
    const b = boot('6.12.0');
    b.pstore.register(new RecordingBackend('a-very-long-backend-name'));
    expect(b.consoles.consoles[0]!.name).toBe('a-very-long-bac');
  });

  it('replays the log printed before registration, then stores every console line', () => {
    const b = boot('6.12.0');
    b.t.ns = 5_000_000n;
    b.ring.printk(`${KERN_INFO}early line\n`);
    const backend = new RecordingBackend();
    b.pstore.register(backend);
    b.t.ns = 6_000_000n;
    b.ring.printk(`${KERN_INFO}later line\n`);
    b.ring.printk(`${KERN_DEBUG}debug: below console_loglevel\n`);
    expect(consoleWrites(backend)).toEqual([
      '[    0.005000] early line\n',
      '[    0.005000] pstore: Using crash dump compression: deflate\n',
      '[    0.005000] printk: console [recorder-1] enabled\n',
      '[    0.005000] pstore: Registered recorder as persistent store backend\n',
      '[    0.006000] later line\n'
    ]);
  });

  it("stamps each console record with the wall clock of its own write, for a backend's copy too", () => {
    const b = boot('6.12.0');
    const backend = new RecordingBackend();
    b.pstore.register(backend);
    const from = backend.written.length;
    b.clock.wall = { sec: 1_700_000_100, nsec: 5 };
    b.ring.printk(`${KERN_INFO}one\n`);
    b.clock.wall = { sec: 1_700_000_200, nsec: 7 };
    b.ring.printk(`${KERN_INFO}two\n`);
    expect(backend.written.slice(from).map((r) => [dec(r.buf), r.time])).toEqual([
      ['[    0.001000] one\n', { sec: 1_700_000_100, nsec: 5 }],
      ['[    0.001000] two\n', { sec: 1_700_000_200, nsec: 7 }]
    ]);
  });

  it('gives the backend a record filled afresh at every write, whatever the backend did to the last one', () => {
    const b = boot('6.12.0');
    const seen: unknown[] = [];
    const backend = new RecordingBackend();
    backend.write = (r) => {
      seen.push({ ...r, buf: dec(r.buf) });
      // A backend scribbling on the record it was lent.
      Object.assign(r, {
        id: 9,
        eccNoticeSize: 3,
        count: 4,
        reason: 5,
        part: 6,
        compressed: true,
        cpu: 1,
        time: null
      });
      return 0;
    };
    b.pstore.register(backend);
    seen.length = 0;
    b.ring.printk(`${KERN_INFO}a\n`);
    b.ring.printk(`${KERN_INFO}b\n`);
    const fresh = {
      type: PSTORE_TYPE.CONSOLE,
      id: 0,
      time: b.clock.wall,
      size: 17,
      eccNoticeSize: 0,
      count: 0,
      reason: 0,
      part: 0,
      compressed: false
    };
    expect(seen).toEqual([
      { ...fresh, buf: '[    0.001000] a\n' },
      { ...fresh, buf: '[    0.001000] b\n' }
    ]);
  });

  it('stops storing after unregistration (the "disabled" line is the last one)', () => {
    const b = boot('6.12.0');
    const backend = new RecordingBackend();
    b.pstore.register(backend);
    b.pstore.unregister();
    b.ring.printk(`${KERN_INFO}after\n`);
    expect(consoleWrites(backend).at(-1)).toMatch(/console \[recorder-1\] disabled\n$/);
  });

  it('4.9 writes chunks of at most bufsize bytes; 5.1+ writes each line whole', () => {
    for (const [kernel, chunks] of [
      ['4.9', ['[    0.001', '000] 01234', '56789abcde', 'f\n']],
      ['6.12.0', ['[    0.001000] 0123456789abcdef\n']]
    ] as const) {
      const b = boot(kernel);
      const backend = new RecordingBackend('r', 10, 2, PSTORE_FLAGS.CONSOLE);
      b.pstore.register(backend);
      b.ring.printk(`${KERN_INFO}0123456789abcdef\n`);
      expect(consoleWrites(backend).slice(-chunks.length)).toEqual(chunks);
    }
  });

  it('4.9 drops lines printed while a dump holds the buffer lock; 5.1+ stores them', () => {
    for (const [kernel, kept] of [
      ['4.9', false],
      ['6.12.0', true]
    ] as const) {
      const b = boot(kernel);
      const backend = new RecordingBackend('r', 4096);
      const write = backend.write.bind(backend);
      backend.write = (r) => {
        if (r.type === PSTORE_TYPE.DMESG) b.ring.printk(`${KERN_INFO}printed during the dump\n`);
        return write(r);
      };
      b.pstore.register(backend);
      b.dumpers.kmsgDump(KMSG_DUMP_OOPS);
      const seen = consoleWrites(backend).some((w) => w.includes('printed during the dump'));
      expect(seen).toBe(kept);
    }
  });
});

describe.skipIf(!vectorsAvailable)('a real 6.1 crash (custom-6.1-ecc0-all)', () => {
  interface Line {
    readonly facility: number;
    readonly level: number;
    readonly ns: bigint;
    readonly text: string;
  }

  /** The dump's lines "<N>[%5lu.%06lu] text" after the "Panic#1 Part1" header. */
  function dumpLines(file: Uint8Array): Line[] {
    const text = dec(file);
    expect(text.startsWith('Panic#1 Part1\n')).toBe(true);
    return text
      .slice('Panic#1 Part1\n'.length)
      .split('\n')
      .slice(0, -1)
      .map((l) => {
        const m = /^<(\d+)>\[ *(\d+)\.(\d{6})\] (.*)$/s.exec(l)!;
        const pri = Number(m[1]);
        return {
          facility: pri >> 3,
          level: pri & 7,
          ns: BigInt(m[2]!) * 1_000_000_000n + BigInt(m[3]!) * 1000n,
          text: m[4]!
        };
      });
  }

  it('replaying its log and registering ramoops where the kernel did gives the same dmesg and console files', () => {
    const c = readKernelCase('custom-6.1-ecc0-all');
    const lines = dumpLines(c.files.get('dmesg-ramoops-0')!);
    const at = (prefix: string) => lines.findIndex((l) => l.text.startsWith(prefix));
    const enabled = at('printk: console [ramoops-1] enabled');
    const registered = at('pstore: Registered ramoops as persistent store backend');
    expect([enabled > 50, registered]).toEqual([true, enabled + 1]);

    // The kernel spends the time between those two lines registering ftrace
    // and pmsg; a frontend on the pmsg step moves the clock as far.
    const clockStep: PstoreFrontend = {
      flag: PSTORE_FLAGS.PMSG,
      register: () => {
        b.t.ns = lines[registered]!.ns;
      },
      unregister: () => {}
    };
    const b: Boot = boot('6.1.192', { frontends: [clockStep] });
    const emit = (l: Line) => {
      b.t.ns = l.ns;
      b.ring.vprintkEmit(l.facility, l.level, enc(`${l.text}\n`));
    };
    const mem = new Uint8Array(0x100000);
    lines.slice(0, enabled).forEach(emit);
    b.t.ns = lines[enabled]!.ns;
    b.pstore.register(probeRamoops(mem, '6.1.192', c.cmdline));
    lines.slice(registered + 1).forEach(emit);
    b.dumpers.kmsgDump(KMSG_DUMP_PANIC); // panic() dumps after "Kernel Offset: disabled"
    const last = dec(c.files.get('console-ramoops-0')!).split('\n').at(-2)!;
    expect(last).toMatch(/^\[ *1\.126816\] ---\[ end Kernel panic/);
    emit({ facility: 0, level: 0, ns: 1_126_816_000n, text: last.slice(15) });

    const next = boot('6.1.192');
    next.pstore.register(probeRamoops(mem, '6.1.192', c.cmdline));
    const fs = new PstoreFs();
    next.pstore.mount(fs);
    for (const name of ['dmesg-ramoops-0', 'console-ramoops-0']) {
      expect(dec(fs.read(name)), name).toBe(dec(c.files.get(name)!));
    }
  });
});
