/**
 * pstore_register() / pstore_unregister(): refusals per era, the order of
 * the registration steps and their log lines, plug-in frontends, and the
 * filesystem filled at mount or at registration.
 */
import { describe, expect, it } from 'vitest';
import { KMSG_DUMP_PANIC } from '@pstore/kmsg';
import {
  PSTORE_FLAGS,
  PSTORE_TYPE,
  PstoreError,
  PstoreFs,
  type PstoreCore,
  type PstoreFrontend,
  type PstoreInfo
} from '@pstore/pstore-fs';
import { pstoreErrorOf, RecordingBackend } from '@pstore/pstore-fs/testing';
import { boot, bootWithRamoops, dec, panic, probeRamoops, type Boot } from './core-fixtures.ts';

const log = (b: Boot): string[] => [...b.ring.records()].map((r) => dec(r.text));

describe('pstore_register refusals', () => {
  it.each([
    ['4.9', 'EPERM', null],
    ['6.1.192', 'EPERM', "pstore: ignoring unexpected backend 'ramoops'"],
    ['6.2.0', 'EBUSY', "pstore: backend 'efi_pstore' already in use: ignoring 'ramoops'"]
  ])('%s: a backend other than pstore.backend names is refused with %s', (kernel, code, line) => {
    const b = boot(kernel, { params: { backend: 'efi_pstore' } });
    const e = pstoreErrorOf(() => b.pstore.register(probeRamoops(new Uint8Array(0x40000), kernel)));
    expect(e.code).toBe(code);
    expect(e.toJSON()).toMatchObject({ name: 'PstoreError', code });
    expect(b.pstore.psinfo).toBeNull();
    if (line) expect(log(b)).toContain(line);
    else expect(log(b).filter((l) => l.startsWith('pstore:'))).toEqual([]);
  });

  it.each(['4.9', '6.1.192', '6.12.0'])(
    '%s: a second backend of the same name is refused with EBUSY',
    (kernel) => {
      const b = bootWithRamoops(new Uint8Array(0x40000), kernel);
      const e = pstoreErrorOf(() =>
        b.pstore.register(probeRamoops(new Uint8Array(0x40000), kernel))
      );
      expect(e.code).toBe('EBUSY');
      expect(e.errno).toBe(16);
      expect(b.pstore.psinfo).toBe(b.cxt);
      const loaded = "pstore: backend 'ramoops' already loaded: ignoring 'ramoops'";
      expect(log(b).includes(loaded)).toBe(kernel !== '4.9');
    }
  );

  it.each([
    ['4.9', 'EPERM'],
    ['6.1.192', 'EPERM'],
    ['6.12.0', 'EBUSY']
  ])('%s: a second backend of another name meets the name check first (%s)', (kernel, code) => {
    const b = bootWithRamoops(new Uint8Array(0x40000), kernel);
    expect(pstoreErrorOf(() => b.pstore.register(new RecordingBackend('efi'))).code).toBe(code);
  });

  it('6.x refuses flags 0 with EINVAL and says why', () => {
    const b = boot('6.1.192');
    const e = pstoreErrorOf(() => b.pstore.register(new RecordingBackend('none', 4096, 2, 0)));
    expect(e.code).toBe('EINVAL');
    expect(log(b)).toContain("pstore: backend 'none' must support at least one frontend");
  });

  it('4.9 registers a backend with flags 0 and starts no frontend', () => {
    const b = boot('4.9');
    b.pstore.register(new RecordingBackend('none', 4096, 2, 0));
    expect(b.pstore.backend).toBe('none');
    expect([b.dumpers.dumpers.length, b.consoles.consoles.length]).toEqual([0, 0]);
  });

  it('refuses a backend without read() or write() with EINVAL', () => {
    const b = boot('6.6.0');
    const broken = { ...new RecordingBackend(), write: undefined } as unknown as PstoreInfo;
    expect(pstoreErrorOf(() => b.pstore.register(broken)).code).toBe('EINVAL');
    expect(log(b)).toContain("pstore: backend 'recorder' must implement read() and write()");
  });

  it('refuses pstore.record_ftrace before 5.14 (the parameter does not exist there)', () => {
    expect(() => boot('5.10.0', { params: { recordFtrace: true } })).toThrow(/5\.14/);
    expect(() => boot('5.14.0', { params: { recordFtrace: true } })).not.toThrow();
  });
});

describe('pstore_register steps', () => {
  it('6.12: compression, then the console, then "Registered" — and backend reads the name', () => {
    const b = boot('6.12.0');
    b.pstore.register(probeRamoops(new Uint8Array(0x40000), '6.12.0'));
    expect(log(b)).toEqual([
      'pstore: Using crash dump compression: deflate',
      'printk: console [ramoops-1] enabled',
      'pstore: Registered ramoops as persistent store backend'
    ]);
    expect(b.pstore.backend).toBe('ramoops');
    expect(b.dumpers.dumpers).toHaveLength(1);
  });

  it('6.1 logs no compression line at registration (the crypto compressor is announced by a late initcall)', () => {
    const b = boot('6.1.192');
    b.pstore.register(probeRamoops(new Uint8Array(0x40000), '6.1.192'));
    expect(log(b)).toEqual([
      'printk: console [ramoops-1] enabled',
      'pstore: Registered ramoops as persistent store backend'
    ]);
  });

  it('4.9 announces zlib and a console named "pstore"', () => {
    const b = boot('4.9');
    b.pstore.register(probeRamoops(new Uint8Array(0x40000), '4.9'));
    expect(log(b)).toEqual([
      'pstore: using zlib compression',
      'console [pstore-1] enabled',
      'pstore: Registered ramoops as persistent store backend'
    ]);
  });

  it('6.6 logs an unknown pstore.compress and falls back to deflate', () => {
    const b = boot('6.6.0', { params: { compress: 'lz4' } });
    b.pstore.register(new RecordingBackend());
    expect(log(b).slice(0, 2)).toEqual([
      "pstore: Unsupported compression 'lz4', falling back to deflate",
      'pstore: Using crash dump compression: deflate'
    ]);
  });

  it('registers only the frontends the flags ask for', () => {
    const b = boot('6.6.0');
    b.pstore.register(new RecordingBackend('dumponly', 4096, 2, PSTORE_FLAGS.DMESG));
    expect(b.dumpers.dumpers).toHaveLength(1);
    expect(b.consoles.consoles).toHaveLength(0);
    expect(() => b.pstore.setRecordFtrace(true)).toThrow(/record_ftrace/);
  });

  it('6.x gives the dumper the backend max_reason; 4.9 registers it without one', () => {
    for (const [kernel, expected] of [
      ['6.6.0', 1],
      ['4.9', 0]
    ] as const) {
      const b = boot(kernel);
      b.pstore.register(new RecordingBackend('r', 4096, 1));
      expect(b.dumpers.dumpers[0]?.maxReason).toBe(expected);
    }
  });
});

describe('pstore_unregister', () => {
  it('6.2+: frontends go in reverse order, files are dropped and the backend name is cleared', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '6.12.0');
    b.pstore.unregister();
    expect(log(b).slice(-2)).toEqual([
      'printk: console [ramoops-1] disabled',
      'pstore: Unregistered ramoops as persistent store backend'
    ]);
    expect(b.dumpers.kmsgDump(KMSG_DUMP_PANIC)).toBe(0);
    expect(b.consoles.consoles).toHaveLength(0);
    expect(b.pstore.backend).toBeNull();
    expect(b.fs.mounted).toBe(false);
    b.pstore.unregister(); // unregistering nothing is fine
  });

  it('4.9 does not announce the unregistration; a backend may register again', () => {
    const b = bootWithRamoops(new Uint8Array(0x40000), '4.9');
    b.pstore.unregister();
    expect(log(b).at(-1)).toBe('console [pstore-1] disabled');
    b.pstore.register(new RecordingBackend('efi'));
    expect(b.pstore.backend).toBe('efi');
  });
});

describe('plug-in frontends (pmsg)', () => {
  function recorder(
    flag: number,
    calls: string[],
    name: string
  ): PstoreFrontend & { core?: PstoreCore } {
    const f: PstoreFrontend & { core?: PstoreCore } = {
      flag,
      register(core) {
        f.core = core;
        calls.push(`register ${name} (${core.backend ?? 'none'})`);
      },
      unregister() {
        calls.push(`unregister ${name}`);
      }
    };
    return f;
  }

  it('registers after the core frontends, unregisters first, and writes pmsg through write_user', () => {
    const calls: string[] = [];
    const pmsg = recorder(PSTORE_FLAGS.PMSG, calls, 'pmsg');
    const mem = new Uint8Array(0x40000);
    const b = bootWithRamoops(mem, '6.12.0', { frontends: [pmsg] });
    expect(calls).toEqual(['register pmsg (none)']);
    expect(log(b).indexOf('printk: console [ramoops-1] enabled')).toBeGreaterThanOrEqual(0);
    const core = pmsg.core!;
    const record = core.recordInit(PSTORE_TYPE.PMSG);
    record.size = 5;
    expect(core.writeUser(record, new TextEncoder().encode('hello'))).toBe(5);
    b.pstore.unregister();
    expect(calls).toEqual(['register pmsg (none)', 'unregister pmsg']);
    expect(() => core.writeUser(record, new Uint8Array(5))).toThrow(PstoreError);
  });

  it('is not registered when the backend has no PMSG flag', () => {
    const calls: string[] = [];
    const b = boot('6.12.0', { frontends: [recorder(PSTORE_FLAGS.PMSG, calls, 'pmsg')] });
    b.pstore.register(new RecordingBackend());
    expect(calls).toEqual([]);
  });

  it('a frontend that fails undoes the registration', () => {
    const failing: PstoreFrontend = {
      flag: PSTORE_FLAGS.PMSG,
      register() {
        throw new Error('register_chrdev failed');
      },
      unregister() {}
    };
    const b = boot('6.12.0', { frontends: [failing] });
    const backend = new RecordingBackend('r', 4096, 2, PSTORE_FLAGS.DMESG | PSTORE_FLAGS.PMSG);
    expect(() => b.pstore.register(backend)).toThrow('register_chrdev failed');
    expect(b.pstore.psinfo).toBeNull();
    expect(b.dumpers.dumpers).toHaveLength(0);
  });

  it('refuses a frontend flag that is not one PSTORE_FLAGS bit', () => {
    const bad: PstoreFrontend = { flag: 3, register() {}, unregister() {} };
    expect(() => boot('6.12.0', { frontends: [bad] })).toThrow(/not one PSTORE_FLAGS bit/);
  });
});

describe('the filesystem view', () => {
  it('a filesystem mounted before registration is filled when the backend registers', () => {
    const mem = new Uint8Array(0x40000);
    const first = bootWithRamoops(mem, '6.1.192');
    panic(first);
    const b = boot('6.1.192');
    const fs = new PstoreFs();
    expect(b.pstore.mount(fs)).toBeNull();
    expect(fs.list()).toEqual([]);
    b.pstore.register(probeRamoops(mem, '6.1.192'));
    expect(fs.list().map((f) => f.name)).toContain('dmesg-ramoops-0');
  });

  it('mounting twice is EBUSY', () => {
    const b = boot('6.1.192');
    b.pstore.mount(new PstoreFs());
    expect(pstoreErrorOf(() => b.pstore.mount(new PstoreFs())).code).toBe('EBUSY');
  });
});
