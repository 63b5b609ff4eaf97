/**
 * The check before anything is written: the image is read back as a kernel
 * booting with the same configuration reads it (probe, then
 * pstore_get_backend_records()), and every record must come back with
 * exactly the bytes encode reports. Reading changes RAM (console and pmsg
 * are zapped after being saved), so it runs on a copy; the copy holds only
 * the zones that have content, over zero pages the system never commits,
 * so a 3 GiB image with a few records costs a few zones, not 3 GiB more.
 * The other zones read as blank there (no signature), which the kernel
 * treats like the signed empty zones of the image: no record.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe(), ramoops_pstore_read();
 * fs/pstore/platform.c pstore_get_backend_records().
 */
import type { RamoopsContext } from '@pstore/ramoops';
import type { MachineConfig } from '../config-options.ts';
import { decodeRegion } from '../commands/decode.ts';
import { allocateImage } from './image-limit.ts';

/**
 * @param expected file name (e.g. "dmesg-ramoops-0") → bytes without the ECC notice.
 * @throws Error when a record does not read back the same: a bug (exit 1),
 *   and nothing is written.
 */
export function verifyImage(
  cxt: RamoopsContext,
  machine: MachineConfig,
  expected: ReadonlyMap<string, Uint8Array>
): void {
  const copy = allocateImage(cxt.mem.length);
  for (const { spec, zone } of cxt.zones) {
    if (zone.size === 0 && zone.start === 0) continue;
    copy.set(cxt.mem.subarray(spec.offset, spec.offset + spec.size), spec.offset);
  }
  const back = decodeRegion(copy, machine, null);
  const names = new Set(back.fs.list().map((f) => f.name));
  for (const [name, bytes] of expected) {
    if (!names.has(name)) {
      throw new Error(`the image does not read back: ${name} is missing`);
    }
    const got = back.fs.read(name);
    const notice = back.fs.stat(name).record.eccNoticeSize;
    if (Buffer.compare(got.subarray(0, got.length - notice), bytes) !== 0) {
      throw new Error(`the image does not read back: ${name} has other bytes`);
    }
  }
}
