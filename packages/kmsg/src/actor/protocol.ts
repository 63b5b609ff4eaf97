/**
 * The kmsg actor's messages: printk batches in, finalized records out to the
 * consoles, and kmsg_dump() to dumpers living in other actors (pstore's
 * dumper is one).
 * Kernel counterpart: kernel/printk/printk.c printk(), kmsg_dump(),
 * kmsg_dump_register(); include/linux/kmsg_dump.h struct kmsg_dumper.
 *
 * Log traffic is batched: one `kmsg.printk` carries many lines and one
 * `kmsg.records` every record they finalized. A dump is a request: kmsg
 * sends `dumper.dump` with the log window to each admitted dumper and
 * answers `kmsg.dumped` only when every one of them answered `dumper.dumped`
 * (the kernel's kmsg_dump() returns after the dumpers did).
 * These shapes are ABI between workers: bump PROTOCOL_VERSION on any change.
 */
import type {
  ActorErrorData,
  EnvelopeMessage,
  FailedMessage,
  FlushMessage,
  HostHello
} from '@pstore/actor';
import type { KmsgErrnoCode } from '../errors.ts';
import type { KernelVersion } from '../kernel-version.ts';
import type { PrintkRecord } from '../record.ts';
import type { PrintkLines } from './printk-lines.ts';
import type { PrintkRecordBatch } from './record-batch.ts';

/**
 * 2: a `kmsg.records` batch carries times below 2^53 ns as numbers (tsNsec, tsBig).
 * 3: and the ring's oldest record when the batch was taken (firstSeq).
 * 4: `kmsg.printk` may carry its lines joined (text and ends) instead of a list.
 */
export const PROTOCOL_VERSION = 4;
/** Version of the dumper contract (`dumper.*`). */
export const DUMPER_PROTOCOL_VERSION = 1;

/** An error as data: never thrown across a boundary (comlink drops custom fields). */
export type KmsgErrorData = ActorErrorData<KmsgErrnoCode | 'EIO' | 'EPROTO' | 'ESHUTDOWN'>;

/** The first message on every link, and what hello() returns. */
export type KmsgHello = HostHello<'kmsg', { readonly kmsg: number }>;

/** The printk configuration of a boot (PrintkRingOptions without the clock). */
export interface KmsgRingConfig {
  readonly logBufLen?: number;
  readonly printkTime?: boolean;
  readonly printkCaller?: boolean;
  readonly defaultMessageLoglevel?: number;
  readonly recordMax?: number;
}

/**
 * local_clock() of the simulated machine: `startNs` at the first read, then
 * `stepNs` more at each read and `kmsg.advance` on top. Deterministic, so two
 * placements of the same run log the same timestamps.
 */
export interface KmsgClockConfig {
  readonly startNs: number;
  readonly stepNs: number;
}

export interface KmsgBoot {
  readonly type: 'kmsg.boot';
  readonly req?: number;
  readonly kernel: KernelVersion;
  readonly ring: KmsgRingConfig;
  readonly clock: KmsgClockConfig;
  /** printk.always_kmsg_dump. */
  readonly alwaysKmsgDump: boolean;
}

/**
 * printk() of each line in order (KERN_* prefixes allowed; add the "\n"):
 * a list of `lines`, or for many lines their `text` joined with the `ends`
 * (joinPrintkLines()). Malformed ends fail the whole message with EINVAL.
 */
export type KmsgPrintk =
  | {
      readonly type: 'kmsg.printk';
      readonly req?: number;
      readonly lines: readonly string[];
    }
  | ({ readonly type: 'kmsg.printk'; readonly req?: number } & PrintkLines);

/** kmsg_dump_register() for a dumper in another actor (it receives `dumper.dump`). */
export interface KmsgDumpRegister {
  readonly type: 'kmsg.dumpRegister';
  readonly req?: number;
  readonly maxReason: number;
}

export interface KmsgDumpUnregister {
  readonly type: 'kmsg.dumpUnregister';
  readonly req?: number;
  readonly id: number;
}

/** kmsg_dump(reason): runs every admitted dumper to completion. */
export interface KmsgDump {
  readonly type: 'kmsg.dump';
  readonly req?: number;
  readonly reason: number;
  readonly description: string | null;
}

/** Time passes on the simulated machine (local_clock() moves on). */
export interface KmsgAdvance {
  readonly type: 'kmsg.advance';
  readonly req?: number;
  readonly ms: number;
}

/** A barrier through the downstream links (consoles); answered by the host. */
export type KmsgFlush = FlushMessage<'kmsg'>;

export type KmsgCommand =
  | KmsgBoot
  | KmsgPrintk
  | KmsgDumpRegister
  | KmsgDumpUnregister
  | KmsgDump
  | KmsgAdvance
  | KmsgFlush;

/** The window a dumper reads: records [max(clearSeq, firstSeq), nextSeq). */
export interface KmsgLogSnapshot {
  readonly printkTime: boolean;
  readonly printkCaller: boolean;
  readonly clearSeq: number;
  readonly firstSeq: number;
  readonly nextSeq: number;
  readonly records: readonly PrintkRecord[];
}

/** kmsg → dumper: dumper->dump(reason, iter), with the log the iterator reads. */
export interface DumperDump {
  readonly type: 'dumper.dump';
  readonly req?: number;
  /** The id `kmsg.dumpRegistered` gave this dumper. */
  readonly id: number;
  readonly reason: number;
  readonly description: string | null;
  readonly log: KmsgLogSnapshot;
}

/** dumper → kmsg: the dump is complete (written to the backend). */
export interface DumperDumped {
  readonly type: 'dumper.dumped';
  readonly req?: number;
  /** What the dumper did, for the board's report (opaque to kmsg). */
  readonly result: unknown;
}

/**
 * The dumper's worker died before answering: the actor host answers for it
 * (never sent by a dumper).
 */
export type DumperFailed = FailedMessage<'dumper', KmsgErrorData>;

export type DumperMessage = DumperDump | DumperDumped;

export interface KmsgBooted {
  readonly type: 'kmsg.booted';
  readonly req?: number;
}

export interface KmsgPrinted {
  readonly type: 'kmsg.printed';
  readonly req?: number;
  /** prb_next_seq() after the batch. */
  readonly nextSeq: number;
}

/** Records finalized by a batch, in seq order, in columns: what the consoles print. */
export interface KmsgRecords {
  readonly type: 'kmsg.records';
  readonly batch: PrintkRecordBatch;
}

export interface KmsgDumpRegistered {
  readonly type: 'kmsg.dumpRegistered';
  readonly req?: number;
  readonly id: number;
}

export interface KmsgDumpUnregistered {
  readonly type: 'kmsg.dumpUnregistered';
  readonly req?: number;
  readonly id: number;
}

export interface KmsgDumped {
  readonly type: 'kmsg.dumped';
  readonly req?: number;
  readonly reason: number;
  /** One entry per dumper that ran, in call order. */
  readonly results: readonly unknown[];
}

export interface KmsgAdvanced {
  readonly type: 'kmsg.advanced';
  readonly req?: number;
  readonly ms: number;
}

export type KmsgEvent =
  | KmsgBooted
  | KmsgPrinted
  | KmsgRecords
  | KmsgDumpRegistered
  | KmsgDumpUnregistered
  | KmsgDumped
  | KmsgAdvanced
  | EnvelopeMessage<'kmsg', KmsgErrorData>;

/** Everything the kmsg machine receives: its commands and its dumpers' answers. */
export type KmsgInput = KmsgCommand | DumperDumped | DumperFailed;

/** Everything the kmsg machine emits: its events and the dumps it asks for. */
export type KmsgOutput = KmsgEvent | DumperDump;
