/**
 * The pstore module of one boot as the pstore-fs actor holds it: the real
 * Pstore core and filesystem view, wired to stand-ins for kmsg, the console
 * layer, plug-in frontends and the backend, plus the turning of what those
 * stand-ins recorded into messages (in the order the kernel made the calls).
 * Kernel counterpart: fs/pstore/platform.c and inode.c of one boot.
 */
import { messageAttempts, withTransfer } from '@pstore/actor';
import type { Console } from '@pstore/console';
import { KERN_ERR, KmsgDumpIter, type KmsgDumper, type KmsgLogSnapshot } from '@pstore/kmsg';
import { PSTORE_FLAGS } from '../backend/pstore-info.ts';
import { pstoreTypeName, type PstoreRecord } from '../backend/record.ts';
import type { PstoreDumpResult } from '../core/dump.ts';
import { Pstore } from '../core/pstore.ts';
import { SimulatedPstoreClock } from '../core/simulated-clock.ts';
import { PstoreFs } from '../fs/pstore-fs.ts';
import type { PstoreFile } from '../fs/pstore-file.ts';
import { ftraceLineFormat, renderFtraceFile } from '../ftrace/render.ts';
import {
  answerOf,
  type PeerAnswer,
  type PeerCommand,
  type PstoreFsOutput
} from './peer-messages.ts';
import type { BackendInfo, PstoreFileInfo, PstoreFsBoot, PstoreFsErrorData } from './protocol.ts';
import { RemoteBackend } from './remote-backend.ts';
import { RemoteConsoleRegistry, RemoteFrontend } from './remote-frontends.ts';
import { ForwardingRing, RemoteDumpers, SnapshotReader } from './remote-printk.ts';
import type { PstoreRecordBatchBuilder } from '../backend/record-batch.ts';
import { packBufs, type SideEffect } from './side-effects.ts';
import { pstoreFsErrorData } from './errors.ts';

/** A message to another actor and, for a step of a job, what to do with its answer. */
export interface Step {
  readonly message: PeerCommand;
  /** Handles the answer (a failure never gets here); may return facts to send at once. */
  then?(reply: PeerAnswer): PstoreFsOutput[] | void;
}

export interface PstoreSide {
  readonly boot: PstoreFsBoot;
  readonly pstore: Pstore;
  readonly fs: PstoreFs;
  readonly clock: SimulatedPstoreClock;
  readonly consoles: RemoteConsoleRegistry;
  readonly pmsg: RemoteFrontend;
  /** Side effects of the core's calls, not yet sent. */
  readonly out: SideEffect[];
  backend: RemoteBackend | null;
  /** kmsg's id of each dumper registered there. */
  readonly dumperIds: Map<KmsgDumper, number>;
  /** pr_err_once() of "backend (…) writing error" was printed this boot. */
  writeErrorReported: boolean;
}

function createPstoreSide(boot: PstoreFsBoot): PstoreSide {
  const out: SideEffect[] = [];
  const ring = new ForwardingRing(out);
  const reader = new SnapshotReader();
  const dumpers = new RemoteDumpers(
    reader,
    { kernel: boot.kernel, alwaysKmsgDump: boot.alwaysKmsgDump },
    out
  );
  const consoles = new RemoteConsoleRegistry(ring, out);
  const clock = new SimulatedPstoreClock(boot.wall);
  const pmsg = new RemoteFrontend(PSTORE_FLAGS.PMSG, out);
  const pstore = new Pstore({
    kernel: boot.kernel,
    params: boot.params,
    ring,
    dumpers,
    consoles,
    clock,
    frontends: [pmsg],
    ...(boot.ftraceArch ? { ftraceArch: boot.ftraceArch } : {})
  });
  const fs = new PstoreFs({
    now: () => new Date(clock.wall.sec * 1000 + Math.floor(clock.wall.nsec / 1e6)),
    renderFtrace: (record) =>
      new TextEncoder().encode(
        renderFtraceFile(
          record.buf.subarray(0, record.size),
          record.buf.subarray(record.size, record.size + record.eccNoticeSize),
          { layout: pstore.ftrace.layout, format: ftraceLineFormat(boot.kernel), symbols: null }
        ).text
      )
  });
  pstore.mount(fs);
  return {
    boot,
    pstore,
    fs,
    clock,
    consoles,
    pmsg,
    out,
    backend: null,
    dumperIds: new Map(),
    writeErrorReported: false
  };
}

/** What a boot message builds: the pstore side of the boot, or why there is none. */
type BootAttempt = { readonly side: PstoreSide } | { readonly error: PstoreFsErrorData };

/**
 * createPstoreSide() of one boot message, built once for the machine's guard (does
 * this boot succeed?) and its action (keep the side, or say why not), so the
 * state is chosen before the action runs.
 */
const attempts = messageAttempts((boot: PstoreFsBoot): BootAttempt => {
  try {
    return { side: createPstoreSide(boot) };
  } catch (e) {
    return { error: pstoreFsErrorData(e) };
  }
});

export const bootAttempt = attempts.peek;

/** The attempt the action keeps: forgotten, so a message sent again boots afresh. */
export const takeBootAttempt = attempts.take;

/** The remote backend for a registration, with the records it holds now. */
export function attachBackend(side: PstoreSide, info: BackendInfo): RemoteBackend {
  side.backend = new RemoteBackend(info, side.out);
  return side.backend;
}

export function fileInfo(f: PstoreFile): PstoreFileInfo {
  return {
    name: f.name,
    type: pstoreTypeName(f.record.type),
    id: f.record.id,
    size: f.size,
    mode: f.mode,
    mtimeMs: f.mtime.getTime(),
    compressed: f.record.compressed
  };
}

/**
 * pstore's dumper, called with the log kmsg sent: pstore_dump() writes the
 * parts through the remote backend (recorded in `out`).
 */
export function runDump(
  side: PstoreSide,
  id: number,
  reason: number,
  description: string | null,
  log: KmsgLogSnapshot
): PstoreDumpResult | null {
  const dumper = [...side.dumperIds].find(([, i]) => i === id)?.[0];
  if (!dumper) return null;
  const reader = new SnapshotReader();
  reader.load(log);
  dumper.dump(reason, new KmsgDumpIter(reader), { reason, description });
  return side.pstore.lastDump;
}

/**
 * After the backend answered a dump's writes: the "writing error" alert
 * pstore_dump() prints (6.2+) for the first part the backend refused, which
 * the core could not see (it was answered with success at once).
 */
export function alertWriteError(side: PstoreSide, results: readonly number[]): void {
  const saved = results.find((r) => r !== 0);
  if (saved === undefined || side.writeErrorReported || !side.pstore.era.writeErrorAlert) return;
  side.writeErrorReported = true;
  side.pstore.log(KERN_ERR, `backend (${side.backend?.name ?? '?'}) writing error (${saved})`);
}

/** A message being gathered from consecutive side effects of one kind. */
type Draft =
  | { readonly kind: 'log'; readonly lines: string[] }
  | { readonly kind: 'write'; readonly batch: PstoreRecordBatchBuilder }
  | { readonly kind: 'writeUser'; readonly writes: { record: PstoreRecord; buf: Uint8Array }[] }
  | { readonly kind: 'step'; readonly step: Step };

/**
 * Turns the recorded side effects into messages, in order: consecutive log
 * lines become one `kmsg.printk`, consecutive writes one `backend.write`.
 */
export function drainSteps(side: PstoreSide): Step[] {
  const drafts: Draft[] = [];
  const step = (s: Step) => drafts.push({ kind: 'step', step: s });
  for (const e of side.out.splice(0)) {
    const last = drafts.at(-1);
    switch (e.kind) {
      case 'log':
        if (last?.kind === 'log') last.lines.push(e.line);
        else drafts.push({ kind: 'log', lines: [e.line] });
        break;
      case 'write':
        // RemoteBackend appends consecutive writes to one batch already.
        drafts.push({ kind: 'write', batch: e.batch });
        break;
      case 'writeUser': {
        const w = { record: e.record, buf: e.buf };
        if (last?.kind === 'writeUser') last.writes.push(w);
        else drafts.push({ kind: 'writeUser', writes: [w] });
        break;
      }
      case 'dumpRegister':
        step({
          message: { type: 'kmsg.dumpRegister', maxReason: e.dumper.maxReason },
          then: (reply) =>
            void side.dumperIds.set(e.dumper, answerOf(reply, 'kmsg.dumpRegistered').id)
        });
        break;
      case 'dumpUnregister': {
        const id = side.dumperIds.get(e.dumper);
        side.dumperIds.delete(e.dumper);
        if (id !== undefined) step({ message: { type: 'kmsg.dumpUnregister', id } });
        break;
      }
      case 'consoleRegister':
      case 'consoleUnregister':
        step({ message: consoleMessage(e.kind, e.con) });
        break;
      case 'frontendRegister':
        step({
          message: {
            type: 'frontend.register',
            flag: e.flag,
            backend: side.backend?.name ?? '',
            kernel: side.boot.kernel
          }
        });
        break;
      case 'frontendUnregister':
        step({ message: { type: 'frontend.unregister', flag: e.flag } });
        break;
    }
  }
  return drafts.map((d): Step => {
    switch (d.kind) {
      case 'log':
        return { message: { type: 'kmsg.printk', lines: d.lines } };
      case 'write': {
        // The batch is this message's alone: its buffer goes with it, uncopied.
        const batch = d.batch.take();
        const message = { type: 'backend.write' as const, batch };
        return { message: withTransfer(message, [batch.bufs.buffer as ArrayBuffer]) };
      }
      case 'writeUser':
        return { message: { type: 'backend.writeUser', writes: packBufs(d.writes) } };
      case 'step':
        return d.step;
    }
  });
}

function consoleMessage(
  kind: 'consoleRegister' | 'consoleUnregister',
  con: Console
): Extract<PeerCommand, { type: 'console.register' | 'console.unregister' }> {
  return kind === 'consoleRegister'
    ? { type: 'console.register', name: con.name, index: con.index, flags: con.flags }
    : { type: 'console.unregister', name: con.name, index: con.index };
}

/** What a registration's steps created, for the board ("console ramoops-1", "pmsg0"). */
export function describeFrontend(step: Step, reply: PeerAnswer): string | null {
  switch (step.message.type) {
    case 'kmsg.dumpRegister':
      return `kmsg dumper (max_reason ${step.message.maxReason})`;
    case 'console.register': {
      const { name, index } = answerOf(reply, 'console.registered');
      return `console ${name}${index}`;
    }
    case 'frontend.register':
      return `/dev/${answerOf(reply, 'frontend.registered').device}`;
    default:
      return null;
  }
}
