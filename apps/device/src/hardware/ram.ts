/**
 * The board's persistent storage: the ramoops region (or, with the blk
 * backend, the disk pstore/blk writes) as a SharedArrayBuffer the
 * kernel workers share, the zone lock words beside it, and the optional
 * backing file that holds exactly the region (byte 0 = mem_address), the
 * format `pstore decode` reads. A missing file is created as RAM that was
 * never written (zeros).
 * Kernel counterpart: the reserved memory region ramoops maps (the hardware).
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class DeviceError extends Error {
  override readonly name = 'DeviceError';
}

export class PersistentRam {
  readonly sab: SharedArrayBuffer;
  readonly bytes: Uint8Array;
  /** One Int32 lock word per zone; not persistent (a reset clears the CPU's locks). */
  locks: SharedArrayBuffer;

  constructor(
    readonly size: number,
    zoneCount: number,
    /** The backing file, or null for RAM that lives only in this process. */
    readonly file: string | null = null,
    /** What it is on the board: the ramoops region (`--ram`) or pstore/blk's disk (`--disk`). */
    readonly medium: 'ram' | 'disk' = 'ram'
  ) {
    this.sab = new SharedArrayBuffer(size);
    this.bytes = new Uint8Array(this.sab);
    this.locks = new SharedArrayBuffer(4 * Math.max(1, zoneCount));
    if (file) this.load(file);
  }

  /** Reads the file into RAM; a missing file is created with zeros. */
  private load(file: string): void {
    let data: Buffer;
    try {
      const st = statSync(file, { throwIfNoEntry: false });
      if (!st) {
        this.save();
        return;
      }
      if (st.isDirectory()) {
        throw new DeviceError(
          `--${this.medium} ${file} is a directory: give the file that holds (or is to hold) the ${this.medium === 'ram' ? 'RAM' : 'disk'}`
        );
      }
      data = readFileSync(file);
    } catch (e) {
      if (e instanceof DeviceError) throw e;
      throw new DeviceError(`cannot read --${this.medium} ${file}: ${errnoOf(e)}`);
    }
    if (data.length !== this.size) {
      throw new DeviceError(
        this.medium === 'ram'
          ? `--ram ${file} holds ${data.length} bytes (0x${data.length.toString(16)}) but the ramoops region ` +
              `is mem_size ${this.size} (0x${this.size.toString(16)}): give the same --params it was made with`
          : `--disk ${file} holds ${data.length} bytes, not the ${this.size} expected`
      );
    }
    this.bytes.set(data);
  }

  /** Writes RAM back to the file (at exit, power-off and crash). */
  save(): void {
    if (!this.file) return;
    try {
      writeFileSync(this.file, this.bytes);
    } catch (e) {
      const code = errnoOf(e);
      throw new DeviceError(
        code === 'ENOENT'
          ? `cannot write --${this.medium} ${this.file}: its directory ${dirname(this.file)} does not exist`
          : `cannot write --${this.medium} ${this.file}: ${code}`
      );
    }
  }

  /** Power lost: the contents decay (modelled as zeros, like never-written RAM). */
  lose(): void {
    this.bytes.fill(0);
  }

  /** Fresh lock words for a boot. */
  resetLocks(): void {
    this.locks = new SharedArrayBuffer(this.locks.byteLength);
  }

  copy(): Uint8Array {
    return this.bytes.slice();
  }
}

const errnoOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);
