/**
 * The /dev/kmsg record format (also used by CON_EXTENDED consoles):
 * "<pri>,<seq>,<usec>,<flag>[,caller=T1];<text>\n" then one " KEY=value\n"
 * line per non-empty dictionary entry. Bytes below 0x20, from 0x7f up, and
 * the backslash are escaped as "\xNN". The flag is 'c' for a LOG_CONT record
 * (a fragment that could not be merged), '-' otherwise.
 * Kernel counterpart: kernel/printk/printk.c info_print_ext_header(),
 * msg_add_ext_text(), msg_add_dict_text(), msg_print_ext_body();
 * Documentation/ABI/testing/dev-kmsg.
 */
import { formatCallerId } from './caller-id.ts';
import { LOG_CONT } from './kern-levels.ts';
import type { PrintkRecord } from './record.ts';

const encoder = new TextEncoder();

/** Escapes non-printable bytes and '\' as "\xNN" (lower-case hex). */
function escapeKmsgText(bytes: Uint8Array): string {
  let s = '';
  for (const c of bytes) {
    s +=
      c < 0x20 || c >= 0x7f || c === 0x5c
        ? `\\x${c.toString(16).padStart(2, '0')}`
        : String.fromCharCode(c);
  }
  return s;
}

/** The header up to and including ';'. */
function devkmsgHeader(rec: PrintkRecord, caller: boolean): string {
  const usec = rec.tsNsec / 1000n;
  const flag = rec.flags & LOG_CONT ? 'c' : '-';
  const callerField = caller ? `,caller=${formatCallerId(rec.callerId)}` : '';
  return `${(rec.facility << 3) | rec.level},${rec.seq},${usec},${flag}${callerField};`;
}

/**
 * One record as read(2) from /dev/kmsg returns it (pure ASCII after escaping).
 * @param caller CONFIG_PRINTK_CALLER: adds ",caller=T<pid>" to the header.
 */
export function formatDevkmsgRecord(rec: PrintkRecord, caller = false): string {
  let s = devkmsgHeader(rec, caller) + escapeKmsgText(rec.text) + '\n';
  const dict: [string, string | undefined][] = [
    ['SUBSYSTEM', rec.devInfo?.subsystem],
    ['DEVICE', rec.devInfo?.device]
  ];
  for (const [key, value] of dict) {
    if (value) s += ` ${key}=${escapeKmsgText(encoder.encode(value))}\n`;
  }
  return s;
}
