import { packColumns } from '@pstore/actor';

/**
 * The texts one console driver's write() received in a run, copied into one
 * growing buffer as they come (the registry's line buffers are not the
 * driver's to keep), and handed on as that buffer and where each text ends.
 * A run of a thousand lines then costs one copy of their bytes and no object
 * per line, here or in the message that carries them.
 * Kernel counterpart: none (a console driver writes to its device at once).
 */
export class TextRun {
  #bytes = new Uint8Array(4096);
  #used = 0;
  #ends = new Uint32Array(64);
  #count = 0;

  append(text: Uint8Array): void {
    const n = this.#used + text.length;
    if (n > this.#bytes.length) {
      const bytes = new Uint8Array(Math.max(n, 2 * this.#bytes.length));
      bytes.set(this.#bytes.subarray(0, this.#used));
      this.#bytes = bytes;
    }
    if (this.#count === this.#ends.length) {
      const ends = new Uint32Array(2 * this.#count);
      ends.set(this.#ends);
      this.#ends = ends;
    }
    this.#bytes.set(text, this.#used);
    this.#used = n;
    this.#ends[this.#count++] = n;
  }

  /**
   * The texts so far, copied out in one new buffer (ends first, then the
   * text: what a message gives away with them); the run starts again empty.
   */
  take(): { readonly text: Uint8Array; readonly ends: Uint32Array } {
    const [ends, text] = packColumns([
      this.#ends.subarray(0, this.#count),
      this.#bytes.subarray(0, this.#used)
    ]);
    const out = { text, ends };
    this.#used = 0;
    this.#count = 0;
    return out;
  }
}
