/**
 * register_pstore_blk() over a disk the board shares: the zone layout from
 * the words and the disk's size, the backend over the disk (with the faults
 * a board may arm), and the report of what the disk holds.
 * Kernel counterpart: fs/pstore/blk.c __register_pstore_blk(),
 * fs/pstore/zone.c register_pstore_zone().
 */
import { errnoData, isErrnoName } from '@pstore/actor';
import { FTRACE_ARCH_LE64, ftraceLayout, type BackendInfo } from '@pstore/pstore-fs/backend';
import { DiskWriteStoppedError, faultyDisk, type FaultyDisk } from '../disk-faults.ts';
import { PstoreZoneBackend } from '../zone-backend.ts';
import { memoryZoneDevice } from '../zone-device.ts';
import { pstoreZoneInfo, pszLayout } from '../zone-layout.ts';
import { pszRecovery } from '../zone-recovery.ts';
import type { PstoreBlkErrorData, PstoreBlkRegister, PstoreBlkRegistered } from './protocol.ts';
import { blkZoneReports } from './zone-reports.ts';

export interface RegisteredBlk {
  readonly backend: PstoreZoneBackend;
  readonly disk: FaultyDisk;
  readonly reply: PstoreBlkRegistered;
}

/**
 * @throws PstoreError where the kernel refuses to register (a disk too small
 *   or not a multiple of 4 KiB, nothing to store, a zone that does not fit).
 */
export function registerBlk(cmd: PstoreBlkRegister): RegisteredBlk {
  const bytes = new Uint8Array(cmd.disk);
  const info = pstoreZoneInfo(cmd.config, bytes.length, cmd.kernel, cmd.nrCpus);
  const layout = pszLayout(info);
  const disk = faultyDisk(memoryZoneDevice(bytes, { panicWrite: cmd.panicWrite }));
  const backend = new PstoreZoneBackend(disk.device, layout, {
    ftrace: ftraceLayout(cmd.kernel, FTRACE_ARCH_LE64)
  });
  // What the first read will recover, read now for the boot's report (reading changes nothing).
  const found = pszRecovery(disk.device, layout);
  const { name, flags, bufsize, maxReason } = backend;
  const backendInfo: BackendInfo = { name, flags, bufsize, maxReason };
  const notes = [...cmd.config.warnings, ...info.warnings];
  if (found.failure) notes.push(`the recovery will fail: ${found.failure}`);
  const reply: PstoreBlkRegistered = {
    type: 'pstore-blk.registered',
    req: cmd.req,
    info: backendInfo,
    zones: blkZoneReports(found),
    dumpCursor: found.kmsgWriteCnt,
    notes
  };
  return { backend, disk, reply };
}

/** An error as data; a torn write is the worker stopping dead, so it is rethrown. */
export function pstoreBlkErrorData(e: unknown): PstoreBlkErrorData {
  if (e instanceof DiskWriteStoppedError) throw e;
  const err = e as { code?: unknown; message?: unknown };
  const message = typeof err.message === 'string' ? err.message : String(e);
  return errnoData(isErrnoName(err.code) ? err.code : 'EIO', message);
}
