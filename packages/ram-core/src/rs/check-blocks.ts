/**
 * The boot-time check of a zone's data blocks, batched: encode every block
 * in one call, compare with the stored parity, and run the full decoder only
 * on the blocks that differ. Results are those of decoding each block in
 * turn (a block is clean exactly when its stored parity equals the parity of
 * its data), just without paying the per-call cost on the clean majority.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_ecc_old(), which
 * calls decode_rs8() block by block.
 */
import type { RsCodec } from './codec.ts';

/** Per-block outcome, as persistent_ram_decode_rs8() returns it. */
type BlockResult = (index: number, numerr: number) => void;

export interface BlockCheck {
  /**
   * Checks data[off, off+len) as blocks of blockSize bytes against the parity
   * of block i at par[parOff + i·nroots]. Corrects data in place; the stored
   * parity is never written (a scratch copy is decoded, as in ram_core).
   * `onBlock` sees each non-clean block's result (corrections or −74).
   */
  checkBlocks(
    data: Uint8Array,
    off: number,
    len: number,
    blockSize: number,
    par: Uint8Array,
    parOff: number,
    onBlock: BlockResult
  ): void;
}

export function createBlockCheck(codec: RsCodec): BlockCheck {
  const n = codec.nroots;
  let scratch = new Uint8Array(0);
  const one = new Uint8Array(n);
  return {
    checkBlocks(data, off, len, blockSize, par, parOff, onBlock) {
      const blocks = Math.ceil(len / blockSize);
      if (scratch.length < blocks * n) scratch = new Uint8Array(blocks * n);
      codec.encodeBlocks(data, off, len, blockSize, scratch, 0);
      // Parity compared four bytes at a time where both sides allow it (16
      // roots, aligned zones: every ramoops zone): the comparison was a
      // quarter of a clean zone's check done byte by byte.
      const words = n % 4 === 0 && (par.byteOffset + parOff) % 4 === 0 ? n / 4 : 0;
      const ours = words ? new Uint32Array(scratch.buffer, 0, blocks * words) : null;
      const theirs = words
        ? new Uint32Array(par.buffer, par.byteOffset + parOff, blocks * words)
        : null;
      for (let b = 0; b < blocks; b++) {
        const s = b * n;
        const p = parOff + s;
        let same = true;
        if (ours && theirs) {
          for (let w = b * words, end = w + words; w < end; w++) {
            if (ours[w] !== theirs[w]) {
              same = false;
              break;
            }
          }
        } else {
          for (let k = 0; k < n; k++) {
            if (scratch[s + k] !== par[p + k]) {
              same = false;
              break;
            }
          }
        }
        if (same) continue;
        one.set(par.subarray(p, p + n));
        const pos = b * blockSize;
        onBlock(b, codec.decodeAt(data, off + pos, Math.min(blockSize, len - pos), one, 0));
      }
    }
  };
}
