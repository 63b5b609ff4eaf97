/**
 * The console actor's messages: console drivers registered by other actors
 * (pstore's console is one), the records kmsg finalized coming in, and what
 * each driver's write() received going out, batched.
 * Kernel counterpart: kernel/printk/printk.c register_console(),
 * unregister_console(), console_unlock(), console_flush_on_panic(),
 * lib/bust_spinlocks.c; include/linux/console.h struct console.
 *
 * The actor keeps a window of kmsg's printk ring, the `kmsg.records`
 * batches in seq order with the ring's bounds as kmsg had them, so a
 * CON_PRINTBUFFER driver gets the whole log replayed as the kernel does.
 * Its own messages ("console [ramoops-1] enabled") go to kmsg as
 * `kmsg.printk` and come back as records like any other line; a
 * registration is answered only after kmsg stored that line.
 * These shapes are ABI between workers: bump PROTOCOL_VERSION on any change.
 */
import type { ActorErrorData, EnvelopeMessage, FlushMessage, HostHello } from '@pstore/actor';
import type { KmsgErrorData, KmsgRingConfig } from '@pstore/kmsg';
import type { ConsoleErrnoCode } from '../console-error.ts';
import type { ConsoleFlushMode, ConsoleRegistryOptions } from '../console-registry.ts';

/** 2: `console.printed` carries its texts in one buffer (text, ends) instead of views (chunks). */
export const PROTOCOL_VERSION = 2;

/**
 * An error as data: never thrown across a boundary (comlink drops custom
 * fields). The console layer's codes, or kmsg's when a line it logged was refused.
 */
export type ConsoleErrorData = ActorErrorData<ConsoleErrnoCode | KmsgErrorData['code']>;

/** The first message on every link, and what hello() returns. */
export type ConsoleHello = HostHello<'console', { readonly console: number }>;

/** Starts the registry; `ring` is kmsg's (printk.time and the caller ids the lines show). */
export interface ConsoleBoot {
  readonly type: 'console.boot';
  readonly req?: number;
  readonly ring: KmsgRingConfig;
  readonly options: ConsoleRegistryOptions;
}

/** register_console() of a driver that lives in the sender's actor. */
export interface ConsoleRegister {
  readonly type: 'console.register';
  readonly req?: number;
  readonly name: string;
  readonly index: number;
  readonly flags: number;
}

export interface ConsoleUnregister {
  readonly type: 'console.unregister';
  readonly req?: number;
  readonly name: string;
  readonly index: number;
}

/** bust_spinlocks(on): oops_in_progress, which drivers see in their write context. */
export interface ConsoleBustSpinlocks {
  readonly type: 'console.bustSpinlocks';
  readonly req?: number;
  readonly on: boolean;
}

/** console_flush_on_panic(). */
export interface ConsoleFlushOnPanic {
  readonly type: 'console.flushOnPanic';
  readonly req?: number;
  readonly mode: ConsoleFlushMode;
}

/** A barrier through the downstream links (driver owners); answered by the host. */
export type ConsoleFlush = FlushMessage<'console'>;

export type ConsoleCommand =
  | ConsoleBoot
  | ConsoleRegister
  | ConsoleUnregister
  | ConsoleBustSpinlocks
  | ConsoleFlushOnPanic
  | ConsoleFlush;

export interface ConsoleBooted {
  readonly type: 'console.booted';
  readonly req?: number;
}

export interface ConsoleRegistered {
  readonly type: 'console.registered';
  readonly req?: number;
  readonly name: string;
  readonly index: number;
}

export interface ConsoleUnregistered {
  readonly type: 'console.unregistered';
  readonly req?: number;
  readonly name: string;
  readonly index: number;
}

/**
 * What one driver's write() received while the actor handled one message:
 * the texts of its write() calls one after another in one buffer (a
 * thousand lines cross as two arrays, not a thousand views).
 */
export interface ConsolePrinted {
  readonly type: 'console.printed';
  readonly name: string;
  readonly index: number;
  /** The write() calls' texts, in order: call i wrote text[ends[i − 1], ends[i]) (from 0 for i = 0). */
  readonly text: Uint8Array;
  readonly ends: Uint32Array;
  /** oops_in_progress during those writes (ConsoleWriteContext). */
  readonly oopsInProgress: boolean;
}

/** The answer to bustSpinlocks and flushOnPanic. */
export interface ConsoleDone {
  readonly type: 'console.done';
  readonly req?: number;
  readonly oopsInProgress: number;
}

export type ConsoleEvent =
  | ConsoleBooted
  | ConsoleRegistered
  | ConsoleUnregistered
  | ConsolePrinted
  | ConsoleDone
  | EnvelopeMessage<'console', ConsoleErrorData>;
