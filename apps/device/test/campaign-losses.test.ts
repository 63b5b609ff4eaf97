/**
 * What a campaign counts as recovered, corrected and lost, from a boot's
 * report worked out in process (no workers): printk lines matched as whole
 * lines, pmsg bytes at their place, dumps byte for byte; each loss's cause
 * checked against the faults injected (a loss no fault explains is
 * `unexplained`); the amounts add up. The summary in words: campaign-summary.test.ts.
 */
import type { PstoreFileInfo } from '@pstore/pstore-fs';
import type { RamoopsZoneReport } from '@pstore/ramoops';
import { describe, expect, it } from 'vitest';
import { unbalanced } from '../src/faults/campaign-summary.ts';
import { matchConsoleLines } from '../src/faults/console-lines.ts';
import type { InjectedFault } from '../src/faults/injected.ts';
import { newLedger, type Ledger, type LedgerDump } from '../src/faults/ledger.ts';
import type { Loss } from '../src/faults/loss.ts';
import { faultReport } from '../src/faults/report.ts';

const SIG = 0x43474244;
const encoder = new TextEncoder();

type Found = RamoopsZoneReport['probe']['found'];

function zone(
  type: RamoopsZoneReport['type'],
  index: number,
  o: {
    found?: Found;
    badBlocks?: number;
    oldSize?: number;
    dataCapacity?: number;
    correctedBytes?: number;
    headerEcc?: number;
  } = {}
): RamoopsZoneReport {
  const dataCapacity = o.dataCapacity ?? 4096;
  return {
    type,
    index,
    offset: 0,
    size: dataCapacity + 12,
    dataCapacity,
    label: `ramoops:${type}`,
    probe: {
      found: o.found ?? { state: 'valid', start: 0, size: o.oldSize ?? 100 },
      headerEcc: o.headerEcc ?? 0,
      zapped: false
    },
    correctedBytes: o.correctedBytes ?? 0,
    badBlocks: o.badBlocks ?? 0,
    oldSize: o.oldSize ?? 100
  };
}

function file(name: string, type: string, id: number): PstoreFileInfo {
  return { name, type, id, size: 1, mode: 0o444, mtimeMs: 0, compressed: false };
}

function ledger(
  boot: number,
  o: { printk?: string[]; pmsg?: string[]; dumps?: LedgerDump[]; faults?: InjectedFault[] }
): Ledger {
  const l = newLedger(boot);
  l.printk.push(...(o.printk ?? []));
  l.pmsg.push(...(o.pmsg ?? []).map((p) => encoder.encode(p)));
  l.dumps.push(...(o.dumps ?? []));
  l.faults.push(...(o.faults ?? []));
  return l;
}

const dump = (reason: string, text: string): LedgerDump => ({
  reason,
  stored: true,
  content: encoder.encode(text)
});

const sigFault = (zone: string, parity: 'stale' | 'consistent'): InjectedFault => ({
  kind: 'header',
  zone,
  field: 'sig',
  parity,
  words: `${zone}: flipped bit 0 of the signature`
});

const flip = (zone: string): InjectedFault => ({
  kind: 'flip',
  zone,
  header: false,
  words: `${zone}: flipped 3 bit(s) in its 100 used data bytes`
});

const consoleRecord = (lines: string[]) =>
  encoder.encode(
    `${lines.map((l, i) => `[    0.${String(i).padStart(6, '0')}] ${l}`).join('\n')}\n\nECC: No errors detected\n`
  );

/** Every cycle's amounts add up: written = recovered + corrected + lost. */
const balanced = (r: ReturnType<typeof faultReport>) => unbalanced(r.compared, r.losses);

describe('printk lines found in the console record', () => {
  it('are whole lines: a missing "event 5.1" is not found inside "event 5.10"', () => {
    const text = '[    0.000500] ext4: event 5.10\n';
    expect(matchConsoleLines(text, ['ext4: event 5.1', 'ext4: event 5.10'])).toEqual({
      found: 1,
      missing: [0],
      dropped: 0
    });
  });

  it('need as many copies as were printed, with or without a prefix', () => {
    const text = '<6>[    1.000000][    T1] usb: reset\nirq: storm\n';
    expect(matchConsoleLines(text, ['usb: reset', 'usb: reset', 'irq: storm']).missing).toEqual([
      1
    ]);
  });

  it('a line missing from the middle with no fault injected is unexplained, with its numbers', () => {
    const prev = ledger(4, { printk: ['ext4: event 5.1', 'ext4: event 5.10', 'usb: event 5.2'] });
    const zones = [zone('console', 0)];
    const r = faultReport(prev, { zones, files: [file('console-ramoops-0', 'console', 0)] }, () =>
      consoleRecord(['ext4: event 5.10', 'usb: event 5.2'])
    );
    expect(r.compared.printk).toEqual({
      written: { records: 3, bytes: 48 },
      recovered: { records: 2, bytes: 32 },
      corrected: { records: 0, bytes: 0 }
    });
    expect(r.recovered).toContain('console: 2 of 3 printk lines of boot 4');
    expect(r.losses).toEqual<Loss[]>([
      {
        kind: 'unexplained',
        zone: 'console',
        boot: 4,
        record: 'printk',
        records: 1,
        bytes: 16,
        blocks: 0,
        detail:
          'console: 1 of 3 printk line(s) of boot 4 lost: lines are missing from the middle of the record, but no fault was injected'
      }
    ]);
    expect(balanced(r)).toEqual([]);
  });

  it('the same line lost to bits flipped in the zone (ECC off) is explained by the flip', () => {
    const prev = ledger(4, {
      printk: ['ext4: event 5.1', 'usb: event 5.2', 'irq: event 5.3'],
      faults: [flip('console')]
    });
    const r = faultReport(prev, { zones: [zone('console', 0)], files: [] }, () =>
      consoleRecord(['ext4: event 5.1', 'usb: evenT 5.2', 'irq: event 5.3'])
    );
    expect(r.losses).toMatchObject([{ kind: 'bit-flips', record: 'printk', records: 1 }]);
  });
});

describe('each loss has its cause, checked against the faults injected', () => {
  it('a pmsg record cut short while a worker stopped dead is a torn write of the bytes missing', () => {
    const pmsg = 'x'.repeat(100);
    const torn: InjectedFault = { kind: 'torn', component: 'pmsg', words: 'pmsg armed' };
    const prev = ledger(3, { pmsg: [pmsg], faults: [torn] });
    const r = faultReport(prev, { zones: [zone('pmsg', 0)], files: [] }, (n) =>
      n === 'pmsg-ramoops-0' ? encoder.encode(pmsg.slice(0, 60)) : null
    );
    expect(r.compared.pmsg?.recovered).toEqual({ records: 0, bytes: 60 });
    // Acknowledged bytes the ring lost: a torn write explains only what was in flight.
    expect(r.losses).toMatchObject([{ kind: 'unexplained', record: 'pmsg', bytes: 40 }]);
    expect(r.losses[0]!.detail).toBe(
      'pmsg: 40 of 100 byte(s) written in boot 3 lost: the record holds 60 of the 100 bytes expected (a store cut short), but none of the faults injected (pmsg armed) explains it'
    );
    expect(balanced(r)).toEqual([]);
    // With ECC on, the cut store may have left the header parity stale: the
    // next boot's ECC then puts the header back (or miscorrects it), and
    // acknowledged bytes can go with it.
    const ecc = faultReport(
      prev,
      { zones: [zone('pmsg', 0)], files: [] },
      (n) => (n === 'pmsg-ramoops-0' ? encoder.encode(pmsg.slice(0, 60)) : null),
      16
    );
    expect(ecc.losses.map((l) => l.kind)).toEqual(['torn-write']);
  });

  it('printk lines after the last acknowledged flush, cut off by a torn write, are its loss', () => {
    const torn: InjectedFault = { kind: 'torn', component: 'console', words: 'console armed' };
    const prev = ledger(3, { printk: ['a: 1', 'b: 2', 'c: 3'], faults: [torn] });
    prev.printkUnacked.add(1).add(2);
    const r = faultReport(prev, { zones: [zone('console', 0)], files: [] }, () =>
      consoleRecord(['a: 1'])
    );
    expect(r.losses).toMatchObject([
      { kind: 'torn-write', record: 'printk', records: 2, bytes: 10 }
    ]);
  });

  it("a line glued behind bytes a cut store never wrote (size advanced, start not) is the torn write's", () => {
    // persistent_ram_write() stores size, then start: cut between the two, the
    // next boot's old log begins with size − start stale bytes.
    const stale = 'ce_run_command+0x9b/0x190\n[    0.0';
    const real = '[    0.000400] dma: event 118.0\n[    0.000500] ext4: event 118.1\n';
    const found: Found = { state: 'valid', start: real.length, size: real.length + stale.length };
    const zones = [zone('console', 0, { found, oldSize: found.size })];
    const torn: InjectedFault = { kind: 'torn', component: 'pmsg', words: 'pmsg armed' };
    const printk = ['dma: event 118.0', 'ext4: event 118.1'];
    const read = () => encoder.encode(stale + real);
    const r = faultReport(ledger(118, { printk, faults: [torn] }), { zones, files: [] }, read);
    expect(r.losses).toMatchObject([
      { kind: 'torn-write', record: 'printk', records: 1, bytes: 17 }
    ]);
    expect(r.losses[0]!.detail).toMatch(/glued to this line \(size was advanced and start not/);
    const none = faultReport(ledger(118, { printk }), { zones, files: [] }, read);
    expect(none.losses.map((l) => l.kind)).toEqual(['unexplained']);
  });

  it('a wrapped pmsg ring loses the oldest bytes, and only those; no fault needed', () => {
    const writes = ['a'.repeat(60), 'b'.repeat(60)];
    const prev = ledger(2, { pmsg: writes });
    const tail = writes.join('').slice(-100);
    const r = faultReport(
      prev,
      { zones: [zone('pmsg', 0, { dataCapacity: 100, oldSize: 100 })], files: [] },
      () => encoder.encode(tail)
    );
    expect(r.losses).toMatchObject([
      { kind: 'ring-wrapped', zone: 'pmsg', boot: 2, record: 'pmsg', records: 1, bytes: 20 }
    ]);
    expect(r.losses[0]!.detail).toMatch(/^pmsg: 20 of 120 byte\(s\) written in boot 2 lost: /);
    expect(r.compared.pmsg?.recovered).toEqual({ records: 1, bytes: 100 });
    expect(balanced(r)).toEqual([]);
  });

  it('a header reset is explained by a header fault with consistent parity, not by one ECC should repair', () => {
    const zones = [
      zone('console', 0, { found: { state: 'no-signature', found: SIG ^ 1, expected: SIG } })
    ];
    const read = () => null;
    const printk = ['thermal: event 1.0', 'dma: event 1.1'];
    const rejected = faultReport(
      ledger(7, { printk, faults: [sigFault('console', 'consistent')] }),
      { zones, files: [] },
      read,
      16
    );
    expect(rejected.losses).toEqual<Loss[]>([
      {
        kind: 'header-reset',
        zone: 'console',
        boot: 7,
        record: 'printk',
        records: 2,
        bytes: 34,
        blocks: 0,
        detail:
          'console: 2 of 2 printk line(s) of boot 7 lost: signature 0x43474245 is not 0x43474244 (a corrupted header): the zone was reset'
      }
    ]);
    expect(rejected.headers).toEqual([{ zone: 'console', path: 'bad-signature' }]);
    // Stale parity with ECC 16: the header should have been corrected.
    const stale = faultReport(
      ledger(7, { printk, faults: [sigFault('console', 'stale')] }),
      { zones, files: [] },
      read,
      16
    );
    expect(stale.losses.map((l) => l.kind)).toEqual(['unexplained']);
    // The same with ECC off: nothing could correct it.
    const off = faultReport(
      ledger(7, { printk, faults: [sigFault('console', 'stale')] }),
      { zones, files: [] },
      read,
      0
    );
    expect(off.losses.map((l) => l.kind)).toEqual(['header-reset']);
    // A fault in another zone explains nothing here.
    const elsewhere = faultReport(
      ledger(7, { printk, faults: [sigFault('pmsg', 'consistent')] }),
      { zones, files: [] },
      read,
      16
    );
    expect(elsewhere.losses.map((l) => l.kind)).toEqual(['unexplained']);
  });

  it('dumps are compared byte for byte: a damaged one is lost, with the bytes that differ', () => {
    const text = 'Panic#1 Part1\n<0>[    1.000000] Kernel panic - not syncing: x\n';
    const prev = ledger(5, { dumps: [dump('Panic', text)], faults: [flip('dmesg0')] });
    const damaged = text.replace('panic', 'pAnIc');
    const files = [file('dmesg-ramoops-0', 'dmesg', 0)];
    const r = faultReport(prev, { zones: [zone('dmesg', 0)], files }, () =>
      encoder.encode(damaged)
    );
    expect(r.losses).toEqual<Loss[]>([
      {
        kind: 'bit-flips',
        zone: 'dmesg0',
        boot: 5,
        record: 'dump',
        records: 1,
        bytes: 2,
        blocks: 0,
        detail: `dmesg0: 1 of 1 dump(s) stored in boot 5 (Panic, ${text.length} bytes) is shown damaged: dmesg-ramoops-0 differs from it in 2 byte(s)`
      }
    ]);
    expect(r.compared.dumps?.recovered).toEqual({ records: 0, bytes: text.length - 2 });
    expect(balanced(r)).toEqual([]);
    // Intact in a zone ECC repaired: corrected, not merely recovered.
    const ok = faultReport(
      ledger(5, { dumps: [dump('Panic', text)] }),
      { zones: [zone('dmesg', 0, { correctedBytes: 2 })], files },
      () => encoder.encode(`${text}\n2 Corrected bytes, 0 unrecoverable blocks\n`)
    );
    expect(ok.losses).toEqual([]);
    expect(ok.compared.dumps?.corrected).toEqual({ records: 1, bytes: text.length });
  });

  it('a dump not shown because the zone header was emptied is the size0 fault', () => {
    const size0: InjectedFault = {
      kind: 'header',
      zone: 'dmesg1',
      field: 'size0',
      parity: 'consistent',
      words: 'dmesg1: start and size lost to 0'
    };
    const prev = ledger(7, {
      dumps: [dump('Oops', 'Oops#1 Part1\n'), dump('Panic', 'Panic#1 Part1\n')],
      faults: [size0]
    });
    const zones = [zone('dmesg', 0), zone('dmesg', 1, { found: { state: 'empty' } })];
    const r = faultReport(prev, { zones, files: [file('dmesg-ramoops-0', 'dmesg', 0)] }, (n) =>
      n === 'dmesg-ramoops-0' ? encoder.encode('Oops#1 Part1\n') : null
    );
    expect(r.losses).toMatchObject([
      { kind: 'header-empty', zone: 'dmesg1', record: 'dump', records: 1, bytes: 14 }
    ]);
    expect(r.injected).toEqual(['during boot 7: dmesg1: start and size lost to 0']);
    expect(balanced(r)).toEqual([]);
  });

  it('a power cut that took the RAM explains every zone it zeroed', () => {
    const cut: InjectedFault = { kind: 'power-cut', ramLost: true, words: 'power cut, RAM lost' };
    const prev = ledger(2, { printk: ['a: 1'], pmsg: ['p\n'], faults: [cut] });
    prev.ramLost = true;
    const zeroed: Found = { state: 'no-signature', found: 0, expected: SIG };
    const zones = [zone('console', 0, { found: zeroed }), zone('pmsg', 0, { found: zeroed })];
    const r = faultReport(prev, { zones, files: [] }, () => null);
    expect(r.losses.map((l) => [l.kind, l.record, l.records, l.bytes])).toEqual([
      ['power-lost', 'pmsg', 1, 2],
      ['power-lost', 'printk', 1, 5]
    ]);
  });

  it('an uncorrectable header counted as a bad block is explained by the header fault that broke it', () => {
    const huge: InjectedFault = {
      kind: 'header',
      zone: 'console',
      field: 'size',
      parity: 'stale',
      words: 'console: size overwritten'
    };
    const prev = ledger(1, { faults: [huge] });
    const zones = [
      zone('console', 0, {
        found: { state: 'invalid', start: 0, size: 0x40000000, capacity: 4096 },
        headerEcc: -74,
        badBlocks: 1
      })
    ];
    const r = faultReport(prev, { zones, files: [] }, () => null, 4);
    expect(r.losses.map((l) => [l.kind, l.record, l.blocks])).toEqual([
      ['header-reset', 'zone', 0],
      ['ecc-uncorrectable', 'zone', 1]
    ]);
    expect(r.headers.map((h) => h.path)).toEqual(['header-uncorrectable', 'size>capacity']);
  });

  it("a block whose parity a killed worker never stored is the kill's, when that worker stores", () => {
    // Worker.terminate() stops a thread wherever it is: between a block's data and its parity too.
    const zones = [zone('pmsg', 0, { found: { state: 'valid', start: 0, size: 0 }, badBlocks: 1 })];
    const kill = (component: string, restarted: boolean): InjectedFault => ({
      kind: 'kill',
      component,
      restarted,
      words: `${component}'s worker killed`
    });
    const kinds = (f: InjectedFault) =>
      faultReport(ledger(2, { faults: [f] }), { zones, files: [] }, () => null, 16).losses.map(
        (l) => l.kind
      );
    // The single placement's kernel worker (it went down with every component, ram-core's stores too).
    expect(kinds(kill('pmsg', false))).toEqual(['worker-killed']);
    // Per component: ramoops stores into RAM; kmsg's worker never does.
    expect(kinds(kill('ramoops', true))).toEqual(['worker-killed']);
    expect(kinds(kill('kmsg', true))).toEqual(['unexplained']);
  });
});
