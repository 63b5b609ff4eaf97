/**
 * The syslog prefix of a /dev/kmsg write: "<N>" with N decimal sets level
 * N & 7 and, when non-zero, facility (N >> 3) & 0xff. Without it (or with a
 * malformed one, which then stays part of the text) the message is LOG_USER
 * at default_message_loglevel, so user messages never pass as kernel ones.
 * Kernel counterpart: devkmsg_write() in kernel/printk/printk.c.
 */
import { LOG_USER } from './kern-levels.ts';

/** What {@link parseDevkmsgPrefix} found. */
export interface DevkmsgPrefix {
  readonly facility: number;
  readonly level: number;
  /** The text after the prefix (all of it if there was none). */
  readonly line: Uint8Array;
}

/** Parses the optional "<N>" of a /dev/kmsg write. */
export function parseDevkmsgPrefix(bytes: Uint8Array, defaultLevel: number): DevkmsgPrefix {
  if (bytes[0] !== 0x3c) return { facility: LOG_USER, level: defaultLevel, line: bytes };
  let i = 1;
  let u = 0n;
  // simple_strtoul(): decimal digits, no sign, no whitespace; may be empty ("<>" is 0).
  for (let c = bytes[i]; c !== undefined && c >= 0x30 && c <= 0x39; c = bytes[++i]) {
    u = (u * 10n + BigInt(c - 0x30)) & 0xffffffffffffffffn;
  }
  if (bytes[i] !== 0x3e) return { facility: LOG_USER, level: defaultLevel, line: bytes };
  const v = Number(u & 0xffffffffn); // stored in an unsigned int
  const facility = (v >>> 3) & 0xff;
  return {
    facility: facility === 0 ? LOG_USER : facility,
    level: v & 7,
    line: bytes.subarray(i + 1)
  };
}
