/**
 * Reading a RAM image: exactly the ramoops region, or a larger RAM dump
 * with the region at --offset. The region is copied: decoding corrects ECC
 * errors and zaps zones in RAM as the kernel does, never in the user's file.
 */
import { readFileSync } from 'node:fs';
import { CliError } from './cli-error.ts';
import { hex } from './format.ts';

export function readImage(path: string): Uint8Array {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `image ${path} does not exist`
        : `cannot read image ${path}: ${code ?? String(e)}`
    );
  }
  if (data.length === 0) throw new CliError(`image ${path} is empty (0 bytes)`);
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/** A copy of the region [offset, offset + memSize), checked against the image size. */
export function ramoopsRegion(
  image: Uint8Array,
  path: string,
  offset: number,
  memSize: number
): Uint8Array {
  if (offset >= image.length) {
    throw new CliError(
      `--offset ${hex(offset)} is beyond the end of ${path} (${image.length} bytes)`
    );
  }
  const avail = image.length - offset;
  if (memSize > avail) {
    throw new CliError(
      `image ${path} is too short: the ramoops region needs mem_size ${memSize} (${hex(memSize)}) bytes ` +
        `from offset ${hex(offset)}, but only ${avail} (${hex(avail)}) are there`
    );
  }
  return image.slice(offset, offset + memSize);
}
