/**
 * The console actor's copy of the printk ring: every record kmsg finalized is
 * stored again here, with its own timestamp and in seq order, so the
 * registry replays, filters and formats exactly what the kernel's consoles
 * would. Lines the console layer logs itself are not stored here but handed
 * to `forward` (they go to kmsg and come back as records).
 * Kernel counterpart: the log buffer console_unlock() reads (kernel/printk).
 */
import {
  PrintkRing,
  textStart,
  type KmsgRingConfig,
  type PrintkOptions,
  type PrintkRecordBatch
} from '@pstore/kmsg';

export class ReplicaRing extends PrintkRing {
  readonly #clock: { now: bigint };
  readonly #forward: (line: string) => void;
  #replaying = false;

  constructor(config: KmsgRingConfig, forward: (line: string) => void) {
    const clock = { now: 0n };
    super({ ...config, clock: () => clock.now });
    this.#clock = clock;
    this.#forward = forward;
  }

  /**
   * Stores the records kmsg finalized: same facility, level, caller, time and
   * text; each text is passed with the newline that follows it in the batch,
   * which completes the record as printk's own newline did.
   */
  replay(batch: PrintkRecordBatch): void {
    const f = batch.fields;
    this.#replaying = true;
    try {
      for (let i = 0; i < batch.count; i++) {
        this.#clock.now = batch.tsNsec[i]!;
        const devInfo = batch.devInfo?.[i];
        const text = batch.text.subarray(textStart(batch, i), batch.ends[i]! + 1);
        super.vprintkEmit(f[4 * i]!, f[4 * i + 1]!, text, {
          callerId: f[4 * i + 3]!,
          ...(devInfo ? { devInfo } : {})
        });
      }
    } finally {
      this.#replaying = false;
    }
  }

  /** printk() from the console layer itself: forwarded to kmsg, not stored. */
  override vprintkEmit(
    facility: number,
    level: number,
    text: string | Uint8Array,
    options?: PrintkOptions
  ): number {
    if (this.#replaying) return super.vprintkEmit(facility, level, text, options);
    const line = typeof text === 'string' ? text : new TextDecoder().decode(text);
    this.#forward(line);
    return line.length;
  }
}
