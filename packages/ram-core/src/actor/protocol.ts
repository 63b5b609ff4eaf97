/**
 * The ram-core actor's messages: attaching the zones of a persistent RAM
 * region that the board shares as a SharedArrayBuffer, and arming this
 * worker's write budget for fault injection.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_new() as
 * ramoops_probe() calls it once per zone.
 *
 * Call order: the ramoops actor sends `ram-core.attach` once per boot and
 * receives `ram-core.attached` with what each zone held (the old content is
 * a copy: the console and pmsg zones are zapped right after it was saved).
 * `ram-core.prepare` may come first, on a worker started ahead of the boot
 * that will use it (the board's spare kernel worker): it builds the
 * Reed–Solomon codecs the attach will need, so that the boot does not.
 * These shapes are ABI between workers: bump PROTOCOL_VERSION on any change
 * (2: `ram-core.prepare`).
 */
import type { ActorErrorData, EnvelopeMessage, FlushMessage, HostHello } from '@pstore/actor';
import type { ErrnoCode } from '../errno.ts';
import type { RsCodecSeed } from '../rs/codec-seed.ts';
import type { EccInfo } from '../zone/geometry.ts';
import type { Endian } from '../zone/header.ts';
import type { ZoneProbe } from '../zone/persistent-ram-zone.ts';

export const PROTOCOL_VERSION = 2;

/** An error as data: never thrown across a boundary (comlink drops custom fields). */
export type RamCoreErrorData = ActorErrorData<ErrnoCode | 'EPROTO' | 'ESHUTDOWN'>;

/** The first message on every link, and what hello() returns. */
export type RamCoreHello = HostHello<'ram-core', { readonly 'ram-core': number }>;

/** One zone to attach: where it lies in the region and how it is protected. */
export interface ZoneAttachSpec {
  /** Position in the region's zone table; also the index of its lock word. */
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  /** XORed into PERSISTENT_RAM_SIG (ftrace zones: LINUX_VERSION_CODE). */
  readonly sig: number;
  readonly ecc: EccInfo | null;
  /** PRZ_FLAG_ZAP_OLD | PRZ_FLAG_NO_LOCK. */
  readonly flags: number;
  readonly label: string;
  readonly emptyRequiresZeroStart: boolean;
}

/** persistent_ram_new() for every zone of a region. */
export interface RamCoreAttach {
  readonly type: 'ram-core.attach';
  readonly req?: number;
  /** The persistent RAM region (byte 0 = mem_address), shared, not copied. */
  readonly ram: SharedArrayBuffer;
  /** One Int32 lock word per zone (prz->buffer_lock across workers). */
  readonly locks: SharedArrayBuffer;
  /** This worker's lock owner id (non-zero, unique per worker). */
  readonly owner: number;
  readonly endian: Endian;
  readonly zones: readonly ZoneAttachSpec[];
}

/** Fault injection: this worker stops dead after `bytes` more bytes stored to RAM. */
export interface RamCoreArm {
  readonly type: 'ram-core.arm';
  readonly req?: number;
  readonly bytes: number;
}

/** A barrier through this component's downstream links (answered by the host). */
export type RamCoreFlush = FlushMessage<'ram-core'>;

/**
 * init_rs() ahead of time: builds (and keeps, per worker) the codec of each
 * listed code, so that the attach that needs it finds it ready. Touches no
 * RAM; answered with `ram-core.prepared`.
 */
export interface RamCorePrepare {
  readonly type: 'ram-core.prepare';
  readonly req?: number;
  /**
   * ECC codes by parity bytes per block and field polynomial (ramoops: fcr
   * 0, prim 1), each with the seed another thread made of it, if any
   * (rsCodecSeed(): its compiled module and tables, so this worker builds neither).
   */
  readonly codes: readonly {
    readonly nroots: number;
    readonly poly: number;
    readonly seed?: RsCodecSeed;
  }[];
}

export type RamCoreCommand = RamCoreAttach | RamCoreArm | RamCoreFlush | RamCorePrepare;

/** What attaching one zone found and kept. */
export interface AttachedZone {
  readonly index: number;
  readonly label: string;
  readonly probe: ZoneProbe;
  /** Symbols ECC corrected in the header and in the saved blocks. */
  readonly correctedBytes: number;
  /** Blocks ECC could not correct (their bytes are kept as read). */
  readonly badBlocks: number;
  /** The previous boot's content, oldest byte first; null when nothing was saved. */
  readonly old: Uint8Array | null;
}

export interface RamCoreAttached {
  readonly type: 'ram-core.attached';
  readonly req?: number;
  readonly zones: readonly AttachedZone[];
}

export interface RamCoreArmed {
  readonly type: 'ram-core.armed';
  readonly req?: number;
  readonly bytes: number;
}

export interface RamCorePrepared {
  readonly type: 'ram-core.prepared';
  readonly req?: number;
  /** How many codecs this worker holds now. */
  readonly codecs: number;
}

/** Its answers, and the host's flushed, failed and crashed (a write budget ran out, or a bug). */
export type RamCoreEvent =
  RamCoreAttached | RamCoreArmed | RamCorePrepared | EnvelopeMessage<'ram-core', RamCoreErrorData>;
