/**
 * A persistent RAM zone: a signed ring buffer in a byte region that outlives
 * the kernel, with optional Reed–Solomon parity per block and for the header.
 * Kernel counterpart: fs/pstore/ram_core.c — persistent_ram_new(),
 * persistent_ram_post_init(), persistent_ram_write(), persistent_ram_save_old(),
 * persistent_ram_zap(), persistent_ram_ecc_old(), persistent_ram_update_ecc().
 *
 * The region may be any Uint8Array, including a view over a
 * SharedArrayBuffer that several workers write: give such zones a shared
 * ZoneLock.
 */
import { EBADMSG, RamCoreError } from '../errno.ts';
import type { RsCodec } from '../rs/codec.ts';
import { createBlockCheck, type BlockCheck } from '../rs/check-blocks.ts';
import { sharedRsCodec } from '../rs/shared-codec.ts';
import { eccNotice, type EccCounters } from './ecc-notice.ts';
import { persistentRamGeometry, type EccInfo, type ZoneGeometry } from './geometry.ts';
import {
  PERSISTENT_RAM_SIG,
  PRZ_FLAG_NO_LOCK,
  PRZ_FLAG_ZAP_OLD,
  PRZ_HEADER,
  PRZ_HEADER_SIZE,
  type Endian
} from './header.ts';
import { NO_LOCK, type ZoneLock } from './lock.ts';
import { WriterStoppedError, type WriteBudget } from './write-budget.ts';

export interface PersistentRamZoneOptions {
  /** The zone type's signature value, XORed with PERSISTENT_RAM_SIG (ftrace: LINUX_VERSION_CODE). */
  readonly sig?: number;
  readonly ecc?: EccInfo | null;
  /** PRZ_FLAG_NO_LOCK | PRZ_FLAG_ZAP_OLD. */
  readonly flags?: number;
  readonly endian?: Endian;
  /** Shared lock for zones several threads write; ignored with PRZ_FLAG_NO_LOCK. */
  readonly lock?: ZoneLock;
  readonly label?: string;
  /**
   * 6.5+ treats a zone as "existing empty" only when size and start are both
   * 0; older kernels only looked at size (a zone with size 0 and start ≠ 0
   * was then kept, not zapped). Default true.
   */
  readonly emptyRequiresZeroStart?: boolean;
  /**
   * Fault injection: every store into RAM draws from this budget, and the
   * writer stops dead (WriterStoppedError) in the middle of the store that
   * exhausts it. Without one, stores go straight to RAM.
   */
  readonly budget?: WriteBudget;
  /**
   * For a reader of a RAM image that writes no data afterwards (a decoder):
   * the saved content of a ring that does not wrap (start 0, or start at
   * size, as every dump leaves it) is a view of RAM, not a copy. The kernel
   * copies because it goes on writing the zone; a reader that does not
   * saves the copy's time and memory (a 64 MiB region of dumps: 24 MB).
   * Data writes (write(), writeUser()) then fail with EROFS; the probe's
   * own header writes (a zap) are made as the kernel makes them.
   */
  readonly savedInPlace?: boolean;
}

/** What persistent_ram_post_init() found in the zone at attach time. */
export type ZoneProbeState =
  /** Signature matched, start and size 0: nothing to recover. */
  | { readonly state: 'empty' }
  /** Signature matched and start/size were sane: the old content was saved. */
  | { readonly state: 'valid'; readonly start: number; readonly size: number }
  /** Signature matched but start > size or size > capacity: zapped. */
  | {
      readonly state: 'invalid';
      readonly start: number;
      readonly size: number;
      readonly capacity: number;
    }
  /** The signature was wrong: rewritten and the zone zapped (data bytes kept). */
  | { readonly state: 'no-signature'; readonly found: number; readonly expected: number };

export interface ZoneProbe {
  readonly found: ZoneProbeState;
  /** decode_rs8() on the header: corrected symbols, 0, or −74 (uncorrectable). 0 without ECC. */
  readonly headerEcc: number;
  /** True when the zone was zapped at attach (invalid, bad signature or ZAP_OLD). */
  readonly zapped: boolean;
}

/**
 * What attaching a zone found and saved, handed to a zone opened with
 * PersistentRamZone.share() in another thread (ram-core's AttachedZone fits).
 */
export interface SavedZoneState {
  /** The previous boot's content, oldest byte first; null when nothing was saved. */
  readonly old: Uint8Array | null;
  readonly correctedBytes: number;
  readonly badBlocks: number;
  readonly probe: ZoneProbe;
}

export class PersistentRamZone implements EccCounters {
  readonly geometry: ZoneGeometry;
  readonly flags: number;
  readonly label: string;
  /** The expected stored signature: PERSISTENT_RAM_SIG ^ sig. */
  readonly signature: number;
  correctedBytes = 0;
  badBlocks = 0;
  /**
   * The data blocks the read-side decode did not find clean, in block order:
   * corrections (numerr > 0) or −74 (EBADMSG, unrecoverable). The kernel keeps
   * only the two counters above; a viewer of the zone wants to know where.
   * Empty without ECC, and in a zone opened with share() (the counters come
   * from the attach; the blocks stay with it).
   */
  eccBlocks: { readonly block: number; readonly numerr: number }[] = [];
  /** What attach found; see ZoneProbe. */
  probe: ZoneProbe;

  private readonly view: DataView;
  private readonly le: boolean;
  private readonly codec: RsCodec | null;
  private readonly parScratch: Uint8Array;
  private readonly lock: ZoneLock;
  // Not readonly: fault injection arms a worker's budget after its zones exist.
  private budget: WriteBudget | null;
  private oldLog: Uint8Array | null = null;
  /** oldLog came from adoptSaved() or is a view of RAM: never overwritten in place. */
  private oldAdopted = false;
  private readonly savedInPlace: boolean;
  private blockCheck: BlockCheck | null = null;

  private constructor(
    readonly mem: Uint8Array,
    options: PersistentRamZoneOptions,
    /** True for attach(): this zone ran the probe, so its probe state is its own. */
    private readonly probedHere: boolean
  ) {
    this.geometry = persistentRamGeometry(mem.length, options.ecc);
    this.flags = options.flags ?? 0;
    this.label = options.label ?? 'ramoops';
    this.signature = (PERSISTENT_RAM_SIG ^ (options.sig ?? 0)) >>> 0;
    this.view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
    this.le = (options.endian ?? 'little') === 'little';
    this.lock = this.flags & PRZ_FLAG_NO_LOCK ? NO_LOCK : (options.lock ?? NO_LOCK);
    this.budget = options.budget ?? null;
    this.savedInPlace = options.savedInPlace ?? false;
    const g = this.geometry;
    this.codec = g.eccSize ? sharedRsCodec(g.eccSize, g.poly) : null;
    this.parScratch = new Uint8Array(g.eccSize);
    this.probe = { found: { state: 'empty' }, headerEcc: 0, zapped: false };
  }

  /**
   * Attaches to a zone occupying all of `mem`, as persistent_ram_new() does:
   * computes the geometry, RS-decodes the header (correcting RAM in place,
   * before the signature is compared), then keeps, saves or zaps the content.
   * @throws RamCoreError EINVAL for an impossible geometry or ECC setting.
   */
  static attach(mem: Uint8Array, options: PersistentRamZoneOptions = {}): PersistentRamZone {
    const zone = new PersistentRamZone(mem, options, true);
    zone.postInit(options.emptyRequiresZeroStart ?? true);
    return zone;
  }

  /**
   * Opens a zone that another thread has already attached, without the
   * probe: no header decode, no signature check, no save. Attaching is done
   * once per boot, as ramoops_probe() does; a worker that writes the same
   * zone later (pmsg, console) must not re-run it while others write.
   * Pass the same geometry options and a shared lock.
   */
  static share(mem: Uint8Array, options: PersistentRamZoneOptions = {}): PersistentRamZone {
    return new PersistentRamZone(mem, options, false);
  }

  /**
   * Gives a zone opened with share() what attaching it in another thread
   * found and saved: the old content (kept, not copied), the ECC counters
   * and the probe result, so this thread reads and reports the zone as the
   * attaching one would. The RAM is not touched.
   * @throws RamCoreError EINVAL for a zone made by attach(): its probe state
   *   is what this thread found, and another thread's must not replace it.
   */
  adoptSaved(saved: SavedZoneState): void {
    if (this.probedHere) {
      throw new RamCoreError(
        'EINVAL',
        `zone ${this.label} was attached in this thread (probe found '${this.probe.found.state}', ` +
          `${this.oldLog?.length ?? 0} bytes saved, ${this.correctedBytes} corrected, ` +
          `${this.badBlocks} bad blocks): it cannot adopt another attach's ` +
          `${saved.old?.length ?? 0} saved bytes`
      );
    }
    this.oldLog = saved.old;
    this.oldAdopted = saved.old !== null;
    this.correctedBytes = saved.correctedBytes;
    this.badBlocks = saved.badBlocks;
    this.probe = saved.probe;
  }

  /**
   * Makes every later store of this zone draw from `budget`, as the
   * `budget` option does from creation; null stores straight to RAM again.
   * Fault injection arms a worker's budget after its zones were created.
   */
  setWriteBudget(budget: WriteBudget | null): void {
    this.budget = budget;
  }

  /**
   * Whether a write budget is armed: a cut may then tear a store, so what a
   * write leaves depends on how the writes were split (fault injection).
   */
  get tearable(): boolean {
    return this.budget !== null;
  }

  /** Ring capacity in bytes (prz->buffer_size). */
  get bufferSize(): number {
    return this.geometry.bufferSize;
  }
  get eccEnabled(): boolean {
    return this.codec !== null;
  }
  /** The stored signature word. */
  get sig(): number {
    return this.view.getUint32(PRZ_HEADER.SIG, this.le);
  }
  /** Write cursor; the oldest byte once the ring has wrapped. */
  get start(): number {
    return this.view.getUint32(PRZ_HEADER.START, this.le);
  }
  /** Valid bytes in the ring, saturating at bufferSize. */
  get size(): number {
    return this.view.getUint32(PRZ_HEADER.SIZE, this.le);
  }

  /**
   * A header field is an atomic_t: one aligned 32-bit store, which no CPU
   * tears. Under a write budget it lands whole or not at all (the writer
   * stops before it when fewer than 4 bytes remain).
   */
  private setHeader(field: number, value: number): void {
    if (this.budget) {
      const granted = this.budget.take(4);
      if (granted < 4) throw new WriterStoppedError(0, 4);
    }
    this.view.setUint32(field, value >>> 0, this.le);
  }

  /** Copies bytes into RAM, drawing from the write budget when there is one. */
  private store(bytes: Uint8Array, at: number): void {
    if (!this.budget) {
      this.mem.set(bytes, at);
      return;
    }
    const granted = this.budget.take(bytes.length);
    this.mem.set(granted < bytes.length ? bytes.subarray(0, granted) : bytes, at);
    if (granted < bytes.length) throw new WriterStoppedError(granted, bytes.length);
  }

  private postInit(emptyRequiresZeroStart: boolean): void {
    let zap = (this.flags & PRZ_FLAG_ZAP_OLD) !== 0;
    const headerEcc = this.initEcc();
    let found: ZoneProbeState;
    if (this.sig === this.signature) {
      const { start, size } = this;
      if (size === 0 && (start === 0 || !emptyRequiresZeroStart)) {
        this.probe = { found: { state: 'empty' }, headerEcc, zapped: false };
        return;
      }
      if (size > this.bufferSize || start > size) {
        found = { state: 'invalid', start, size, capacity: this.bufferSize };
        zap = true;
      } else {
        found = { state: 'valid', start, size };
        this.saveOld();
      }
    } else {
      found = { state: 'no-signature', found: this.sig, expected: this.signature };
      this.setHeader(PRZ_HEADER.SIG, this.signature);
      zap = true;
    }
    if (zap) this.zap();
    this.probe = { found, headerEcc, zapped: zap };
  }

  /** Resets counters and RS-decodes the header in place (persistent_ram_init_ecc). */
  private initEcc(): number {
    this.correctedBytes = 0;
    this.badBlocks = 0;
    this.eccBlocks = [];
    if (!this.codec) return 0;
    return this.decodeBlock(0, PRZ_HEADER_SIZE, this.geometry.parHeaderOffset);
  }

  /** Decodes one block against a scratch copy of its parity and counts the result. */
  private decodeBlock(off: number, len: number, parOff: number): number {
    const codec = this.codec!;
    this.parScratch.set(this.mem.subarray(parOff, parOff + codec.nroots));
    const numerr = codec.decodeAt(this.mem, off, len, this.parScratch, 0);
    if (numerr > 0) this.correctedBytes += numerr;
    else if (numerr < 0) this.badBlocks++;
    return numerr < 0 ? EBADMSG : numerr;
  }

  /** RS-decodes the data blocks covering [0, size) (persistent_ram_ecc_old). */
  private eccOld(): void {
    if (!this.codec) return;
    const { blockSize, bufferSize, parBufferOffset } = this.geometry;
    // Blocks whose start is below size, each over its full (possibly short) length.
    const blocks = Math.ceil(this.size / blockSize);
    const len = Math.min(blocks * blockSize, bufferSize);
    this.blockCheck ??= createBlockCheck(this.codec);
    this.blockCheck.checkBlocks(
      this.mem,
      PRZ_HEADER_SIZE,
      len,
      blockSize,
      this.mem,
      parBufferOffset,
      (block, numerr) => {
        if (numerr > 0) this.correctedBytes += numerr;
        else if (numerr < 0) this.badBlocks++;
        if (numerr !== 0) this.eccBlocks.push({ block, numerr: numerr < 0 ? EBADMSG : numerr });
      }
    );
  }

  /** Re-encodes the blocks touched by data[start, start+count) (persistent_ram_update_ecc). */
  private updateEcc(start: number, count: number): void {
    const codec = this.codec;
    if (!codec) return;
    const { blockSize, eccSize, bufferSize, parBufferOffset } = this.geometry;
    const first = start & ~(blockSize - 1);
    // The kernel's do-while re-encodes at least the block holding `start`,
    // even for a zero-length update; blocks are always encoded over their
    // full (possibly short last) length with the bytes now in RAM.
    const end = Math.min(
      bufferSize,
      Math.max(first + blockSize, Math.ceil((start + count) / blockSize) * blockSize)
    );
    const par = parBufferOffset + (first / blockSize) * eccSize;
    if (!this.budget) {
      codec.encodeBlocks(this.mem, PRZ_HEADER_SIZE + first, end - first, blockSize, this.mem, par);
      return;
    }
    // Block by block, so a cut leaves earlier blocks' parity written.
    for (let pos = first, p = par; pos < end; pos += blockSize, p += eccSize) {
      codec.encodeInto(
        this.mem,
        PRZ_HEADER_SIZE + pos,
        Math.min(blockSize, end - pos),
        this.parScratch,
        0
      );
      this.store(this.parScratch, p);
    }
  }

  /** Re-encodes the header parity (persistent_ram_update_header_ecc). */
  private updateHeaderEcc(): void {
    if (!this.codec) return;
    if (!this.budget) {
      this.codec.encodeInto(this.mem, 0, PRZ_HEADER_SIZE, this.mem, this.geometry.parHeaderOffset);
      return;
    }
    this.codec.encodeInto(this.mem, 0, PRZ_HEADER_SIZE, this.parScratch, 0);
    this.store(this.parScratch, this.geometry.parHeaderOffset);
  }

  /**
   * Appends `data` to the ring (persistent_ram_write): an oversize write keeps
   * its tail, size saturates at the capacity, start advances modulo the
   * capacity, and the header is updated before the data is copied (a write
   * torn by a crash leaves a header that already counts the bytes). Then the
   * touched blocks' parity and the header parity are re-encoded.
   *
   * The kernel holds its spinlock only around the start/size updates; here
   * the lock covers the whole write so that two writers sharing an ECC block
   * cannot interleave its parity bytes. The bytes in RAM are the same.
   * @returns data.length, like the kernel's count.
   */
  write(data: Uint8Array): number {
    if (this.savedInPlace) {
      throw new RamCoreError(
        'EROFS',
        `zone ${this.label} was attached for reading (its saved ${this.oldLog?.length ?? 0} bytes ` +
          `are RAM itself): a write of ${data.length} bytes would change them`
      );
    }
    const count = data.length;
    const bs = this.bufferSize;
    let src = count > bs ? data.subarray(count - bs) : data;
    let c = src.length;
    this.lock.acquire();
    try {
      // buffer_size_add(): saturate at the capacity.
      const oldSize = this.size;
      if (oldSize !== bs) this.setHeader(PRZ_HEADER.SIZE, Math.min(oldSize + c, bs));
      // buffer_start_add(): advance modulo the capacity, keep the old value.
      let start = this.start;
      let next = start + c;
      while (next >= bs) next -= bs;
      this.setHeader(PRZ_HEADER.START, next);

      const rem = bs - start;
      if (rem < c) {
        this.store(src.subarray(0, rem), PRZ_HEADER_SIZE + start);
        this.updateEcc(start, rem);
        src = src.subarray(rem);
        c -= rem;
        start = 0;
      }
      this.store(src, PRZ_HEADER_SIZE + start); // c === src.length here
      this.updateEcc(start, c);
      this.updateHeaderEcc();
    } finally {
      this.lock.release();
    }
    return count;
  }

  /** pmsg's persistent_ram_write_user(): the same ring write from "user" memory. */
  writeUser(data: Uint8Array): number {
    return this.write(data);
  }

  /**
   * Copies the ring's logical content, oldest byte first, into the old-log
   * (persistent_ram_save_old): data[start, size) then data[0, start). The
   * first save after attach (or after freeOld) RS-decodes the data blocks,
   * correcting RAM in place and counting into correctedBytes/badBlocks.
   */
  saveOld(): void {
    const size = this.size;
    const start = this.start;
    if (size === 0) return;
    if (!this.oldLog) this.eccOld();
    if (this.savedInPlace && (start === 0 || start === size)) {
      // The ring in order as it lies: data[0, size) (see the savedInPlace option).
      this.oldLog = this.mem.subarray(PRZ_HEADER_SIZE, PRZ_HEADER_SIZE + size);
      this.oldAdopted = true;
      return;
    }
    // The kernel reuses its first allocation even if size grew since; a
    // fresh copy of the right size is what it means to do. A copy of the same
    // size is refreshed in place, as the kernel's is (every read of a dump
    // zone saves it again: no new allocation per zone and read). Not an
    // adopted copy: that one belongs to the thread that attached the zone.
    const out =
      this.oldLog?.length === size && !this.oldAdopted ? this.oldLog : new Uint8Array(size);
    out.set(this.mem.subarray(PRZ_HEADER_SIZE + start, PRZ_HEADER_SIZE + size), 0);
    out.set(this.mem.subarray(PRZ_HEADER_SIZE, PRZ_HEADER_SIZE + start), size - start);
    if (out !== this.oldLog) [this.oldLog, this.oldAdopted] = [out, false];
  }

  /** The saved content of the previous boot, or null (persistent_ram_old). */
  get old(): Uint8Array | null {
    return this.oldLog;
  }

  /** Drops the saved copy only; RAM is untouched (persistent_ram_free_old). */
  freeOld(): void {
    this.oldLog = null;
  }

  /**
   * Resets start and size to 0 and re-encodes the header parity
   * (persistent_ram_zap). Data bytes and data parity are left as they are.
   */
  zap(): void {
    this.lock.acquire();
    try {
      this.setHeader(PRZ_HEADER.START, 0);
      this.setHeader(PRZ_HEADER.SIZE, 0);
      this.updateHeaderEcc();
    } finally {
      this.lock.release();
    }
  }

  /** The ECC notice for records of this zone; '' without ECC. */
  eccNotice(prefixed: boolean): string {
    return eccNotice(this.eccEnabled, this, prefixed);
  }
}
