/**
 * The storage pstore/zone reads and writes: blk.c's read and write callbacks
 * over a block device, here any byte range (a partition image, a file, a
 * SharedArrayBuffer). A write may refuse with −EBUSY, as blk.c does with
 * interrupts off; zone.c then keeps the zone dirty and flushes it later.
 * Kernel counterpart: struct pstore_zone_info read/write (fs/pstore/blk.c
 * psblk_generic_blk_read(), psblk_generic_blk_write()).
 */
export interface ZoneDevice {
  /** Bytes on the device (bdev_nr_bytes()). */
  readonly size: number;
  /** Reads `length` bytes at `offset`; fewer at the device's end. */
  read(offset: number, length: number): Uint8Array;
  /** Writes `bytes` at `offset`: the count written, or a negative errno. */
  write(offset: number, bytes: Uint8Array): number;
  /**
   * The write used once a panic dump has begun (struct pstore_zone_info
   * panic_write). A plain block device has none: pstore/blk then keeps the
   * panic dump in memory, and it is lost. An MTD (mtdpstore) or a board's own
   * writer has one.
   */
  readonly panicWrite?: (offset: number, bytes: Uint8Array) => number;
}

export interface MemoryDeviceOptions {
  /** The device writes at panic too (default false: a plain block device). */
  readonly panicWrite?: boolean;
}

/** A device over bytes in memory (an image being decoded, or a board's disk). */
export function memoryZoneDevice(bytes: Uint8Array, options: MemoryDeviceOptions = {}): ZoneDevice {
  const write = (offset: number, data: Uint8Array): number => {
    const n = Math.max(0, Math.min(data.length, bytes.length - offset));
    bytes.set(data.subarray(0, n), offset);
    return n;
  };
  return {
    size: bytes.length,
    read: (offset, length) => bytes.slice(offset, Math.min(bytes.length, offset + length)),
    write,
    ...(options.panicWrite ? { panicWrite: write } : {})
  };
}
