/**
 * Numbers as the kernel reads them from text, and the power-of-two rounding
 * ramoops applies to zone sizes.
 * Kernel counterpart: lib/kstrtox.c kstrtoull()/kstrtoint() with base 0,
 * lib/cmdline.c memparse(), include/linux/log2.h rounddown_pow_of_two().
 */
import { RamCoreError } from '@pstore/ram-core';

/** "0x1f4" style, for messages. */
export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

/** Digits of an unsigned integer in base 0 notation: 0x… hex, 0… octal, else decimal. */
const UNSIGNED = /^(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))/;

/** Parses the digits at the start of `text`; returns the value and how many characters it used. */
function leadingUnsigned(text: string): { value: bigint; length: number } | null {
  const m = UNSIGNED.exec(text);
  if (!m) return null;
  if (m[1] !== undefined) return { value: BigInt(`0x${m[1]}`), length: m[0].length };
  if (m[2] !== undefined) {
    return { value: BigInt(`0o${m[2].slice(1) || '0'}`), length: m[0].length };
  }
  return { value: BigInt(m[3] ?? '0'), length: m[0].length };
}

function badNumber(what: string, text: string, why: string): RamCoreError {
  return new RamCoreError('EINVAL', `${what}: "${text}" is not ${why}`);
}

/**
 * kstrtoull(text, 0): the whole text must be one unsigned number (a single
 * trailing newline is tolerated, as in the kernel); 0x… is hex, a leading 0
 * makes it octal.
 * @param what names the parameter in the error message.
 * @throws RamCoreError EINVAL naming the parameter and the text.
 */
export function parseKernelUnsigned(text: string, what: string): bigint {
  const body = text.replace(/^\+/, '').replace(/\n$/, '');
  const n = leadingUnsigned(body);
  if (!n || n.length !== body.length) {
    throw badNumber(what, text, 'an unsigned number (decimal, 0x hex or 0 octal; no size suffix)');
  }
  return n.value;
}

/**
 * kstrtoint(text, 0): like parseKernelUnsigned with an optional minus sign;
 * the result must fit a C int.
 */
export function parseKernelInt(text: string, what: string): number {
  const negative = text.startsWith('-');
  const magnitude = parseKernelUnsigned(negative ? text.slice(1) : text, what);
  const value = negative ? -magnitude : magnitude;
  if (value > 0x7fffffffn || value < -0x80000000n) {
    throw new RamCoreError('ERANGE', `${what}: "${text}" does not fit in a 32-bit int`);
  }
  return Number(value);
}

const SUFFIX_SHIFT: Readonly<Record<string, bigint>> = {
  k: 10n,
  m: 20n,
  g: 30n,
  t: 40n,
  p: 50n,
  e: 60n
};

/**
 * memparse(): a number in base 0 notation with an optional K/M/G/T/P/E
 * suffix (either case), e.g. "1M", "0x4000", "16384", "64k". Unlike the
 * kernel, text after the suffix is an error rather than silently ignored.
 * @throws RamCoreError EINVAL naming the parameter and the text.
 */
export function memparse(text: string, what: string): bigint {
  const body = text.trim();
  const n = leadingUnsigned(body);
  if (!n) throw badNumber(what, text, 'a size (e.g. 16384, 0x4000, 16K, 1M)');
  const rest = body.slice(n.length);
  if (rest === '') return n.value;
  const shift = SUFFIX_SHIFT[rest.toLowerCase()];
  if (shift === undefined) throw badNumber(what, text, 'a size (e.g. 16384, 0x4000, 16K, 1M)');
  return n.value << shift;
}

/** ULONG_MAX of a 64-bit kernel: what kstrtoul() takes for an unsigned long parameter. */
export const ULONG_MAX = 0xffffffffffffffffn;

/**
 * The largest size pstore-ts takes: 2^53, above which a JS number is no
 * longer exact (Number.MAX_SAFE_INTEGER is 2^53 − 1). Layouts are
 * arithmetic on these numbers, so larger ones are refused rather than
 * rounded. A kernel takes up to ULONG_MAX, but no machine has 8 PiB of
 * persistent RAM.
 */
export const MAX_EXACT_SIZE = 2 ** 53;

/**
 * A bigint size as a JS number, or an error when it cannot be one exactly.
 * @throws RamCoreError ERANGE naming the limit: ULONG_MAX (what the kernel
 * takes) or 2^53 (what a JS number holds exactly).
 */
export function sizeToNumber(value: bigint, what: string): number {
  if (value > ULONG_MAX) {
    throw new RamCoreError(
      'ERANGE',
      `${what} ${hex(value)} does not fit an unsigned long (ULONG_MAX ${hex(ULONG_MAX)}), ` +
        'which no 64-bit kernel takes'
    );
  }
  if (value >= BigInt(MAX_EXACT_SIZE)) {
    throw new RamCoreError(
      'ERANGE',
      `${what} ${hex(value)} is 2^53 (${MAX_EXACT_SIZE}) or more: pstore-ts computes layouts in ` +
        'JavaScript numbers, which are exact only below 2^53'
    );
  }
  return Number(value);
}

/** True for 1, 2, 4, 8, … */
export function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isInteger(n) && 2 ** Math.floor(Math.log2(n)) === n;
}

/** rounddown_pow_of_two(): the largest power of two ≤ n (n ≥ 1). */
export function roundDownPowerOfTwo(n: number): number {
  let p = 2 ** Math.floor(Math.log2(n));
  // log2 of values just below a power of two can round up in floating point.
  if (p > n) p /= 2;
  return p;
}
