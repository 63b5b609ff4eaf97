/**
 * Deterministic record contents for the kernel-reads cases: dump text that
 * looks like a kmsg dump (so compression behaves as on real dumps), console
 * lines, pmsg lines, and the marker lines the crash cycles log.
 */

const WORDS = [
  'ramoops',
  'persistent',
  'zone',
  'ECC',
  'block',
  'parity',
  'deflate',
  'console',
  'pmsg',
  'dump',
  'panic',
  'oops',
  'record',
  'header',
  'kernel',
  'signature',
  'buffer',
  'capacity',
  'region'
];

/** A pseudo-random but fixed word sequence. */
function filler(seed: number, n: number): string {
  let x = seed * 2654435761 + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out.push(WORDS[x % WORDS.length]!);
  }
  return out.join(' ');
}

const stamp = (t: number): string => {
  const sec = Math.floor(t);
  return `[${String(sec).padStart(5)}.${String(Math.round((t - sec) * 1e6)).padStart(6, '0')}]`;
};

/** "Panic#1 Part1\n" followed by kmsg-style lines, about `bytes` long. */
export function dumpText(reason: string, count: number, bytes: number, seed = 1): string {
  let s = `${reason}#${count} Part1\n`;
  for (let i = 0; s.length < bytes; i++) {
    s += `<${i % 7}>${stamp(1 + i * 0.013)} interop test ${seed}.${i}: ${filler(seed * 1000 + i, 6 + (i % 9))}\n`;
  }
  return s;
}

/** Console lines (`[    0.000000] …`), about `bytes` long. */
export function consoleText(bytes: number, seed = 2): string {
  let s = '';
  for (let i = 0; s.length < bytes; i++) {
    s += `${stamp(i * 0.021)} console ${seed}.${i}: ${filler(seed * 7 + i, 5 + (i % 7))}\n`;
  }
  return s;
}

/** Lines as an application would write to /dev/pmsg0, about `bytes` long. */
export function pmsgText(bytes: number, seed = 3): string {
  let s = '';
  for (let i = 0; s.length < bytes; i++) {
    s += `pmsg ${seed}.${i} ${filler(seed * 13 + i, 4 + (i % 5))}\n`;
  }
  return s;
}

/**
 * "Panic#1 Part1\n" and printable noise, about `bytes` long: text no pstore
 * compressor shrinks into psinfo->bufsize once it is longer than bufsize / 0.8,
 * so pstore_dump() stores it plain.
 */
export function noiseText(reason: string, count: number, bytes: number, seed = 4): string {
  // 32-bit arithmetic (Math.imul): a double product would lose its low bits and cycle early.
  let x = Math.imul(seed, 2654435761) + 7;
  const out: string[] = [`${reason}#${count} Part1\n`];
  for (let i = 0; i < bytes; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    out.push(i % 97 === 96 ? '\n' : String.fromCharCode(0x21 + ((x >>> 16) % 94)));
  }
  return out.join('');
}

/** Marker lines a crash cycle writes to /dev/kmsg before crashing. */
export function markers(caseName: string, n = 3): { kind: 'kmsg'; text: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'kmsg' as const,
    text: `interop-marker ${caseName} ${i + 1}/${n} ${filler(i + 40, 8)}`
  }));
}
