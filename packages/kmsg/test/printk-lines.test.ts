/**
 * `kmsg.printk` with its lines joined (protocol 4): the same records as
 * the list of lines, for any lines; malformed ends fail the whole message
 * with EINVAL and print nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachPrintkLine, joinPrintkLines, PrintkRing } from '../src/index.ts';
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
        const sink = {
          printk: (l: string) => seen.push(l),
          printkLines(text: string, ends: Uint32Array) {
            ends.forEach((end, i) => this.printk(text.slice(i ? ends[i - 1] : 0, end)));
          }
        };
        forEachPrintkLine(joinPrintkLines(lines), sink);
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

describe('PrintkRing.printkLines()', () => {
  const ring = (recordMax: number) => {
    let t = 0;
    return new PrintkRing({ logBufLen: 1 << 15, recordMax, clock: () => (t += 1000) });
  };
  /** Every record the ring holds, and the line each prints as. */
  const held = (r: PrintkRing) => {
    const out = [];
    for (let x = r.read(0); x; x = r.read(x.seq + 1)) {
      out.push({
        ...x,
        line: r.line(x.seq, { time: true, syslog: true, caller: false }, 1024)?.slice() ?? null
      });
    }
    return out;
  };
  /** ASCII lines of every kind the joined encoding treats itself, and a few it hands on. */
  const ascii = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.string({
        unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
        maxLength: 70
      })
    },
    { weight: 6, arbitrary: fc.string({ maxLength: 70 }).map((s) => `${s}\n`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '\n',
        '\n\n',
        'a\nb\n',
        'a\nb',
        'nul\0cut\n',
        'nul\0with\nnewline after\n',
        '\0',
        'last\n\0',
        '\u00013level\n',
        '\u0001ccontinued\n',
        'é non-ascii\n',
        '\ud83d',
        'x'.repeat(1500),
        'y'.repeat(20000) + '\n'
      )
    }
  );

  it('stores what printk() of each line stores, across joined encodings', () => {
    fc.assert(
      fc.property(
        fc.array(ascii, { maxLength: 600 }),
        fc.constantFrom(64, 200, 1024),
        (lines, recordMax) => {
          const byLine = ring(recordMax);
          for (const l of lines) byLine.printk(l);
          const joined = ring(recordMax);
          const { text, ends } = joinPrintkLines(lines);
          joined.printkLines(text, ends);
          expect(held(joined)).toEqual(held(byLine));
          expect(joined.nextSeq).toBe(byLine.nextSeq);
        }
      ),
      { numRuns: 120 }
    );
  });

  it('refuses ends that are not lines of the text, storing nothing', () => {
    const r = ring(1024);
    expect(() => r.printkLines('one\ntwo\n', Uint32Array.of(4, 3))).toThrow(
      'line 1 ends at 3, not within [4, 8] of the text'
    );
    expect(() => r.printkLines('one\n', Uint32Array.of(5))).toThrow(
      'line 0 ends at 5, not within [0, 4] of the text'
    );
    expect(r.nextSeq).toBe(0);
  });
});
