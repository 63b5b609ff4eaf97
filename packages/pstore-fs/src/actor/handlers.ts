/**
 * What the pstore-fs actor does with each request: the calls into the pstore
 * core and filesystem view, and the job (steps through other actors) a
 * request needs before it can be answered.
 * Kernel counterpart: fs/pstore/platform.c pstore_register(), pstore_dump(),
 * pstore_console_write(), the pmsg write path; fs/pstore/inode.c
 * pstore_unlink(), the update timer's pstore_get_records(1).
 */
import type { ConsolePrinted } from '@pstore/console';
import type { DumperDump } from '@pstore/kmsg';
import { PSTORE_TYPE } from '../backend/record.ts';
import { isPstoreConsole, writeEachLine } from '../core/console-frontend.ts';
import type { Job } from './jobs.ts';
import { answerOf, type PstoreFsOutput } from './peer-messages.ts';
import type {
  PstoreFileInfo,
  PstoreFsAdvance,
  PstoreFsErrorData,
  PstoreFsReconnect,
  PstoreFsRegister,
  PstoreFsUnlink,
  PstoreFsWriteUser
} from './protocol.ts';
import {
  alertWriteError,
  attachBackend,
  describeFrontend,
  fileInfo,
  runDump,
  type PstoreSide
} from './pstore-side.ts';

const failed =
  (req: number | undefined, cause: string) =>
  (error: PstoreFsErrorData): PstoreFsOutput[] => [{ type: 'pstore-fs.failed', req, cause, error }];

/**
 * pstore_register(): fetch the backend's records, register (the files of the
 * previous boot appear, then the frontends register in the kernel's order),
 * answer with what was created.
 */
export function registerJob(side: PstoreSide, event: PstoreFsRegister): Job {
  const frontends: string[] = [];
  return {
    current: null,
    token: null,
    steps: [
      {
        message: { type: 'backend.read' },
        then(reply) {
          const { records } = answerOf(reply, 'backend.records');
          attachBackend(side, event.backend).load(records);
          side.pstore.register(side.backend!);
          const files = side.fs.list();
          const notes = files
            .filter((f) => f.record.compressed)
            .map((f) => `${f.name}: the dump stayed compressed (it does not inflate here)`);
          return [{ type: 'pstore-fs.mounted', files: files.map(fileInfo), notes }];
        }
      }
    ],
    observe(step, reply) {
      const what = describeFrontend(step, reply);
      if (what) frontends.push(what);
    },
    finish: () => [
      {
        type: 'pstore-fs.registered',
        req: event.req,
        backend: event.backend.name,
        frontends,
        dumpers: [...side.dumperIds.values()],
        consoles: side.consoles.drivers.map((c) => ({ name: c.name, index: c.index }))
      }
    ],
    fail: failed(event.req, event.type)
  };
}

/** unlink(2): the backend erases the record, then the file goes away. */
export function unlinkJob(side: PstoreSide, event: PstoreFsUnlink): Job {
  const { record } = side.fs.stat(event.name);
  return {
    current: null,
    token: null,
    // The backend needs the type and id only.
    steps: [
      {
        message: { type: 'backend.erase', record: { ...record, buf: new Uint8Array(0) } },
        then(reply) {
          side.backend!.eraseResult = answerOf(reply, 'backend.erased').ret;
          side.fs.unlink(event.name);
        }
      }
    ],
    finish: () => [{ type: 'pstore-fs.unlinked', req: event.req, name: event.name }],
    fail: failed(event.req, event.type)
  };
}

/**
 * dumper->dump(): pstore_dump() runs on the log kmsg sent; the parts go to
 * the backend, and kmsg is answered once the backend stored them.
 */
export function dumpJob(side: PstoreSide, event: DumperDump): Job {
  const result = runDump(side, event.id, event.reason, event.description, event.log);
  let results: readonly number[] = [];
  return {
    current: null,
    token: null,
    // The parts pstore_dump() wrote are in side.out: pump() sends them first.
    steps: [],
    observe(step, reply) {
      if (step.message.type !== 'backend.write') return;
      results = answerOf(reply, 'backend.written').results;
      alertWriteError(side, results);
    },
    finish: () => [
      {
        type: 'dumper.dumped',
        req: event.req,
        result: result && {
          ...result,
          parts: result.parts.map((p, i) => ({ ...p, ret: results[i] ?? p.ret }))
        }
      }
    ],
    fail: (error) => [{ type: 'dumper.dumped', req: event.req, result: { error } }]
  };
}

/**
 * Time passes. When the update timer may rescan (an oops was stored), the
 * backend's records are fetched first, so the rescan sees the new dump.
 */
export function advanceJob(side: PstoreSide, event: PstoreFsAdvance): Job {
  let added: PstoreFileInfo[] = [];
  const tick = () => {
    const before = new Set(side.fs.list().map((f) => f.name));
    side.clock.advance(event.ms);
    added = side.fs
      .list()
      .filter((f) => !before.has(f.name))
      .map(fileInfo);
  };
  const rescans = side.backend !== null && side.pstore.newEntry && side.clock.pending > 0;
  if (!rescans) tick();
  return {
    current: null,
    token: null,
    steps: rescans
      ? [
          {
            message: { type: 'backend.read' },
            then(reply) {
              side.backend!.load(answerOf(reply, 'backend.records').records);
              tick();
            }
          }
        ]
      : [],
    finish: () => [{ type: 'pstore-fs.advanced', req: event.req, added }],
    fail: failed(event.req, event.type)
  };
}

/**
 * A restarted peer: register again with it what pstore had registered
 * there, as the registration did (the new ids and answers replace the old).
 */
export function reconnectJob(side: PstoreSide, event: PstoreFsReconnect): Job {
  const req = event.req;
  switch (event.peer ?? 'pmsg') {
    case 'pmsg':
      if (side.pmsg.registered) side.out.push({ kind: 'frontendRegister', flag: side.pmsg.flag });
      break;
    case 'console':
      for (const con of side.consoles.drivers) side.out.push({ kind: 'consoleRegister', con });
      break;
    case 'kmsg':
      for (const dumper of side.dumperIds.keys()) side.out.push({ kind: 'dumpRegister', dumper });
      break;
  }
  return {
    current: null,
    token: null,
    steps: [],
    finish: () => [
      {
        type: 'pstore-fs.reconnected',
        req,
        peer: event.peer ?? 'pmsg',
        dumpers: [...side.dumperIds.values()],
        consoles: side.consoles.drivers.map((c) => ({ name: c.name, index: c.index }))
      }
    ],
    fail: failed(req, 'pstore-fs.reconnect')
  };
}

/** Console output of pstore's console driver: stored as CONSOLE records. */
export function consolePrinted(side: PstoreSide, event: ConsolePrinted): void {
  const con = side.consoles.driver(event.name, event.index);
  if (!con) return;
  const { text, ends } = event;
  if (isPstoreConsole(con)) {
    con.writeLines(text, ends);
    return;
  }
  writeEachLine(con, text, ends, { oopsInProgress: event.oopsInProgress });
}

/** psinfo->write_user() of each pmsg write(2). */
export function writeUser(side: PstoreSide, event: PstoreFsWriteUser): number[] {
  return event.writes.map((buf) => {
    const record = side.pstore.recordInit(PSTORE_TYPE.PMSG);
    record.size = buf.length;
    return side.pstore.writeUser(record, buf);
  });
}
