/**
 * A System.map (or /proc/kallsyms text) dropped beside the dump: the names
 * ftrace records are shown with, as `pstore decode --symbols FILE` reads it
 * (apps/cli commands/symbols.ts), gzipped or not.
 * Kernel counterpart: kallsyms (what the kernel resolves addresses with when
 * it prints an ftrace file).
 */
import { KallsymsTable } from '@pstore/pstore-fs';
import { gunzip, isGzip } from './gzip.ts';

export async function loadSymbols(
  bytes: Uint8Array
): Promise<{ table: KallsymsTable; symbols: number }> {
  const raw = isGzip(bytes) ? await gunzip(bytes) : bytes;
  const text = new TextDecoder().decode(raw);
  const table = KallsymsTable.parse(text);
  const symbols = text.split('\n').filter((l) => l.trim() !== '').length;
  return { table, symbols };
}
