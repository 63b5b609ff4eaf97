/**
 * The printk side as the pstore-fs actor sees it: a ring whose printk() goes
 * to kmsg, the log window of a dump received from kmsg, and kmsg dumpers
 * whose registrations are mirrored to kmsg.
 * Kernel counterpart: printk() and kmsg_dump_register() as platform.c calls
 * them; struct kmsg_dump_iter reading the log (kernel/printk/printk.c).
 */
import {
  KmsgDumpers,
  PrintkRing,
  type KmsgDumper,
  type KmsgDumpPolicy,
  type KmsgLogSnapshot,
  type PrintkOptions,
  type PrintkReader,
  type PrintkRecord
} from '@pstore/kmsg';
import type { SideEffect } from './side-effects.ts';

/** A printk ring that stores nothing: every line is sent to kmsg. */
export class ForwardingRing extends PrintkRing {
  readonly #out: SideEffect[];

  constructor(out: SideEffect[]) {
    super({ clock: () => 0n });
    this.#out = out;
  }

  override vprintkEmit(
    _facility: number,
    _level: number,
    text: string | Uint8Array,
    _options?: PrintkOptions
  ): number {
    const line = typeof text === 'string' ? text : new TextDecoder().decode(text);
    this.#out.push({ kind: 'log', line });
    return line.length;
  }
}

/** The log a dump iterator reads: the window kmsg copied when it dumped. */
export class SnapshotReader implements PrintkReader {
  printkTime = true;
  printkCaller = false;
  clearSeq = 0;
  firstSeq = 0;
  nextSeq = 0;
  #records: readonly PrintkRecord[] = [];

  load(log: KmsgLogSnapshot): void {
    this.printkTime = log.printkTime;
    this.printkCaller = log.printkCaller;
    this.clearSeq = log.clearSeq;
    this.firstSeq = log.firstSeq;
    this.nextSeq = log.nextSeq;
    this.#records = log.records;
  }

  /** The record at `seq`, or the oldest one after it; null past the window. */
  read(seq: number): PrintkRecord | null {
    const first = this.#records[0];
    if (!first) return null;
    return this.#records[Math.max(0, seq - first.seq)] ?? null;
  }
}

/** kmsg dumpers whose (un)registrations are also sent to the kmsg actor. */
export class RemoteDumpers extends KmsgDumpers {
  readonly #out: SideEffect[];

  constructor(reader: PrintkReader, policy: KmsgDumpPolicy, out: SideEffect[]) {
    super(reader, policy);
    this.#out = out;
  }

  override kmsgDumpRegister(dumper: KmsgDumper): void {
    super.kmsgDumpRegister(dumper);
    this.#out.push({ kind: 'dumpRegister', dumper });
  }

  override kmsgDumpUnregister(dumper: KmsgDumper): void {
    super.kmsgDumpUnregister(dumper);
    this.#out.push({ kind: 'dumpUnregister', dumper });
  }
}
