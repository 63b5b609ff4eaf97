import { describe, expect, it } from 'vitest';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { CON_ANYTIME, CON_ENABLED, CON_PRINTBUFFER, ConsoleRegistry } from '../src/index.ts';
import { capture, ringWithClock } from './helpers.ts';

if (!vectorsAvailable) skipMessage();

/** Splits console-format lines "[%5lu.%06lu] text\n" into time and text bytes. */
function consoleLines(file: Uint8Array): { ns: bigint; text: Uint8Array }[] {
  const out: { ns: bigint; text: Uint8Array }[] = [];
  let start = 0;
  for (let nl = file.indexOf(0x0a); nl >= 0; nl = file.indexOf(0x0a, start)) {
    const line = file.subarray(start, nl + 1);
    const head = new TextDecoder('latin1').decode(line.subarray(0, 15));
    const m = /^\[ *(\d+)\.(\d{6})\] $/.exec(head);
    if (!m) throw new Error(`not a console line: ${head}`);
    out.push({
      ns: BigInt(m[1]!) * 1_000_000_000n + BigInt(m[2]!) * 1000n,
      text: line.subarray(15)
    });
    start = nl + 1;
  }
  expect(start).toBe(file.length);
  return out;
}

describe.skipIf(!vectorsAvailable)(
  'a real 6.1 pstore console (custom-6.1-ecc0-all console-ramoops-0)',
  () => {
    it('replays the boot log on registration and reproduces the kernel console bytes exactly', () => {
      const file = readKernelCase('custom-6.1-ecc0-all').files.get('console-ramoops-0')!;
      const lines = consoleLines(file);
      const enabled = lines.findIndex((l) =>
        new TextDecoder().decode(l.text).startsWith('printk: console [ramoops-1] enabled')
      );
      expect(enabled).toBeGreaterThan(50);

      const { ring, t } = ringWithClock();
      const consoles = new ConsoleRegistry(ring);
      const emit = (l: { ns: bigint; text: Uint8Array }) => {
        t.ns = l.ns;
        ring.vprintkEmit(0, 6, l.text);
      };
      lines.slice(0, enabled).forEach(emit);
      // pstore's console: name = backend name, index -1, as fs/pstore/platform.c registers it.
      const pstore = capture('ramoops', CON_PRINTBUFFER | CON_ENABLED | CON_ANYTIME);
      t.ns = lines[enabled]!.ns;
      consoles.registerConsole(pstore.con);
      lines.slice(enabled + 1).forEach(emit);

      const out = Buffer.from(pstore.all(), 'utf8');
      expect(out.length).toBe(file.length);
      expect(Buffer.compare(out, file)).toBe(0);
    });
  }
);
