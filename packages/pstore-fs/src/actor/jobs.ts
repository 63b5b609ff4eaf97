/**
 * Jobs of the pstore-fs actor: a request whose handling needs answers from
 * other actors (register, unlink, a dump, a timer rescan). A job sends its
 * messages one at a time and waits for each answer, so the kernel's order of
 * calls (log lines, console registration, the "Registered" line) is kept in
 * every placement; the requester is answered when the last step is done.
 * Kernel counterpart: none (the kernel's calls return before the next).
 */
import { pstoreFsErrorData } from './errors.ts';
import {
  isPeerFailure,
  type PeerAnswer,
  type PeerCommand,
  type PeerReply,
  type PstoreFsOutput
} from './peer-messages.ts';
import { drainSteps, type PstoreSide, type Step } from './pstore-side.ts';
import type { PstoreFsErrorData } from './protocol.ts';

export interface Job {
  readonly steps: readonly Step[];
  readonly current: Step | null;
  /** req of the message `current` was sent with. */
  readonly token: number | null;
  /** Answers the requester once every step is done. */
  readonly finish: () => PstoreFsOutput[];
  /** Answers the requester when a step failed. */
  readonly fail: (error: PstoreFsErrorData) => PstoreFsOutput[];
  /** Sees every answer (to list what a registration created). */
  readonly observe?: (step: Step, reply: PeerAnswer) => void;
}

export interface JobProgress {
  readonly emits: PstoreFsOutput[];
  readonly job: Job | null;
  readonly nextToken: number;
}

/**
 * Sends the job's next step: first whatever the last answer's handling
 * caused (drained from the side effects), then the planned steps. With
 * nothing left the job finishes.
 */
export function pump(side: PstoreSide, job: Job, nextToken: number): JobProgress {
  const steps = [...drainSteps(side), ...job.steps];
  const [current, ...rest] = steps;
  if (!current) return { emits: job.finish(), job: null, nextToken };
  return {
    emits: [{ ...current.message, req: nextToken }],
    job: { ...job, steps: rest, current, token: nextToken },
    nextToken: nextToken + 1
  };
}

/** An answer to the step in flight: go on, or fail the job on a `*.failed`. */
export function answer(
  side: PstoreSide,
  job: Job,
  reply: PeerReply,
  nextToken: number
): JobProgress {
  if (isPeerFailure(reply)) {
    side.out.splice(0);
    return { emits: job.fail(reply.error), job: null, nextToken };
  }
  let facts: PstoreFsOutput[] = [];
  try {
    if (job.current) job.observe?.(job.current, reply);
    facts = job.current?.then?.(reply) ?? [];
  } catch (e) {
    side.out.splice(0);
    return { emits: job.fail(pstoreFsErrorData(e)), job: null, nextToken };
  }
  const next = pump(side, job, nextToken);
  return { ...next, emits: [...facts, ...next.emits] };
}

/** Sends what facts caused right away, without waiting for answers. */
export function fireAndForget(side: PstoreSide): PeerCommand[] {
  return drainSteps(side).map((s) => s.message);
}
