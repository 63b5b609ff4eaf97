/**
 * The ramoops actor's messages: probing the region the board shares (its
 * zones attached by the ram-core actor), and arming this worker's write
 * budget. Once probed, the actor serves the backend contract of
 * `@pstore/pstore-fs/backend` (`backend.read`, `backend.write`, …).
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe(), struct ramoops_context.
 *
 * Call order: `ramoops.probe` → ramoops sends `ram-core.attach` with the
 * zone table of the configuration and era → `ramoops.probed` with the
 * backend's info (for `pstore-fs.register`) and what every zone held.
 * These shapes are ABI between workers: bump PROTOCOL_VERSION on any change.
 */
import type { ActorErrorData, EnvelopeMessage, FlushMessage, HostHello } from '@pstore/actor';
import type { Endian, KernelVersion, ZoneProbe } from '@pstore/ram-core';
import type { BackendInfo } from '@pstore/pstore-fs/backend';
import type { RamoopsConfig } from '../config/types.ts';
import type { RamoopsZoneType } from '../layout.ts';

export const PROTOCOL_VERSION = 2;

/**
 * An error as data: never thrown across a boundary (comlink drops custom
 * fields). Its code is an errno name (EINVAL, ENOMEM, ERANGE, …) or one a peer reported.
 */
export type RamoopsErrorData = ActorErrorData;

/** The first message on every link, and what hello() returns. */
export type RamoopsHello = HostHello<
  'ramoops',
  { readonly ramoops: number; readonly backend: number }
>;

/** ramoops_probe() over the shared region. */
export interface RamoopsProbe {
  readonly type: 'ramoops.probe';
  readonly req?: number;
  /** The ramoops region (byte 0 = mem_address), shared. */
  readonly ram: SharedArrayBuffer;
  /** One Int32 lock word per zone. */
  readonly locks: SharedArrayBuffer;
  /** This worker's lock owner id. */
  readonly owner: number;
  readonly config: RamoopsConfig;
  readonly kernel: KernelVersion;
  readonly nrCpus: number;
  readonly endian: Endian;
  readonly longBytes: 4 | 8;
}

/**
 * A restarted ramoops worker takes over the zones of the running kernel: it
 * opens them as a writer of a region that is already attached (start and
 * size as they are, no signature check, no save, no zap), so nothing in RAM
 * is lost or read as a previous boot's. What the dead worker held in its
 * own memory (the previous boot's saved records) is gone. Answered with
 * `ramoops.probed`, each zone's report showing nothing saved.
 */
export interface RamoopsReattach extends Omit<RamoopsProbe, 'type'> {
  readonly type: 'ramoops.reattach';
  /** cxt->dump_write_cnt to go on from (taken modulo the dump zones). */
  readonly dumpWriteCnt: number;
}

/** Fault injection: this worker stops dead after `bytes` more bytes stored to RAM. */
export interface RamoopsArm {
  readonly type: 'ramoops.arm';
  readonly req?: number;
  readonly bytes: number;
}

export type RamoopsFlush = FlushMessage<'ramoops'>;

export type RamoopsCommand = RamoopsProbe | RamoopsReattach | RamoopsArm | RamoopsFlush;

/** One zone after the probe: where it is and what it held. */
export interface RamoopsZoneReport {
  readonly type: RamoopsZoneType;
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  readonly dataCapacity: number;
  readonly label: string;
  readonly probe: ZoneProbe;
  readonly correctedBytes: number;
  readonly badBlocks: number;
  /** Bytes of the previous boot's content saved at probe (0 when none). */
  readonly oldSize: number;
}

export interface RamoopsProbed {
  readonly type: 'ramoops.probed';
  readonly req?: number;
  readonly info: BackendInfo;
  readonly zones: readonly RamoopsZoneReport[];
  /** Rounding and configuration notes, in the kernel's words. */
  readonly notes: readonly string[];
}

export interface RamoopsArmed {
  readonly type: 'ramoops.armed';
  readonly req?: number;
  readonly bytes: number;
}

/** Its answers, and the host's flushed, failed and crashed (a write budget ran out, or a bug). */
export type RamoopsEvent =
  RamoopsProbed | RamoopsArmed | EnvelopeMessage<'ramoops', RamoopsErrorData>;
