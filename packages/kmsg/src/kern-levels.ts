/**
 * printk levels, facilities and record flags, and the parser of the KERN_*
 * prefixes that printk() strips from a message.
 * Kernel counterpart: include/linux/kern_levels.h, printk_get_level()
 * (include/linux/printk.h), parse_prefix() and enum log_flags (kernel/printk/printk.c).
 */

/** ASCII SOH, the byte that starts every KERN_* prefix. */
export const KERN_SOH = '\x01';
export const KERN_EMERG = '\x010';
export const KERN_ALERT = '\x011';
export const KERN_CRIT = '\x012';
export const KERN_ERR = '\x013';
export const KERN_WARNING = '\x014';
export const KERN_NOTICE = '\x015';
export const KERN_INFO = '\x016';
export const KERN_DEBUG = '\x017';
/** Continues the previous record (pr_cont()). */
export const KERN_CONT = '\x01c';

/** "No level given": the caller did not choose one (vprintk_emit's level argument). */
export const LOGLEVEL_DEFAULT = -1;

/** default_message_loglevel: the level of a printk() without a KERN_* prefix. */
export const MESSAGE_LOGLEVEL_DEFAULT = 4;

/** syslog facility that /dev/kmsg writes get unless they name another one. */
export const LOG_USER = 1;

/** Record flag: the text ended with a newline (the record is complete). */
export const LOG_NEWLINE = 2;
/** Record flag: the text is a continuation fragment that could not be merged. */
export const LOG_CONT = 8;

const SOH = 0x01;
const CONT_CHAR = 0x63; // 'c'

/**
 * The level character of a KERN_* prefix at `offset`, or 0 if there is none
 * ('0'..'7' or 'c'; KERN_DEFAULT 'd' is gone from current kernels).
 * @see include/linux/printk.h printk_get_level()
 */
function printkGetLevel(text: Uint8Array, offset: number): number {
  if (text[offset] !== SOH) return 0;
  const c = text[offset + 1];
  if (c === undefined) return 0;
  if ((c >= 0x30 && c <= 0x37) || c === CONT_CHAR) return c;
  return 0;
}

/** What {@link parsePrefix} found. */
export interface ParsedPrefix {
  /** Bytes taken by the prefixes (2 per prefix). */
  readonly prefixLen: number;
  /** The first level found, or LOGLEVEL_DEFAULT. */
  readonly level: number;
  /** True when a KERN_CONT prefix was present. */
  readonly cont: boolean;
}

/**
 * Parses consecutive KERN_* prefixes in text[0..end). The first level wins;
 * KERN_CONT anywhere in the run marks a continuation.
 * @see kernel/printk/printk.c parse_prefix()
 */
export function parsePrefix(text: Uint8Array, end: number = text.length): ParsedPrefix {
  let prefixLen = 0;
  let level = LOGLEVEL_DEFAULT;
  let cont = false;
  while (prefixLen + 1 < end) {
    const c = printkGetLevel(text, prefixLen);
    if (c === 0) break;
    if (c === CONT_CHAR) cont = true;
    else if (level === LOGLEVEL_DEFAULT) level = c - 0x30;
    prefixLen += 2;
  }
  return { prefixLen, level, cont };
}
