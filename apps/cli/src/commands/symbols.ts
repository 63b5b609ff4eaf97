/**
 * `--symbols FILE`: a System.map or /proc/kallsyms text (or its .gz), the
 * names ftrace records are rendered with.
 * Kernel counterpart: kallsyms (the table the kernel itself resolves
 * addresses with when it prints an ftrace file).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { KallsymsTable } from '@pstore/pstore-fs';
import { CliError } from '../cli-error.ts';

export function loadSymbols(path: string | undefined): KallsymsTable | null {
  if (path === undefined) return null;
  let text: string;
  try {
    const raw = readFileSync(path);
    text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  } catch (e) {
    throw new CliError(
      `cannot read --symbols ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`
    );
  }
  return KallsymsTable.parse(text);
}
