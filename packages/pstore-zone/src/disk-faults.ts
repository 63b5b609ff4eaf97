/**
 * Faults of a block device under pstore/blk, for a board that injects them:
 * a write torn by the machine stopping in the middle of it (the sectors
 * before the cut are on the disk, the rest never arrive, and the writer is
 * dead), and a write the disk acknowledged that never reached the medium
 * (a volatile write cache lost: the kernel went on believing it stored).
 * A block device writes whole sectors: a cut never splits one.
 * Kernel counterpart: none (the hardware under blk.c's kernel_write()).
 */
import type { ZoneDevice } from './zone-device.ts';

/** The unit a disk writes atomically (SECTOR_SIZE in the kernel). */
export const SECTOR_SIZE = 512;

/** torn: the writer stops dead mid-write; lost: one write is acknowledged and dropped. */
export type DiskFaultMode = 'torn' | 'lost';

/** Thrown where a torn write stops its writer: the worker is dead from here on. */
export class DiskWriteStoppedError extends Error {
  override readonly name = 'DiskWriteStoppedError';
  constructor(
    /** Bytes of the interrupted write that reached the disk (whole sectors). */
    readonly written: number,
    /** Bytes the write wanted. */
    readonly wanted: number
  ) {
    super(`disk write torn: ${written} of ${wanted} bytes reached the disk, the writer stopped`);
  }
}

export interface FaultyDisk {
  readonly device: ZoneDevice;
  /** After `bytes` more bytes written, the next write is torn or lost. */
  arm(bytes: number, mode: DiskFaultMode): void;
}

/**
 * Wraps `inner` so that an armed fault strikes the write that crosses the
 * budget. Torn: the sectors of that write wholly inside the budget reach the
 * disk (counted from the write's first byte, as a disk writes a request in
 * order), then DiskWriteStoppedError. Lost: that write is reported complete
 * and nothing of it reaches the disk; later writes go through again.
 */
export function faultyDisk(inner: ZoneDevice): FaultyDisk {
  let armed: { left: number; mode: DiskFaultMode } | null = null;
  const strike = (offset: number, bytes: Uint8Array, write: ZoneDevice['write']): number => {
    if (!armed || bytes.length <= armed.left) {
      if (armed) armed.left -= bytes.length;
      return write(offset, bytes);
    }
    const { left, mode } = armed;
    armed = null;
    if (mode === 'lost') return bytes.length;
    const whole = Math.floor(left / SECTOR_SIZE) * SECTOR_SIZE;
    if (whole > 0) write(offset, bytes.subarray(0, whole));
    throw new DiskWriteStoppedError(whole, bytes.length);
  };
  const write = inner.write.bind(inner);
  const panicWrite = inner.panicWrite;
  const device: ZoneDevice = {
    size: inner.size,
    read: (offset, length) => inner.read(offset, length),
    write: (offset, bytes) => strike(offset, bytes, write),
    ...(panicWrite ? { panicWrite: (o: number, b: Uint8Array) => strike(o, b, panicWrite) } : {})
  };
  return {
    device,
    arm(bytes, mode) {
      if (!Number.isSafeInteger(bytes) || bytes < 0) {
        throw new RangeError(`a disk fault needs a byte count ≥ 0 (got ${bytes})`);
      }
      armed = { left: bytes, mode };
    }
  };
}
