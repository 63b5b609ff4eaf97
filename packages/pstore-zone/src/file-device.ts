/**
 * A file as the block device: a partition image on disk, written in place as
 * blk.c writes the device (O_DSYNC: each write reaches the file before it
 * returns, unless `fsync: false`). Node only (node:fs), on the subpath
 * `@pstore/pstore-zone/file`; everything else in the package runs in the
 * browser too.
 * Kernel counterpart: fs/pstore/blk.c psblk_generic_blk_read/write() over
 * filp_open(blkdev, O_RDWR | O_DSYNC | …).
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  writeSync
} from 'node:fs';
import type { ZoneDevice } from './zone-device.ts';

export interface FileDeviceOptions {
  /** Create the file with this many zero bytes when it does not exist. */
  readonly create?: number;
  /** Sync each write to the disk (O_DSYNC); default true. */
  readonly fsync?: boolean;
  /** The device writes at panic too (a board's own writer; a plain block device has none). */
  readonly panicWrite?: boolean;
}

export interface FileZoneDevice extends ZoneDevice {
  close(): void;
}

export function fileZoneDevice(path: string, options: FileDeviceOptions = {}): FileZoneDevice {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || options.create === undefined) throw e;
    fd = openSync(path, 'w+');
    ftruncateSync(fd, options.create);
  }
  const size = fstatSync(fd).size;
  const sync = options.fsync ?? true;
  const write = (offset: number, bytes: Uint8Array): number => {
    const n = Math.max(0, Math.min(bytes.length, size - offset));
    let done = 0;
    while (done < n) done += writeSync(fd, bytes, done, n - done, offset + done);
    if (sync) fsyncSync(fd);
    return n;
  };
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const got = readSync(fd, out, done, n - done, offset + done);
        if (got === 0) break;
        done += got;
      }
      return out.subarray(0, done);
    },
    write,
    ...(options.panicWrite ? { panicWrite: write } : {}),
    close: () => closeSync(fd)
  };
}
