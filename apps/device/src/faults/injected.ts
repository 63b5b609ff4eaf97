/**
 * A fault as the board records it when injecting it: what was done (a stable
 * kind), where (the zone's label, for RAM faults) and in words. The report
 * after the next boot checks every loss against these: a loss that no
 * injected fault explains is `unexplained`, never assumed.
 * Kernel counterpart: none (the test bench's notebook of what it broke).
 */

/** Which header field a header fault changed. */
type HeaderField = 'sig' | 'start' | 'size';

/**
 * What a header fault did to the header's ECC parity: `stale` (bits changed
 * in RAM, the parity still describes the old header: ECC repairs it when on
 * and within capacity) or `consistent` (a wrong header with parity made for
 * it, as a writer that wrote a bad header would leave: the kernel must reject it).
 */
export type HeaderParity = 'stale' | 'consistent';

export type InjectedFault =
  /** The power went; `ramLost` says whether RAM went with it. */
  | { readonly kind: 'power-cut'; readonly ramLost: boolean; readonly words: string }
  /** A worker killed: restarted by its supervisor, or the kernel went down with it. */
  | {
      readonly kind: 'kill';
      readonly component: string;
      readonly restarted: boolean;
      readonly words: string;
    }
  /** A worker armed to stop dead after a byte budget: its last store is cut. */
  | { readonly kind: 'torn'; readonly component: string; readonly words: string }
  /** The disk acknowledged a write and dropped it (a volatile write cache lost). */
  | { readonly kind: 'lost-write'; readonly words: string }
  /** Bits flipped in a zone: in its data, or in its header (`header`). */
  | {
      readonly kind: 'flip';
      readonly zone: string;
      readonly header: boolean;
      readonly words: string;
    }
  /** A header field overwritten (`size0`: start and size lost to 0). */
  | {
      readonly kind: 'header';
      readonly zone: string;
      readonly field: HeaderField | 'size0';
      readonly parity: HeaderParity;
      readonly words: string;
    };

/** The faults' words, as the boot report and --verbose list them. */
export function faultWords(faults: readonly InjectedFault[]): string[] {
  return faults.map((f) => f.words);
}
