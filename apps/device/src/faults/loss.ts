/**
 * A loss: something the previous boot wrote that the next boot did not get
 * back, with its cause as a stable kind and the real numbers (zone, the boot
 * that wrote it, how much). The campaign counts losses by kind; the boot
 * report narrates each loss's detail.
 * Kernel counterpart: none (the test bench's account of a crash's aftermath).
 */

/** Each kind of loss, with what it means: the keys are stable (JSON output, README). */
export const LOSS_KINDS = {
  'power-lost': 'the RAM went with the power: nothing the boot wrote survived',
  'header-reset':
    'a corrupted header (a bad signature, or start/size beyond the zone): the probe reset the zone',
  'header-empty': 'the header says the zone is empty (start and size 0): a stale header',
  'no-signature': 'the zone holds no signature at all: RAM never written, or lost',
  'ecc-uncorrectable': 'ECC could not correct a block: its bytes are shown as read',
  'ring-wrapped': 'the ring wrapped: newer data overwrote the oldest',
  'torn-write': 'the record stops short of what was written: a store cut mid-way',
  'console-dropped': 'the console dropped printk messages it could not print in time',
  unexplained: 'differs from what was written, and none of the causes above explains it'
} as const;
export type LossKind = keyof typeof LOSS_KINDS;

/** What a loss is counted in; `blocks` are ECC blocks where no byte count is known. */
export const LOSS_UNITS = ['bytes', 'lines', 'dumps', 'blocks'] as const;
export type LossUnit = (typeof LOSS_UNITS)[number];

export interface Loss {
  readonly kind: LossKind;
  /** The zone's label, as `zones` and `flip` name it: dmesg0, console, pmsg, ftrace. */
  readonly zone: string;
  /** The boot that wrote what was lost; null when no ledger says (an older boot's record). */
  readonly boot: number | null;
  /** How much was lost, counted in `unit`; null when unknown (a reset zone no ledger describes). */
  readonly bytes: number | null;
  readonly unit: LossUnit;
  /** The loss in words, with the real numbers. */
  readonly detail: string;
}
