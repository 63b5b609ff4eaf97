/**
 * The size limits ramoops_probe() runs into on a 64-bit kernel, beyond the
 * arithmetic of the layout itself: the allocations it makes whose size grows
 * with the configuration, and the integer types its counters live in.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs() (kcalloc of the
 * dmesg prz array, the unsigned int max_dump_cnt), ramoops_probe() (psinfo->buf),
 * ramoops_pstore_read(); fs/pstore/ram_core.c struct persistent_ram_buffer
 * (atomic_t start/size), persistent_ram_vmap(); include/linux/slab.h
 * KMALLOC_MAX_SIZE.
 */
import { RamCoreError } from '@pstore/ram-core';
import { hex } from './config/sizes.ts';
import type { RamoopsEra } from './era.ts';

/**
 * The largest kmalloc()/kcalloc(): KMALLOC_MAX_SIZE = 1 << KMALLOC_SHIFT_MAX
 * (include/linux/slab.h), with KMALLOC_SHIFT_MAX = MAX_ORDER + PAGE_SHIFT - 1
 * up to 6.3 and MAX_ORDER + PAGE_SHIFT from 6.4 (MAX_ORDER became inclusive,
 * 11 → 10): 22 either way with 4 KiB pages, the x86-64 and arm64 default.
 * Larger requests fail with NULL (and a WARN from the page allocator).
 */
export const KMALLOC_MAX_SIZE = 4 * 1024 * 1024;

/** sizeof(struct persistent_ram_zone *) on a 64-bit kernel. */
const POINTER_SIZE = 8;

/**
 * The most dmesg zones a kernel can have: ramoops_init_przs() allocates
 * their pointer array with kcalloc(cnt, sizeof(*przs)) (4.9:
 * kzalloc(sizeof(*przs) * cnt)), at most KMALLOC_MAX_SIZE bytes.
 */
export const MAX_DUMP_ZONES = KMALLOC_MAX_SIZE / POINTER_SIZE;

/** UINT_MAX: max_dump_cnt and the ftrace count are unsigned int. */
const UINT_MAX = 0xffffffff;

/** INT_MAX: a zone's start and size live in atomic_t (int) in its header. */
const ATOMIC_MAX = 0x7fffffff;

/**
 * The dmesg zone count as ramoops_init_przs() gets it (`*cnt = mem_sz /
 * record_size`), refused where that count overflows its unsigned int or the
 * pointer array exceeds KMALLOC_MAX_SIZE.
 * @throws RamCoreError ERANGE when the count does not fit max_dump_cnt
 * (the kernel's count would wrap); ENOMEM when kcalloc() would fail, which
 * fails the probe.
 */
export function checkDumpZoneCount(count: number, dumpMem: number, recordSize: number): void {
  const what = `the ${hex(dumpMem)}-byte dump area / record_size ${hex(recordSize)} = ${count} dmesg zones`;
  if (count > UINT_MAX) {
    throw new RamCoreError(
      'ERANGE',
      `ramoops: ${what}, more than max_dump_cnt (unsigned int) holds (${UINT_MAX}): ` +
        `the kernel's count wraps to ${count % 2 ** 32} and its zone map is meaningless; use a larger record_size`
    );
  }
  if (count > MAX_DUMP_ZONES) {
    throw new RamCoreError(
      'ENOMEM',
      `ramoops: ${what}: their pointer array needs ${count * POINTER_SIZE} bytes, more than kcalloc() ` +
        `gives (KMALLOC_MAX_SIZE ${KMALLOC_MAX_SIZE}, so at most ${MAX_DUMP_ZONES} zones): ` +
        'ramoops_init_przs() fails with ENOMEM; use a larger record_size'
    );
  }
}

/**
 * psinfo->buf, the buffer kmsg_dump() fills: kzalloc(bufsize) in
 * ramoops_probe() (4.9: kmalloc), limited to KMALLOC_MAX_SIZE until 6.6
 * made it kvzalloc().
 * @throws RamCoreError ENOMEM where the probe fails with "cannot allocate
 * pstore crash dump buffer" ("cannot allocate pstore buffer" on 4.9).
 */
export function checkDumpBuffer(bufsize: number, era: RamoopsEra): void {
  if (era.largeRecordBuffers || bufsize <= KMALLOC_MAX_SIZE) return;
  throw new RamCoreError(
    'ENOMEM',
    `ramoops: kernel ${era.label} allocates the ${bufsize}-byte dump buffer (bufsize, what one dmesg ` +
      `zone holds) with kmalloc(), which gives at most KMALLOC_MAX_SIZE ${KMALLOC_MAX_SIZE} bytes: ` +
      'the probe fails with ENOMEM ("cannot allocate pstore crash dump buffer"); use a record_size of ' +
      `${hex(KMALLOC_MAX_SIZE)} or less (kernels from 6.6 use kvzalloc() and take larger ones)`
  );
}

/**
 * Notes for a zone the probe accepts but that cannot work in full.
 * - Over 2 GiB: the ring outgrows the int (atomic_t) start and size of its
 *   header, so once more than INT_MAX bytes are written they overflow and
 *   the next boot finds an invalid buffer and zaps it; and where the region
 *   is ordinary RAM (pfn_valid), persistent_ram_vmap() cannot even map it
 *   (its kmalloc_array() of page pointers exceeds KMALLOC_MAX_SIZE), so the
 *   probe fails there; only a region outside the memory map (ioremap) maps.
 * - Over KMALLOC_MAX_SIZE before 6.6: persistent_ram_save_old() copies the
 *   old contents with kmalloc(), which fails ("failed to allocate buffer"),
 *   so a fuller zone's record is not shown after a reboot.
 */
export function zoneCapacityNotes(
  name: string,
  size: number,
  dataCapacity: number,
  era: RamoopsEra
): string[] {
  const notes: string[] = [];
  if (dataCapacity > ATOMIC_MAX) {
    notes.push(
      `ramoops: ${name} holds ${dataCapacity} bytes, more than the int start/size of a zone header count ` +
        `(INT_MAX ${ATOMIC_MAX}): they overflow once that much is written, and the next boot zaps the zone; ` +
        `a ${hex(size)}-byte zone is only mapped where the region is outside the kernel's RAM (ioremap), ` +
        `its page array being over KMALLOC_MAX_SIZE for vmap()`
    );
  }
  if (!era.largeRecordBuffers && dataCapacity > KMALLOC_MAX_SIZE) {
    notes.push(
      `ramoops: ${name} holds ${dataCapacity} bytes, but kernel ${era.label} saves a zone's old contents with ` +
        `kmalloc() (at most KMALLOC_MAX_SIZE ${KMALLOC_MAX_SIZE}): a record larger than that is not shown after ` +
        'a reboot ("failed to allocate buffer")'
    );
  }
  return notes;
}
