/**
 * The messages every component shares besides its own: a failed command,
 * the barrier and its answer, and the crash report. Each protocol declares
 * them under its own prefix (`KmsgFlush = FlushMessage<'kmsg'>`, and the
 * events as one `EnvelopeMessage<'kmsg', KmsgErrorData>` in its event union);
 * the host itself sends them, so their shape is the bus's, not the component's.
 * Kernel counterpart: none.
 */
import type { ActorErrorData } from './error-data.ts';

/** `<prefix>.failed`: the command of type `cause` failed (`req` is that command's). */
export interface FailedMessage<
  P extends string = string,
  E extends ActorErrorData = ActorErrorData
> {
  readonly type: `${P}.failed`;
  readonly req?: number;
  readonly cause: string;
  readonly error: E;
}

/** `<component>.crashed`: the actor died; the host tells the board (never a peer). */
export interface CrashedMessage<
  C extends string = string,
  E extends ActorErrorData = ActorErrorData
> {
  readonly type: `${C}.crashed`;
  readonly error: E;
}

/** `<component>.flush`: a barrier through the downstream links, answered by the host. */
export interface FlushMessage<C extends string = string> {
  readonly type: `${C}.flush`;
  readonly req?: number;
}

/**
 * `<component>.flushed`: everything sent before the barrier went down every
 * link; `broken` says why not, when a worker on the way died meanwhile.
 */
export interface FlushedMessage<C extends string = string> {
  readonly type: `${C}.flushed`;
  readonly req?: number;
  readonly broken?: string;
}

/**
 * The events the host sends under a component's prefix whatever the component is:
 * `<prefix>.flushed`, `<prefix>.failed` and `<prefix>.crashed`, with the component's error data.
 * A protocol's event union takes them as one member:
 * `KmsgEvent = KmsgBooted | … | EnvelopeMessage<'kmsg', KmsgErrorData>`.
 */
export type EnvelopeMessage<P extends string, E extends ActorErrorData = ActorErrorData> =
  FlushedMessage<P> | FailedMessage<P, E> | CrashedMessage<P, E>;

export function failedMessage<P extends string, E extends ActorErrorData>(
  prefix: P,
  req: number | undefined,
  cause: string,
  error: E
): FailedMessage<P, E> {
  return { type: `${prefix}.failed`, req, cause, error };
}

export function crashedMessage<C extends string, E extends ActorErrorData>(
  component: C,
  error: E
): CrashedMessage<C, E> {
  return { type: `${component}.crashed`, error };
}

export function flushMessage<C extends string>(component: C, req: number): FlushMessage<C> {
  return { type: `${component}.flush`, req };
}

/** The answer to a barrier; `broken` only when it did not pass whole. */
export function flushedMessage<C extends string>(
  component: C,
  req: number,
  broken: string | null
): FlushedMessage<C> {
  return { type: `${component}.flushed`, req, ...(broken ? { broken } : {}) };
}
