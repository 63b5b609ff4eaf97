/**
 * Jobs of the pstore-fs actor: a request whose handling needs answers from
 * other actors (register, unlink, a dump, a timer rescan). A job sends its
 * messages one at a time and waits for each answer, so the kernel's order of
 * calls (log lines, console registration, the "Registered" line) is kept in
 * every placement; the requester is answered when the last step is done.
 * Kernel counterpart: none (the kernel's calls return before the next).
 */
import { pstoreFsErrorData } from './errors.ts';
import { drainSteps, type PstoreSide, type Step, type Wire } from './pstore-side.ts';
import type { PstoreFsErrorData } from './protocol.ts';

export type { Wire } from './pstore-side.ts';

export interface Job {
  readonly steps: readonly Step[];
  readonly current: Step | null;
  /** req of the message `current` was sent with. */
  readonly token: number | null;
  /** Answers the requester once every step is done. */
  readonly finish: () => Wire[];
  /** Answers the requester when a step failed. */
  readonly fail: (error: PstoreFsErrorData) => Wire[];
  /** Sees every answer (to list what a registration created). */
  readonly observe?: (step: Step, reply: Wire) => void;
}

export interface JobProgress {
  readonly emits: Wire[];
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
export function answer(side: PstoreSide, job: Job, reply: Wire, nextToken: number): JobProgress {
  if (reply.type.endsWith('.failed')) {
    side.out.splice(0);
    return { emits: job.fail(reply['error'] as PstoreFsErrorData), job: null, nextToken };
  }
  let facts: Wire[] = [];
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
export function fireAndForget(side: PstoreSide): Wire[] {
  return drainSteps(side).map((s) => s.message);
}
