/**
 * Reed–Solomon parity of a message of at most 16 bytes by table lookup in
 * JS, from the slice-by-16 tables the WebAssembly encoder already holds.
 * Kernel counterpart: lib/reed_solomon/encode_rs.c (encode_rs8) as
 * fs/pstore/ram_core.c persistent_ram_update_header_ecc() calls it on the
 * 12-byte header (struct persistent_ram_buffer) after every
 * persistent_ram_write().
 *
 * Why: a call into WebAssembly costs ~85 ns however short the message (copy
 * in, call, copy out), a quarter of a console line's write, while the parity
 * of a 12-byte header is 12 table lookups. Encoding is linear over GF(2^8),
 * and zero bytes fed into a zero LFSR state leave it zero, so a message d of
 * len ≤ 16 bytes has the parity of the 16-byte slice [0^(16−len), d]:
 *
 *   par(d) = ⊕_{j<len} Tab_{16−len+j}[d_j]
 *
 * where Tab_i[v] is the state after feeding v and then 15 − i zero bytes
 * (encoder.ts buildTables()), 4 i32 words per entry for any nroots ≤ 16
 * (lanes nroots..15 are 0): byte k of the parity is bits 8·(k mod 4) of word
 * k/4. For the header these are its T_j[v] (the parity of v at position j
 * and zeros elsewhere) and they are already in memory: building the 12
 * tables of 256 entries instead took 0.5–0.6 ms of cold code in every fresh
 * kernel worker, that is at every board reboot.
 */

/** Messages up to this long take the table path: one 16-byte slice. */
export const SHORT_MESSAGE_MAX = 16;

/**
 * Writes the 4 parity words of data[off, off+len), 1 ≤ len ≤ 16, to
 * state[stateWord..stateWord+3]. `tab` holds Tab_i[v] at word
 * tabWord + (i·256 + v)·4.
 */
export function shortMessageParity(
  tab: Int32Array,
  tabWord: number,
  data: Uint8Array,
  off: number,
  len: number,
  state: Int32Array,
  stateWord: number
): void {
  let w0 = 0,
    w1 = 0,
    w2 = 0,
    w3 = 0;
  for (let j = 0, t = tabWord + (SHORT_MESSAGE_MAX - len) * 1024; j < len; j++, t += 1024) {
    const x = t + (data[off + j]! << 2);
    w0 ^= tab[x]!;
    w1 ^= tab[x + 1]!;
    w2 ^= tab[x + 2]!;
    w3 ^= tab[x + 3]!;
  }
  state[stateWord] = w0;
  state[stateWord + 1] = w1;
  state[stateWord + 2] = w2;
  state[stateWord + 3] = w3;
}
