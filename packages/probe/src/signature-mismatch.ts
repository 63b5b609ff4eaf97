/**
 * Why a zone's signature is not the one its layout expects, in words: the
 * header of another kernel's ftrace zone, a zone of another era's order, or
 * bits flipped in RAM. A wrong guess about the kernel must not be reported
 * as damage (issue: a 6.1.192 image decoded as 6.12 blamed "4 bits flipped").
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_post_init() (the
 * signature check), ram.c ramoops_init_przs() (the per-type signatures).
 */
import { PERSISTENT_RAM_SIG } from '@pstore/ram-core';
import { versionLabel, versionOfFtraceSig } from './ftrace-signature.ts';

/** The explanation of a signature mismatch, as data and as words. */
export type SignatureMismatch =
  | { readonly kind: 'blank'; readonly words: string }
  | {
      readonly kind: 'other-kernel';
      /** The version the found signature was written by (an ftrace zone's). */
      readonly version: string;
      readonly words: string;
    }
  | { readonly kind: 'other-zone-type'; readonly words: string }
  | { readonly kind: 'bits-flipped'; readonly bits: number; readonly words: string }
  | { readonly kind: 'foreign'; readonly words: string };

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v >>>= 1) n += v & 1;
  return n;
}

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * Explains why `found` is not `expected` for a zone of `zoneType` (dmesg,
 * console, pmsg, ftrace) decoded as kernel `kernel` (its label).
 * Order of the explanations: a blank header; (outside ftrace slots) one or
 * two flipped bits; a signature some kernel's ftrace zone has (another
 * version's, or an ftrace zone where this era puts another type: 6.2 moved
 * pmsg before ftrace); the plain signature in an ftrace slot; up to four
 * flipped bits; else foreign bytes.
 */
export function explainSignature(
  found: number,
  expected: number,
  zoneType: string,
  kernel: string
): SignatureMismatch {
  if (found === 0) {
    return {
      kind: 'blank',
      words: 'no data: signature is 0 (RAM never written by ramoops, or cleared)'
    };
  }
  const head = `no valid data: signature ${hex8(found)}, expected ${hex8(expected)}`;
  const bits = popcount(found ^ expected);
  const flipped: SignatureMismatch = {
    kind: 'bits-flipped',
    bits,
    words: `${head} (${bits} bit${bits > 1 ? 's' : ''} flipped: a corrupted header)`
  };
  // Some version codes are two bits (5.0.0 is 0x050000): in a dmesg,
  // console or pmsg slot, two flipped bits are the likelier story. In an
  // ftrace slot two versions are often a bit apart (6.1.192, 6.1.193), and
  // a wrong --kernel is likelier than damage.
  if (zoneType !== 'ftrace' && bits <= 2) return flipped;
  const writer = versionOfFtraceSig(found);
  if (writer) {
    const v = versionLabel(writer);
    const code = `LINUX_VERSION_CODE 0x${((found ^ PERSISTENT_RAM_SIG) >>> 0).toString(16)}`;
    const words =
      zoneType === 'ftrace'
        ? `${head}: an ftrace zone signed by kernel ${v} (${code}), not by ${kernel}: decode with --kernel ${v}`
        : `${head}: an ftrace zone's header (kernel ${v}, ${code}) where kernel ${kernel} puts ${zoneType}: ` +
          `the zones of another kernel are laid out here (6.2 moved pmsg before ftrace); try --kernel ${v}`;
    return { kind: 'other-kernel', version: v, words };
  }
  if (zoneType === 'ftrace' && found === PERSISTENT_RAM_SIG) {
    return {
      kind: 'other-zone-type',
      words:
        `${head}: a dmesg, console or pmsg zone's header where kernel ${kernel} puts ftrace: ` +
        'the zones of another kernel era or configuration are laid out here (6.2 moved pmsg before ftrace)'
    };
  }
  if (bits <= 4) return flipped;
  return {
    kind: 'foreign',
    words:
      zoneType === 'ftrace'
        ? `${head} (no kernel from 4.9 on signs an ftrace zone so)`
        : `${head} (not a ramoops zone header)`
  };
}
