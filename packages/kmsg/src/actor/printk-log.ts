/**
 * The printk side of one boot as the kmsg actor holds it: the ring with its
 * simulated local_clock(), the records each batch finalized, the kmsg
 * dumpers (stubs standing for dumpers in other actors) and the log window a
 * dump hands them.
 * Kernel counterpart: kernel/printk/printk.c (the log buffer, kmsg_dump()).
 */
import { ERRNO, messageAttempts } from '@pstore/actor';
import { KMSG_ERRNO, KmsgError } from '../errors.ts';
import { KmsgDumpers, type KmsgDumper } from '../kmsg-dump.ts';
import { kmsgDumpAdmits } from '../kmsg-dump-reason.ts';
import type { KmsgDumpIter } from '../kmsg-dump-iter.ts';
import { PrintkRing } from '../printk-ring.ts';
import type { PrintkRecord } from '../record.ts';
import type { KmsgBoot, KmsgErrorData, KmsgLogSnapshot } from './protocol.ts';
import { RecordBatchBuilder, type PrintkRecordBatch } from './record-batch.ts';

/** A dump kmsg_dump() asked a remote dumper for. */
interface RequestedDump {
  readonly id: number;
  readonly log: KmsgLogSnapshot;
}

export interface PrintkLog {
  readonly ring: PrintkRing;
  readonly dumpers: KmsgDumpers;
  /**
   * Records finalized since the last take, in columns; null when there are
   * none and the ring's oldest record is where the last batch said (a
   * record still open can push old ones out: the consoles' window must
   * hear of it).
   */
  takeRecords(): PrintkRecordBatch | null;
  /** Registers a remote dumper; returns its id. */
  registerDumper(maxReason: number): number;
  unregisterDumper(id: number): void;
  /** kmsg_dump(): the dumps admitted dumpers were asked for, in call order. */
  dump(reason: number, description: string | null): RequestedDump[];
  /**
   * Whether kmsg_dump(reason) would call a dumper: the reason exists in the
   * era and a registered dumper admits it (then dump() asks at least one).
   */
  asks(reason: number): boolean;
  advance(ms: number): void;
}

/** What a boot message builds: the printk log, or why there is none. */
type BootAttempt = { readonly log: PrintkLog } | { readonly error: KmsgErrorData };

/**
 * Records with their texts packed into one buffer: a message carrying many
 * records then clones one ArrayBuffer instead of one per record.
 */
function packRecords(records: readonly PrintkRecord[]): PrintkRecord[] {
  const buf = new Uint8Array(records.reduce((n, r) => n + r.text.length, 0));
  let o = 0;
  return records.map((r) => {
    buf.set(r.text, o);
    const text = buf.subarray(o, (o += r.text.length));
    return { ...r, text };
  });
}

/** The log window a dump iterator was rewound to, copied so it can leave the worker. */
function snapshot(ring: PrintkRing, iter: KmsgDumpIter): KmsgLogSnapshot {
  const records: PrintkRecord[] = [];
  for (let r = ring.read(iter.curSeq); r && r.seq < iter.nextSeq; r = ring.read(r.seq + 1)) {
    records.push(r);
  }
  return {
    printkTime: ring.printkTime,
    printkCaller: ring.printkCaller,
    clearSeq: ring.clearSeq,
    firstSeq: ring.firstSeq,
    nextSeq: iter.nextSeq,
    records: packRecords(records)
  };
}

/** Builds the printk side of a boot. @throws KmsgError for bad ring options. */
function createPrintkLog(boot: KmsgBoot): PrintkLog {
  let reads = 0;
  let advancedNs = 0;
  const { startNs, stepNs } = boot.clock;
  const ring = new PrintkRing({
    ...boot.ring,
    // A number: exact below 2^53 ns, and no BigInt made per printk.
    clock: () => startNs + reads++ * stepNs + advancedNs
  });
  const dumpers = new KmsgDumpers(ring, {
    kernel: boot.kernel,
    alwaysKmsgDump: boot.alwaysKmsgDump
  });
  // Each record is copied into the next batch as it is finalized.
  const finalized = new RecordBatchBuilder();
  /** The firstSeq the last batch carried. */
  let sentFirstSeq = 0;
  ring.subscribeFinalized((seq) => ring.copyRecord(seq, finalized));
  const stubs = new Map<number, KmsgDumper>();
  let nextId = 1;
  let requested: RequestedDump[] = [];
  return {
    ring,
    dumpers,
    takeRecords() {
      if (finalized.count === 0 && ring.firstSeq === sentFirstSeq) return null;
      sentFirstSeq = ring.firstSeq;
      return finalized.take(sentFirstSeq);
    },
    registerDumper(maxReason) {
      const id = nextId++;
      const stub: KmsgDumper = {
        maxReason,
        dump: (_reason: number, iter: KmsgDumpIter) => {
          requested.push({ id, log: snapshot(ring, iter) });
        }
      };
      dumpers.kmsgDumpRegister(stub);
      stubs.set(id, stub);
      return id;
    },
    unregisterDumper(id) {
      const stub = stubs.get(id);
      if (!stub) throw new KmsgError('EINVAL', `kmsg dumper ${id} is not registered`);
      dumpers.kmsgDumpUnregister(stub);
      stubs.delete(id);
    },
    dump(reason, description) {
      requested = [];
      dumpers.kmsgDump(reason, description);
      return requested;
    },
    asks(reason) {
      try {
        return dumpers.dumpers.some((d) => kmsgDumpAdmits(reason, d.maxReason, dumpers.policy));
      } catch {
        // A reason the era does not have: kmsg_dump() refuses it before any dumper.
        return false;
      }
    },
    advance(ms) {
      advancedNs += Math.round(ms * 1e6);
    }
  };
}

/**
 * createPrintkLog() of one boot message, built once for the machine's guard (does
 * this boot succeed?) and its action (keep the log, or say why not), so the
 * state is chosen before the action runs.
 */
const attempts = messageAttempts((boot: KmsgBoot): BootAttempt => {
  try {
    return { log: createPrintkLog(boot) };
  } catch (e) {
    return { error: kmsgErrorData(e) };
  }
});

export const bootAttempt = attempts.peek;

/** The attempt the action keeps: forgotten, so a message sent again boots afresh. */
export const takeBootAttempt = attempts.take;

/** A failure as data; the KmsgError code when it was one. */
export function kmsgErrorData(e: unknown): KmsgErrorData {
  const err = e as { code?: unknown; message?: unknown };
  const known = typeof err.code === 'string' && err.code in KMSG_ERRNO;
  const code = known ? (err.code as keyof typeof KMSG_ERRNO) : null;
  return {
    code: code ?? 'EIO',
    errno: code ? KMSG_ERRNO[code] : ERRNO.EIO,
    message: typeof err.message === 'string' ? err.message : String(e)
  };
}
