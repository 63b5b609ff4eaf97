/**
 * Which printk'd lines a console record holds, matched as whole lines: the
 * record's lines without their console prefix ("<6>", "[    1.000000]",
 * "[T1]"), each used once, so that a missing "event 5.1" is not found inside
 * "event 5.10", and a line printed twice needs two copies.
 * Kernel counterpart: none (reads what console_emit / record_print_text() wrote).
 */

/** The console prefix: syslog level, timestamp, caller id (each optional), then one space. */
const PREFIX = /^(?:<\d+>)?((?:\[\s*\d+\.\d+\])?(?:\[\s*[TC]\d+\])?)/;

/** A console line's text without its prefix. */
function lineText(line: string): string {
  const m = PREFIX.exec(line)!;
  const rest = line.slice(m[0].length);
  // The space after a bracketed prefix belongs to the prefix, not the text.
  return m[1] && rest.startsWith(' ') ? rest.slice(1) : rest;
}

export interface ConsoleMatch {
  /** How many of the printk'd lines the record holds. */
  readonly found: number;
  /** Indices (in printk order) of the lines it does not hold. */
  readonly missing: readonly number[];
  /** "** N printk messages dropped **" notices in the record, summed. */
  readonly dropped: number;
}

/** Matches the printk'd texts (a text with newlines prints as several lines) against the record. */
export function matchConsoleLines(record: string, printk: readonly string[]): ConsoleMatch {
  const have = new Map<string, number>();
  let dropped = 0;
  for (const line of record.split('\n')) {
    const text = lineText(line);
    const d = /^\*\* (\d+) printk messages dropped \*\*$/.exec(text);
    if (d) dropped += Number(d[1]);
    have.set(text, (have.get(text) ?? 0) + 1);
  }
  const missing: number[] = [];
  printk.forEach((p, i) => {
    const need = new Map<string, number>();
    for (const t of p.split('\n')) need.set(t, (need.get(t) ?? 0) + 1);
    if ([...need].every(([t, n]) => (have.get(t) ?? 0) >= n)) {
      for (const [t, n] of need) have.set(t, have.get(t)! - n);
    } else missing.push(i);
  });
  return { found: printk.length - missing.length, missing, dropped };
}
