/**
 * printk()'s view of a message given as a string or bytes: "%s" up to the
 * first NUL, its UTF-8 length, and whether the stored text may hold a
 * newline (which makes a multi-line record).
 * Kernel counterpart: kernel/printk/printk.c printk_sprint() (vsnprintf()
 * of "%s", the newline the record keeps).
 */
const encoder = new TextEncoder();

/**
 * A string as "%s" takes it: up to (not including) its first NUL.
 */
export function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

/**
 * The length of `text` up to its first NUL. A string (already cut at its
 * NUL) is encoded into `scratch` (the engine's own encoding: ~33 ns for a
 * 46-character line into a view made once), at most scratch.length bytes:
 * a longer encoding counts as Infinity, as printk only keeps the first
 * recordMax − 1 bytes and the scratch holds more.
 */
export function cStringLength(text: string | Uint8Array, scratch: Uint8Array): number {
  if (typeof text !== 'string') {
    const nul = text.indexOf(0);
    return nul < 0 ? text.length : nul;
  }
  const { read, written } = encoder.encodeInto(text, scratch);
  return read < text.length ? Infinity : written;
}

/**
 * Whether the text printk stores from `text` may hold a newline: false when
 * the string (already cut at its NUL) has none but maybe its last
 * character, which printk strips or cuts off with the rest; null (look at
 * the bytes) for anything else. A string is searched in ~12 ns; the stored
 * bytes took a loop of ~90 (a line's text, measured in the ring).
 */
export function mayHoldNewline(text: string | Uint8Array): false | null {
  if (typeof text !== 'string') return null;
  const nl = text.indexOf('\n');
  return nl < 0 || nl === text.length - 1 ? false : null;
}
