/**
 * A loss: something the previous boot wrote (its ledger) that the next boot
 * did not get back, with its cause as a stable kind and the real numbers
 * (zone, the boot that wrote it, which records and how many bytes). Every
 * cause but the ring's own capacity and the kernel's own "dropped" notice
 * must be explained by a fault the board injected; a loss none explains is
 * `unexplained`. The campaign counts losses by kind; the boot report
 * narrates each loss's detail.
 * Kernel counterpart: none (the test bench's account of a crash's aftermath).
 */

/** Each kind of loss, with what it means: the keys are stable (JSON output, README). */
export const LOSS_KINDS = {
  'power-lost': 'the RAM went with the power: nothing the boot wrote survived',
  'header-reset':
    'a corrupted header (a bad signature, or start/size beyond the zone): the kernel reset the zone',
  'header-empty': 'the header says the zone is empty (start and size 0): a stale header',
  'ecc-uncorrectable': 'flipped bits beyond what ECC corrects: the block is shown as read',
  'bit-flips': 'flipped bits with no ECC to correct them: the bytes are shown as read',
  'ring-wrapped':
    'the ring wrapped, or a later dump took the zone: newer data overwrote the oldest',
  'torn-write': 'the record stops short of what was written: a store cut mid-way',
  'worker-killed': "a killed worker's writes in flight: they never reached RAM",
  'lost-write': 'the disk acknowledged a write and dropped it: what it carried never arrived',
  'recovery-failed':
    "a ring header with start beyond datalen (pstore/blk): the kernel's recovery failed, nothing was shown or stored",
  'console-dropped': 'the console dropped printk messages it could not print in time',
  unexplained: 'differs from what was written, and no fault injected explains it'
} as const;
export type LossKind = keyof typeof LOSS_KINDS;

/** What the ledger wrote that a loss is of; `zone` when no ledger entry describes it. */
export const LOSS_RECORDS = ['printk', 'pmsg', 'dump', 'zone'] as const;
export type LossRecord = (typeof LOSS_RECORDS)[number];

export interface Loss {
  readonly kind: LossKind;
  /** The zone's label, as `zones` and `flip` name it: dmesg0, console, pmsg, ftrace. */
  readonly zone: string;
  /** The boot that wrote what was lost; null when no ledger says (an older boot's record). */
  readonly boot: number | null;
  /** printk lines, pmsg writes, dumps; `zone`: a zone's content no ledger entry describes. */
  readonly record: LossRecord;
  /** How many of those records: whole or in part; null when unknown. */
  readonly records: number | null;
  /** How many of their bytes; null when unknown (a reset zone no ledger describes). */
  readonly bytes: number | null;
  /** ECC blocks ECC could not correct, where that is the measure (else 0). */
  readonly blocks: number;
  /** The loss in words, with the real numbers. */
  readonly detail: string;
}
