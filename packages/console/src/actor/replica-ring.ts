/**
 * The console actor's copy of the printk ring: every record kmsg finalized is
 * stored again here, with its own timestamp and in seq order, so the
 * registry replays, filters and formats exactly what the kernel's consoles
 * would. Lines the console layer logs itself are not stored here but handed
 * to `forward` (they go to kmsg and come back as records).
 * Kernel counterpart: the log buffer console_unlock() reads (kernel/printk).
 */
import {
  batchTime,
  PrintkRing,
  textStart,
  type KmsgRingConfig,
  type PrintkOptions,
  type PrintkRecordBatch
} from '@pstore/kmsg';

export class ReplicaRing extends PrintkRing {
  readonly #forward: (line: string) => void;

  constructor(config: KmsgRingConfig, forward: (line: string) => void) {
    // Every record comes with its time (storeCopy()): the ring's clock is never read.
    super({ ...config, clock: () => 0 });
    this.#forward = forward;
  }

  /**
   * Stores the records kmsg finalized: same facility, level, caller, time and
   * text (storeCopy(): kmsg already cut each text and took its prefixes off).
   */
  replay(batch: PrintkRecordBatch): void {
    const f = batch.fields;
    for (let i = 0; i < batch.count; i++) {
      // The text's range in the batch: no view of it is made.
      this.storeCopy(
        batchTime(batch, i),
        f[4 * i]!,
        f[4 * i + 1]!,
        f[4 * i + 3]!,
        batch.devInfo?.[i] ?? null,
        batch.text,
        batch.multiline[i] === 1,
        textStart(batch, i),
        batch.ends[i]
      );
    }
  }

  /** printk() from the console layer itself: forwarded to kmsg, not stored. */
  override vprintkEmit(
    facility: number,
    level: number,
    text: string | Uint8Array,
    _options?: PrintkOptions
  ): number {
    const line = typeof text === 'string' ? text : new TextDecoder().decode(text);
    this.#forward(line);
    return line.length;
  }
}
