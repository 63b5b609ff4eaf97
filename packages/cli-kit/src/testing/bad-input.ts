/**
 * The commands' contract for bad input, as one assertion: exit code 2, one
 * line on stderr matching what the test expects (the problem and its
 * numbers), no stack trace, nothing on stdout.
 */
import { expect } from 'vitest';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `message`: a pattern, or the exact line (without its newline).
 * `afterOutput`: the command had already done work and said so on stdout
 * (a board script that fails at its fifth line).
 */
export function expectBadInput(
  r: CommandResult,
  message?: RegExp | string,
  { afterOutput = false }: { readonly afterOutput?: boolean } = {}
): void {
  expect(r.code, r.stderr).toBe(2);
  if (!afterOutput) expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (typeof message === 'string') expect(r.stderr).toBe(`${message}\n`);
  else if (message) expect(r.stderr).toMatch(message);
}
