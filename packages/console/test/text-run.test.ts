/**
 * TextRun (src/actor/text-run.ts): the texts of a run come back byte for
 * byte and in order, past its first buffer and end list, copied (a caller's
 * buffer may be reused for the next line), and again after take().
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { TextRun } from '../src/actor/text-run.ts';

/** The texts a taken run holds, split at its ends. */
function texts(run: { readonly text: Uint8Array; readonly ends: Uint32Array }): number[][] {
  let at = 0;
  return Array.from(run.ends, (end) => Array.from(run.text.subarray(at, (at = end))));
}

it('gives back every text in order, copied, across growth and takes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 150 }), {
        minLength: 1,
        maxLength: 3
      }),
      (takes) => {
        const run = new TextRun();
        const line = new Uint8Array(300);
        for (const written of takes) {
          for (const t of written) {
            // One buffer for every line, as the registry's may be.
            line.set(t);
            run.append(line.subarray(0, t.length));
            line.fill(0xee);
          }
          expect(texts(run.take())).toEqual(written.map((t) => Array.from(t)));
        }
      }
    ),
    { numRuns: 50 }
  );
});
