/**
 * A set-up that runs once before the tests of its suite and whose failure fails every test that
 * needs it. A throwing beforeAll would not do: Vitest then reports the suite's tests as skipped,
 * and CI's closing "N passed, N failed" line (tools/scripts/ci-summary.mjs) would count no
 * failure at all.
 * Kernel counterpart: none.
 */
import { beforeAll } from 'vitest';

type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Registers `fn` as the suite's beforeAll; the returned function gives its value or throws its error. */
export function setUp<T>(fn: () => Promise<T>, timeoutMs: number): () => T {
  let outcome: Outcome<T> | undefined;
  beforeAll(async () => {
    try {
      outcome = { ok: true, value: await fn() };
    } catch (error) {
      outcome = { ok: false, error };
    }
  }, timeoutMs);
  return () => {
    if (!outcome) throw new Error('the set-up of this suite has not run');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
}
