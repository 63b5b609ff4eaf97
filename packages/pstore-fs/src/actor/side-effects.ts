/**
 * The pstore core is synchronous, like the kernel's: register(), a dump or a
 * console write call into kmsg, the console layer, plug-in frontends and the
 * backend and expect them to act at once. In the actor those all live in
 * other actors, so the stand-ins below record each call, in order, as a side
 * effect the actor then sends as messages.
 * Kernel counterpart: the calls platform.c makes out of pstore (printk(),
 * kmsg_dump_register(), register_console(), pstore_register_pmsg(),
 * psinfo->write()/write_user()).
 */
import type { Console } from '@pstore/console';
import type { KmsgDumper } from '@pstore/kmsg';
import type { PstoreRecord } from '../backend/record.ts';
import type { PstoreRecordBatchBuilder } from '../backend/record-batch.ts';

export type SideEffect =
  | { readonly kind: 'log'; readonly line: string }
  | { readonly kind: 'dumpRegister'; readonly dumper: KmsgDumper }
  | { readonly kind: 'dumpUnregister'; readonly dumper: KmsgDumper }
  | { readonly kind: 'consoleRegister'; readonly con: Console }
  | { readonly kind: 'consoleUnregister'; readonly con: Console }
  | { readonly kind: 'frontendRegister'; readonly flag: number }
  | { readonly kind: 'frontendUnregister'; readonly flag: number }
  | { readonly kind: 'write'; readonly batch: PstoreRecordBatchBuilder }
  | { readonly kind: 'writeUser'; readonly record: PstoreRecord; readonly buf: Uint8Array };

/**
 * The bufs of `items` copied into one new buffer: out of buffers the core
 * reuses (big_oops_buf, a console's text), and so that a message carrying
 * them clones one ArrayBuffer instead of one per record.
 */
export function packBufs<T extends { buf: Uint8Array }>(items: readonly T[]): T[] {
  const all = new Uint8Array(items.reduce((n, x) => n + x.buf.length, 0));
  let o = 0;
  return items.map((x) => {
    all.set(x.buf, o);
    return { ...x, buf: all.subarray(o, (o += x.buf.length)) };
  });
}
