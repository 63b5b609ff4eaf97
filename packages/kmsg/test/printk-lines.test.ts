/**
 * `kmsg.printk` with its lines joined (protocol 4): the same records as
 * the list of lines, for any lines; malformed ends fail the whole message
 * with EINVAL and print nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachPrintkLine, joinPrintkLines } from '../src/index.ts';
import type { KmsgBoot, KmsgInput } from '../src/actor/protocol.ts';
import { kmsgActor } from './helpers.ts';

const boot: KmsgBoot = {
  type: 'kmsg.boot',
  req: 1,
  kernel: { major: 6, minor: 1, sublevel: 0 },
  // A small ring, so that long runs overwrite records as the board's do.
  ring: { logBufLen: 4096 },
  clock: { startNs: 0, stepNs: 1000 },
  alwaysKmsgDump: false
};

/** A booted kmsg actor; send() returns what that message emitted. */
function kmsg() {
  const { send } = kmsgActor();
  send(boot);
  return send;
}

/** printk() texts: KERN_* prefixes, continuations, inner and missing newlines, NULs, any UTF-16. */
const line = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => `${s}\n`),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(fc.constantFrom('\u00010', '\u00013', '\u00016', '\u0001c', ''), fc.string())
    .map(([p, s]) => `${p}${s}\n`),
  fc.constantFrom('', '\n', 'a\nb\n', 'nul\0cut\n', 'x'.repeat(1500))
);

describe('kmsg.printk with joined lines', () => {
  it('forEachPrintkLine gives back the lines joinPrintkLines joined', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 40 }), (lines) => {
        const seen: string[] = [];
        forEachPrintkLine(joinPrintkLines(lines), (l) => seen.push(l));
        expect(seen).toEqual(lines);
      })
    );
  });

  it('stores the same records, in the same batches, as the list of lines', () => {
    fc.assert(
      fc.property(fc.array(fc.array(line, { maxLength: 30 }), { maxLength: 6 }), (batches) => {
        const asList = kmsg();
        const joined = kmsg();
        for (const [k, lines] of batches.entries()) {
          const a = asList({ type: 'kmsg.printk', req: k + 2, lines });
          const b = joined({ type: 'kmsg.printk', req: k + 2, ...joinPrintkLines(lines) });
          expect(b).toEqual(a);
        }
      }),
      { numRuns: 60 }
    );
  });

  it('refuses ends that go back, pass the text or leave some of it out, and prints nothing', () => {
    const send = kmsg();
    const text = 'one\ntwo\n';
    const cases: [number[], string][] = [
      [[4, 3], "kmsg.printk: line 1 ends at 3, before the previous line's end 4"],
      [[4, 9], "kmsg.printk: line 1 ends at 9, past the text's 8 characters"],
      [[4], "kmsg.printk: 4 of the text's 8 characters are in no line (the last ends at 4)"],
      [[], "kmsg.printk: 8 of the text's 8 characters are in no line (the last ends at 0)"]
    ];
    for (const [ends, message] of cases) {
      expect(send({ type: 'kmsg.printk', req: 9, text, ends: Uint32Array.from(ends) })).toEqual([
        {
          type: 'kmsg.failed',
          req: 9,
          cause: 'kmsg.printk',
          error: { code: 'EINVAL', errno: 22, message }
        }
      ]);
    }
    const shapeless = 'kmsg.printk carries neither lines[] nor a text and its ends (a Uint32Array)';
    for (const bad of [{}, { lines: 'x\n' }, { text: 'x\n', ends: [2] }, { text: 7, ends: [] }]) {
      const m = { type: 'kmsg.printk', req: 9, ...bad } as unknown as KmsgInput;
      expect(send(m)).toEqual([
        {
          type: 'kmsg.failed',
          req: 9,
          cause: 'kmsg.printk',
          error: { code: 'EINVAL', errno: 22, message: shapeless }
        }
      ]);
    }
    // Nothing was stored: the next printk is the ring's first record.
    expect(send({ type: 'kmsg.printk', req: 10, ...joinPrintkLines(['first\n']) }).at(-1)).toEqual({
      type: 'kmsg.printed',
      req: 10,
      nextSeq: 1
    });
  });
});
