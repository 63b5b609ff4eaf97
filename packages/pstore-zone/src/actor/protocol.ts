/**
 * The pstore-blk actor's messages: registering pstore/zone over the disk the
 * board shares, the zone cleaner, and arming a disk fault. Once registered,
 * the actor serves the backend contract of `@pstore/pstore-fs/backend`
 * (`backend.read`, `backend.write`, …).
 * Kernel counterpart: fs/pstore/blk.c __register_pstore_blk() →
 * fs/pstore/zone.c register_pstore_zone(); zone.c's psz_cleaner delayed work.
 *
 * Call order: `pstore-blk.register` → `pstore-blk.registered` with the
 * backend's info (for `pstore-fs.register`) and what every zone of the disk
 * held (read, not yet recovered: the kernel recovers at the first read,
 * which the board's `pstore-fs.list` makes). `pstore-blk.flush-dirty` at any
 * time after (the board's clock: the cleaner runs every 500 ms).
 * These shapes are ABI between workers: bump PROTOCOL_VERSION on any change.
 */
import type { ActorErrorData, EnvelopeMessage, FlushMessage, HostHello } from '@pstore/actor';
import type { BackendInfo, KernelVersion } from '@pstore/pstore-fs/backend';
import type { BlkConfig } from '../blk-params.ts';
import type { DiskFaultMode } from '../disk-faults.ts';
import type { ZoneState } from '../zone-recovery.ts';
import type { ZoneType } from '../zone-layout.ts';

export const PROTOCOL_VERSION = 1;

export type PstoreBlkErrorData = ActorErrorData;

/** The first message on every link, and what hello() returns. */
export type PstoreBlkHello = HostHello<
  'pstore-blk',
  { readonly 'pstore-blk': number; readonly backend: number }
>;

/** register_pstore_blk() over the shared disk. */
export interface PstoreBlkRegister {
  readonly type: 'pstore-blk.register';
  readonly req?: number;
  /** The block device (the partition pstore_blk.blkdev names), shared. */
  readonly disk: SharedArrayBuffer;
  /** The pstore_blk.* words, taken. */
  readonly config: BlkConfig;
  readonly kernel: KernelVersion;
  readonly nrCpus: number;
  /** The device writes at panic (an MTD, a board's own writer); a plain disk does not. */
  readonly panicWrite: boolean;
}

/** psz_flush_all_dirty_zones(): the cleaner's pass. */
export interface PstoreBlkFlushDirty {
  readonly type: 'pstore-blk.flush-dirty';
  readonly req?: number;
}

/** Fault injection: after `bytes` more bytes written, the next write is torn or lost. */
export interface PstoreBlkArm {
  readonly type: 'pstore-blk.arm';
  readonly req?: number;
  readonly bytes: number;
  readonly mode: DiskFaultMode;
}

export type PstoreBlkFlush = FlushMessage<'pstore-blk'>;

export type PstoreBlkCommand =
  PstoreBlkRegister | PstoreBlkFlushDirty | PstoreBlkArm | PstoreBlkFlush;

/**
 * One zone as the disk holds it at registration, in the shape a ramoops
 * zone report has (the board accounts for both alike): `probe.found` says
 * what a ram-core header check would call it, `state` and `detail` what
 * pstore/zone calls it.
 */
export interface BlkZoneReport {
  readonly type: ZoneType;
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  readonly dataCapacity: number;
  readonly label: string;
  readonly state: ZoneState;
  readonly detail: string;
  readonly probe: {
    readonly found:
      | { readonly state: 'empty' }
      | { readonly state: 'valid'; readonly start: number; readonly size: number }
      | {
          readonly state: 'invalid';
          readonly start: number;
          readonly size: number;
          readonly capacity: number;
        }
      | { readonly state: 'no-signature'; readonly found: number; readonly expected: number };
    /** pstore/zone has no ECC. */
    readonly headerEcc: 0;
    readonly zapped: boolean;
  };
  readonly correctedBytes: 0;
  readonly badBlocks: 0;
  /** Bytes of the previous boot's record the zone holds (0 when none). */
  readonly oldSize: number;
}

export interface PstoreBlkRegistered {
  readonly type: 'pstore-blk.registered';
  readonly req?: number;
  readonly info: BackendInfo;
  readonly zones: readonly BlkZoneReport[];
  /** The dump zone the next dump goes to (after the newest on the disk). */
  readonly dumpCursor: number;
  /** What blk.c and zone.c logged (rounding, capping), and a recovery that will fail. */
  readonly notes: readonly string[];
}

export interface PstoreBlkFlushedDirty {
  readonly type: 'pstore-blk.flushed-dirty';
  readonly req?: number;
  /** Zones whose write the device refused again. */
  readonly failed: number;
  /** Zones still dirty ("dmesg 0", "console"). */
  readonly dirty: readonly string[];
}

export interface PstoreBlkArmed {
  readonly type: 'pstore-blk.armed';
  readonly req?: number;
  readonly bytes: number;
  readonly mode: DiskFaultMode;
}

/** Its answers, and the host's flushed, failed and crashed (a torn write, or a bug). */
export type PstoreBlkEvent =
  | PstoreBlkRegistered
  | PstoreBlkFlushedDirty
  | PstoreBlkArmed
  | EnvelopeMessage<'pstore-blk', PstoreBlkErrorData>;
