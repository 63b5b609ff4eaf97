/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum that seals every zone
 * file of the file backend. Kernel counterpart: lib/crc32.c crc32_le() with the usual
 * pre- and post-inversion (what `crc32` in zlib and `cksum -a crc32b` print).
 * Local rather than node:zlib's crc32 because that only exists from Node 20.15.
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The CRC-32 of `bytes` as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
