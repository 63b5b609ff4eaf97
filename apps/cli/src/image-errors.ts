/**
 * The messages of an image that ends before what was asked of it, shared by
 * files and streams.
 */
import { CliError } from './cli-error.ts';
import { hex } from './format.ts';

export function beyondEnd(name: string, offset: number, length: number): CliError {
  return new CliError(`--offset ${hex(offset)} is beyond the end of ${name} (${length} bytes)`);
}

export function tooShort(name: string, offset: number, size: number, avail: number): CliError {
  return new CliError(
    `image ${name} is too short: the ramoops region needs mem_size ${size} (${hex(size)}) bytes ` +
      `from offset ${hex(offset)}, but only ${avail} (${hex(avail)}) are there`
  );
}
