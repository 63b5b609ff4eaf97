/**
 * The largest image `pstore encode` can build and write: a limit of this
 * tool and of Node, not of the kernel (ramoops takes any mem_size its
 * platform reserves). The image is built in memory as one Uint8Array, then
 * checked and written, so the limit is the largest typed array Node
 * allocates: buffer.constants.MAX_LENGTH, 2^32 bytes (4 GiB) on 64-bit
 * Node 20 (V8 refuses longer arrays with "Invalid typed array length"; Node
 * 22 raised it). Node's other limit, 2^31 − 1 bytes per write call (what
 * writeFileSync() of a 3 GiB image hits as ERR_OUT_OF_RANGE), does not count:
 * image-output.ts writes in chunks. So 3G works, and everything up to 4 GiB.
 * The check runs before the layout is computed and before any allocation:
 * nothing a user types makes encode allocate more than that.
 * Kernel counterpart: none (user space).
 */
import { constants } from 'node:buffer';
import { CliError } from '../cli-error.ts';
import { hex } from '../format.ts';

/** buffer.constants.MAX_LENGTH: 4294967296 on 64-bit Node 20. */
export const MAX_IMAGE_BYTES = constants.MAX_LENGTH;

/** "4 GiB", "3.5 GiB", "100 GiB": sizes as people type them. */
function gib(n: number): string {
  const g = n / 1024 ** 3;
  return `${Number.isInteger(g) ? g : g.toFixed(2)} GiB`;
}

/** @throws CliError naming mem_size and the limit when the image is larger than Node can hold. */
export function checkImageSize(memSize: number): void {
  if (memSize <= MAX_IMAGE_BYTES) return;
  throw new CliError(
    `ramoops.mem_size ${memSize} (${hex(memSize)}, ${gib(memSize)}) is larger than the largest image ` +
      `pstore encode can build: ${MAX_IMAGE_BYTES} bytes (${gib(MAX_IMAGE_BYTES)}), Node's ` +
      'buffer.constants.MAX_LENGTH, the longest Uint8Array (the image is built in memory before it is written)'
  );
}

/** A zero-filled image of `memSize` bytes (checked first). */
export function allocateImage(memSize: number): Uint8Array {
  checkImageSize(memSize);
  try {
    return new Uint8Array(memSize);
  } catch (e) {
    // Within the limit, yet the machine has not got the memory.
    throw new CliError(
      `cannot allocate the ${memSize}-byte (${gib(memSize)}) image: ${e instanceof Error ? e.message : String(e)}`
    );
  }
}
