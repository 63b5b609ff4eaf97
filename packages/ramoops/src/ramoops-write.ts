/**
 * The ramoops write and erase paths.
 * Kernel counterpart: fs/pstore/ram.c ramoops_pstore_write(),
 * ramoops_pstore_write_user(), ramoops_write_kmsg_hdr(), ramoops_pstore_erase().
 */
import { ERRNO } from '@pstore/actor';
import { PSTORE_TYPE, type PstoreRecord } from '@pstore/pstore-fs/backend';
import { KMSG_DUMP_OOPS, KMSG_DUMP_PANIC } from './config/types.ts';
import { writeKmsgHeader } from './kmsg-header.ts';
import type { RamoopsContext } from './ramoops-context.ts';

const { EINVAL, ENOMEM, ENOSPC } = ERRNO;

/**
 * Stores a record from a kernel frontend. Console and ftrace records are
 * appended to their rings; a dump goes into the next dump zone, round robin
 * from zone 0 each boot, as a header line followed by the payload cut to
 * what the zone holds. Only Part1 of a dump is stored (−ENOSPC otherwise):
 * a report is never split across zones.
 */
export function ramoopsPstoreWrite(cxt: RamoopsContext, record: PstoreRecord): number {
  // No view when the record is its whole buffer (every console line is).
  const payload =
    record.size === record.buf.length ? record.buf : record.buf.subarray(0, record.size);
  switch (record.type) {
    case PSTORE_TYPE.CONSOLE:
      if (!cxt.cprz) return -ENOMEM;
      cxt.cprz.write(payload);
      return 0;
    case PSTORE_TYPE.FTRACE: {
      if (!cxt.fprzs.length) return -ENOMEM;
      const zone = cxt.perCpuFtrace ? cxt.fprzs[record.cpu ?? 0] : cxt.fprzs[0];
      if (!zone) return -EINVAL;
      zone.write(payload);
      return 0;
    }
    case PSTORE_TYPE.PMSG:
      // pmsg arrives through write_user only.
      return -EINVAL;
    case PSTORE_TYPE.DMESG:
      return writeDump(cxt, record, payload);
    default:
      return -EINVAL;
  }
}

function writeDump(cxt: RamoopsContext, record: PstoreRecord, payload: Uint8Array): number {
  const { era } = cxt;
  // Before max_reason (5.8) ramoops filtered reasons itself: panics always,
  // oopses only with dump_oops (maxReason ≥ OOPS here), nothing else.
  if (!era.maxReason) {
    const ok =
      record.reason === KMSG_DUMP_PANIC ||
      (record.reason === KMSG_DUMP_OOPS && cxt.maxReason >= KMSG_DUMP_OOPS);
    if (!ok) return -EINVAL;
  }
  if (record.part !== 1) return -ENOSPC;
  const prz = cxt.dprzs[cxt.dumpWriteCnt];
  if (!prz) return -ENOSPC;
  // A recycled zone may still hold an old dump: reset it so the header lands
  // at the start of the data, where the reader looks for it. Old kernels
  // appended instead (the reader then found the old header).
  if (era.dmesgZapBeforeWrite) prz.zap();
  const header = writeKmsgHeader(record.time ?? { sec: 0, nsec: 0 }, record.compressed, {
    paddedUsec: era.dmesgHeaderFormat === 'padded'
  });
  prz.write(header);
  let size = payload.length;
  if (size + header.length > prz.bufferSize) size = prz.bufferSize - header.length;
  prz.write(payload.subarray(0, size));
  cxt.dumpWriteCnt = (cxt.dumpWriteCnt + 1) % cxt.dprzs.length;
  return 0;
}

/** pmsg writes from user space (/dev/pmsg0): appended to the pmsg ring. */
export function ramoopsPstoreWriteUser(
  cxt: RamoopsContext,
  record: PstoreRecord,
  buf: Uint8Array
): number {
  if (record.type !== PSTORE_TYPE.PMSG) return -EINVAL;
  if (!cxt.mprz) return -ENOMEM;
  return cxt.mprz.writeUser(buf.subarray(0, record.size));
}

/**
 * Erases a record: drops the saved copy and zaps the zone (payload bytes stay
 * in RAM). The combined per-CPU ftrace record has id 0, so erasing it zaps
 * only CPU 0's zone, as the kernel does.
 */
export function ramoopsPstoreErase(cxt: RamoopsContext, record: PstoreRecord): number {
  let prz;
  switch (record.type) {
    case PSTORE_TYPE.DMESG:
      if (record.id >= cxt.dprzs.length) return -EINVAL;
      prz = cxt.dprzs[record.id];
      break;
    case PSTORE_TYPE.CONSOLE:
      prz = cxt.cprz;
      break;
    case PSTORE_TYPE.FTRACE:
      if (record.id >= cxt.fprzs.length) return -EINVAL;
      prz = cxt.fprzs[record.id];
      break;
    case PSTORE_TYPE.PMSG:
      prz = cxt.mprz;
      break;
    default:
      return -EINVAL;
  }
  if (!prz) return -EINVAL;
  prz.freeOld();
  prz.zap();
  return 0;
}
