import { createActor } from 'xstate';
import { kmsgMachine, PrintkRing, type PrintkRingOptions } from '../src/index.ts';
import type { KmsgInput, KmsgOutput } from '../src/actor/protocol.ts';

/** A ring whose clock the test sets: `t.ns = 12_345_678_000n`. */
export function ringWithClock(options: PrintkRingOptions = {}): {
  ring: PrintkRing;
  t: { ns: bigint };
} {
  const t = { ns: 0n };
  const ring = new PrintkRing({ ...options, clock: () => t.ns });
  return { ring, t };
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A started kmsg actor, its state, and a send that returns what that message emitted. */
export function kmsgActor(): { state: () => unknown; send: (m: KmsgInput) => KmsgOutput[] } {
  const actor = createActor(kmsgMachine).start();
  const out: KmsgOutput[] = [];
  actor.on('*', (m) => void out.push(m));
  return {
    state: () => actor.getSnapshot().value,
    send(m: KmsgInput): KmsgOutput[] {
      const from = out.length;
      actor.send(m);
      return out.slice(from);
    }
  };
}
