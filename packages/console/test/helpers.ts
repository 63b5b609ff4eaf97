import { PrintkRing, type PrintkRingOptions } from '@pstore/kmsg';
import type { Console } from '../src/index.ts';
import type { ConsoleWriteContext } from '../src/console.ts';

/** A ring whose clock the test sets. */
export function ringWithClock(options: PrintkRingOptions = {}): {
  ring: PrintkRing;
  t: { ns: bigint };
} {
  const t = { ns: 0n };
  return { ring: new PrintkRing({ ...options, clock: () => t.ns }), t };
}

/** A console that records what it is given. */
export function capture(
  name: string,
  flags: number,
  index = -1
): { con: Console; writes: string[]; ctxs: ConsoleWriteContext[]; all: () => string } {
  const writes: string[] = [];
  const ctxs: ConsoleWriteContext[] = [];
  const con: Console = {
    name,
    index,
    flags,
    write: (text, ctx) => {
      writes.push(new TextDecoder().decode(text));
      ctxs.push(ctx);
    }
  };
  return { con, writes, ctxs, all: () => writes.join('') };
}
