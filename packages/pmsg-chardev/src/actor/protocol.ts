/**
 * The pmsg actor's messages: /dev/pmsg0 appears when pstore registers a
 * PMSG-capable backend (the plug-in frontend contract of pstore-fs), and
 * user space writes to it in batches, one entry per write(2).
 * Kernel counterpart: fs/pstore/pmsg.c write_pmsg(), pstore_register_pmsg().
 *
 * Every write becomes one `psinfo->write_user()` call: the actor hands the
 * batch to pstore-fs as `pstore-fs.writeUser` and answers `pmsg.written`
 * with what the backend returned for each.
 * These shapes are ABI between workers: bump PROTOCOL_VERSION on any change.
 */
import type { ActorErrorData, EnvelopeMessage, FlushMessage, HostHello } from '@pstore/actor';
import type { PmsgDeviceErrno } from '../pmsg-errno.ts';

export const PROTOCOL_VERSION = 1;

/** An error as data: never thrown across a boundary (comlink drops custom fields). */
export type PmsgErrorData = ActorErrorData<
  PmsgDeviceErrno | 'EIO' | 'EPROTO' | 'ESHUTDOWN' | (string & {})
>;

/** The first message on every link, and what hello() returns. */
export type PmsgHello = HostHello<'pmsg', { readonly pmsg: number; readonly frontend: number }>;

/** Sets up the device's pmsg_lock: one Int32 word shared by every writer's worker. */
export interface PmsgBoot {
  readonly type: 'pmsg.boot';
  readonly req?: number;
  readonly lock: SharedArrayBuffer | null;
}

/** open(O_WRONLY), write(2) of each entry, close(): the writes of user space. */
export interface PmsgWrite {
  readonly type: 'pmsg.write';
  readonly req?: number;
  readonly writes: readonly (string | Uint8Array)[];
}

export type PmsgFlush = FlushMessage<'pmsg'>;

export type PmsgCommand = PmsgBoot | PmsgWrite | PmsgFlush;

export interface PmsgBooted {
  readonly type: 'pmsg.booted';
  readonly req?: number;
}

export interface PmsgWritten {
  readonly type: 'pmsg.written';
  readonly req?: number;
  /** What each write(2) returned: bytes written, or −errno. */
  readonly results: readonly number[];
}

export type PmsgEvent = PmsgBooted | PmsgWritten | EnvelopeMessage<'pmsg', PmsgErrorData>;
