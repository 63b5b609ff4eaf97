/**
 * The console actor's window of kmsg's ring against the console layer on
 * the ring itself: for random printk, pr_cont and multi-line calls into a
 * ring small enough to wrap, batches taken at random points, a
 * CON_PRINTBUFFER console registered late and stopped for a while, a
 * registry over the window prints to its console exactly what a registry
 * over the ring prints (the replay, the lines, the "** N printk messages
 * dropped **" notices for what the ring overwrote meanwhile).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KERN_CONT, PrintkRing, RecordBatchBuilder } from '@pstore/kmsg';
import { CON_ENABLED, CON_EXTENDED, CON_PRINTBUFFER, ConsoleRegistry } from '../src/index.ts';
import { PrintkWindow } from '../src/actor/printk-window.ts';
import { capture } from './helpers.ts';

const op = fc.oneof(
  {
    weight: 24,
    arbitrary: fc.record({
      kind: fc.constant('printk' as const),
      prefix: fc.constantFrom('', '\u00013', '\u00017', KERN_CONT),
      // Lengths spread over 0..250, so that a few dozen lines wrap the 4 KiB ring.
      body: fc.oneof(
        fc.integer({ min: 0, max: 250 }).chain((n) =>
          fc.string({
            unit: fc.constantFrom('a', 'b', ' ', '\u00e9'),
            minLength: n,
            maxLength: n
          })
        ),
        fc.string({ unit: fc.constantFrom('x', '\n'), maxLength: 12 })
      ),
      newline: fc.boolean(),
      caller: fc.integer({ min: 0, max: 1 })
    })
  },
  { weight: 4, arbitrary: fc.constant({ kind: 'batch' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'register' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'stop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'start' as const }) }
);

/** kmsg's ring with the console layer on it, and the console actor's window fed its batches. */
function setUp(flags: number) {
  let t = 0;
  const ring = new PrintkRing({ logBufLen: 4096, clock: () => (t += 1_234_567) });
  const builder = new RecordBatchBuilder();
  ring.subscribeFinalized((seq) => ring.copyRecord(seq, builder));
  // The window's own messages would go to kmsg: the registry on the ring
  // logs the same lines there, so the window's are dropped.
  const window = new PrintkWindow({ logBufLen: 4096 }, () => {});
  const direct = { registry: new ConsoleRegistry(ring), out: capture('ttyS', flags, 0) };
  const windowed = { registry: new ConsoleRegistry(window), out: capture('ttyS', flags, 0) };
  const sync = () => window.append(builder.take(ring.firstSeq));
  return { ring, window, direct, windowed, sync };
}

describe("the console actor's window of kmsg's ring", () => {
  for (const [what, flags] of [
    ['a console', CON_PRINTBUFFER | CON_ENABLED],
    ['an extended console', CON_PRINTBUFFER | CON_ENABLED | CON_EXTENDED]
  ] as const) {
    it(`prints to ${what} what the console layer on the ring prints`, () => {
      fc.assert(
        fc.property(fc.array(op, { minLength: 100, maxLength: 250 }), (ops) => {
          const { ring, window, direct, windowed, sync } = setUp(flags);
          let registered = false;
          for (const o of ops) {
            if (o.kind === 'printk') {
              ring.printk(`${o.prefix}${o.body}${o.newline ? '\n' : ''}`, { callerId: o.caller });
              continue;
            }
            // Anything the consoles do happens once the window has what the ring has.
            sync();
            if (o.kind === 'register' && !registered) {
              registered = true;
              // As in the actor: the window replays what it has, and its
              // "enabled" line comes back from kmsg later. The registry on
              // the ring replays, then logs that line into the ring (which
              // may push out a record the replay no longer needs).
              windowed.registry.registerConsole(windowed.out.con);
              direct.registry.registerConsole(direct.out.con);
            } else if (registered && o.kind === 'stop') {
              direct.registry.consoleStop(direct.out.con);
              windowed.registry.consoleStop(windowed.out.con);
            } else if (registered && o.kind === 'start') {
              direct.registry.consoleStart(direct.out.con);
              windowed.registry.consoleStart(windowed.out.con);
            }
          }
          sync();
          expect(windowed.out.writes).toEqual(direct.out.writes);
          expect([window.firstSeq, window.nextSeq]).toEqual([ring.firstSeq, ring.nextSeq]);
          // What is in the window reads as what is in the ring.
          for (let s = ring.firstSeq; s < ring.nextSeq; s++) {
            expect(window.read(s)).toEqual(ring.read(s));
          }
        }),
        { numRuns: 150 }
      );
    });
  }

  it('replays from its first record to a console registered late, with no notice for what came before it', () => {
    const { ring, window } = setUp(0);
    for (let i = 0; i < 3; i++) ring.printk(`before ${i}\n`);
    // The console actor came up after records 0..2 were printed elsewhere.
    const builder = new RecordBatchBuilder();
    ring.subscribeFinalized((seq) => ring.copyRecord(seq, builder));
    for (let i = 3; i < 5; i++) ring.printk(`after ${i}\n`);
    window.append(builder.take(ring.firstSeq));
    const registry = new ConsoleRegistry(window);
    const out = capture('ttyS', CON_PRINTBUFFER | CON_ENABLED, 0);
    registry.registerConsole(out.con);
    expect(window.syslogSeq).toBe(3);
    expect(out.writes.map((w) => w.slice(15))).toEqual(['after 3\n', 'after 4\n']);
  });

  it('numbers on after a batch that does not follow (a restarted kmsg), keeping what it holds', () => {
    const { ring, window, sync } = setUp(0);
    for (let i = 0; i < 3; i++) ring.printk(`a${i}\n`);
    sync();
    expect([window.syslogSeq, window.firstSeq, window.nextSeq]).toEqual([0, 0, 3]);
    // A new kmsg, a new ring: its seqs start at 0 again.
    const again = new PrintkRing({ logBufLen: 4096, clock: () => 5 });
    const builder = new RecordBatchBuilder();
    again.subscribeFinalized((seq) => again.copyRecord(seq, builder));
    again.printk('b0\n');
    again.printk('b1\n');
    window.append(builder.take(again.firstSeq));
    expect([window.firstSeq, window.nextSeq]).toEqual([0, 5]);
    const texts = [0, 1, 2, 3, 4].map((s) => new TextDecoder().decode(window.read(s)!.text));
    expect(texts).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
  });

  it('prints a whole batch to each console, also past writes that throw, and rethrows the first', () => {
    const { ring, window, sync } = setUp(0);
    const registry = new ConsoleRegistry(window);
    const good = capture('ttyS', CON_ENABLED, 0);
    const flaky = capture('ttyS', CON_ENABLED, 1);
    let n = 0;
    const kept = flaky.writes;
    // Every third write fails after it was made (a driver that took the text and then broke).
    flaky.con.write = (text) => {
      kept.push(new TextDecoder().decode(text));
      if (++n % 3 === 0) throw new Error(`write ${n} failed`);
    };
    registry.registerConsole(flaky.con);
    registry.registerConsole(good.con);
    sync();
    for (let i = 0; i < 10; i++) ring.printk(`line ${i}\n`);
    const lines = (w: string[]) => w.map((t) => t.slice(15)).filter((t) => t.startsWith('line'));
    expect(() => sync()).toThrow('write 3 failed');
    const all = Array.from({ length: 10 }, (_, i) => `line ${i}\n`);
    expect(lines(flaky.writes)).toEqual(all);
    expect(lines(good.writes)).toEqual(all);
  });
});
