/**
 * The messages the pstore-fs actor exchanges with its peers besides its own
 * protocol: the commands the core's outward calls become (printk lines and
 * dumper registration to kmsg, console drivers to the console layer,
 * plug-in frontends, the backend's callbacks), the answers those get, and
 * everything the machine emits.
 * Kernel counterpart: the calls platform.c makes out of pstore (printk(),
 * kmsg_dump_register(), register_console(), pstore_register_pmsg(),
 * psinfo->read()/write()/write_user()/erase()) and what they return.
 */
import { ErrnoError } from '@pstore/actor';
import type { ConsoleCommand, ConsoleEvent } from '@pstore/console';
import type { DumperDumped, KmsgCommand, KmsgEvent } from '@pstore/kmsg';
import type {
  BackendCommand,
  BackendEvent,
  FrontendCommand,
  FrontendEvent,
  PstoreFsEvent
} from './protocol.ts';

/** A command pstore-fs sends to another actor (a job's step, or a fact sent at once). */
export type PeerCommand =
  | Extract<KmsgCommand, { type: 'kmsg.printk' | 'kmsg.dumpRegister' | 'kmsg.dumpUnregister' }>
  | Extract<ConsoleCommand, { type: 'console.register' | 'console.unregister' }>
  | FrontendCommand
  | BackendCommand;

/** What the peers answer to those commands. */
export type PeerReply =
  | Extract<
      KmsgEvent,
      { type: 'kmsg.printed' | 'kmsg.dumpRegistered' | 'kmsg.dumpUnregistered' | 'kmsg.failed' }
    >
  | Extract<
      ConsoleEvent,
      { type: 'console.registered' | 'console.unregistered' | 'console.failed' }
    >
  | FrontendEvent
  | BackendEvent;

/** A peer's refusal of a command (or its host's, for a peer whose worker died). */
export type PeerFailure = Extract<PeerReply, { type: `${string}.failed` }>;

/** A peer's answer that the command was carried out. */
export type PeerAnswer = Exclude<PeerReply, PeerFailure>;

/** What the machine emits: its events, its dumper's answers, and commands to its peers. */
export type PstoreFsOutput = PstoreFsEvent | DumperDumped | PeerCommand;

export function isPeerFailure(reply: PeerReply): reply is PeerFailure {
  return reply.type.endsWith('.failed');
}

function isAnswer<T extends PeerAnswer['type']>(
  reply: PeerAnswer,
  type: T
): reply is Extract<PeerAnswer, { type: T }> {
  return reply.type === type;
}

/**
 * `reply` as the answer a step waits for. A peer answers a command with its
 * own answer or fails; anything else is a protocol error (it fails the job).
 */
export function answerOf<T extends PeerAnswer['type']>(
  reply: PeerAnswer,
  type: T
): Extract<PeerAnswer, { type: T }> {
  if (isAnswer(reply, type)) return reply;
  throw new ErrnoError('EPROTO', `${type} expected, ${reply.type} came`);
}
