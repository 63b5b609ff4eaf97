/**
 * Splits a kernel command line (as in /proc/cmdline) into param=value words,
 * with the kernel's quoting rules.
 * Kernel counterpart: kernel/params.c parse_args(), lib/cmdline.c next_arg().
 */

/** One word of the command line. */
export interface CmdlineArg {
  /** The parameter name as written, e.g. "ramoops.mem_size". */
  readonly param: string;
  /** The text after the first '=' without its surrounding quotes; null when there is no '='. */
  readonly value: string | null;
  /** The word as it appeared, for messages. */
  readonly raw: string;
}

const isSpace = (c: string): boolean => /[\t\n\v\f\r ]/.test(c);

/**
 * Splits like next_arg(): words end at whitespace outside double quotes; a
 * quote may wrap the whole word ("a=b c") or the value (a="b c"), and the
 * quotes are dropped. Parsing stops at a bare "--" (what follows is for init).
 */
export function splitKernelCmdline(cmdline: string): CmdlineArg[] {
  const args: CmdlineArg[] = [];
  let pos = 0;
  for (;;) {
    while (pos < cmdline.length && isSpace(cmdline.charAt(pos))) pos++;
    if (pos >= cmdline.length) break;
    let start = pos;
    let inQuote = false;
    let quoted = false;
    if (cmdline.charAt(pos) === '"') {
      start++;
      inQuote = true;
      quoted = true;
    }
    let end = start;
    let equals = -1;
    for (; end < cmdline.length; end++) {
      const c = cmdline.charAt(end);
      if (isSpace(c) && !inQuote) break;
      if (equals < 0 && c === '=') equals = end;
      if (c === '"') inQuote = !inQuote;
    }
    pos = end;
    let word = cmdline.slice(start, end);
    const raw = cmdline.slice(quoted ? start - 1 : start, end);
    // A word that opened with a quote loses its closing quote.
    if (quoted && word.endsWith('"')) word = word.slice(0, -1);
    if (equals < 0) {
      if (word === '--') break;
      args.push({ param: word, value: null, raw });
      continue;
    }
    const eq = equals - start;
    let value = word.slice(eq + 1);
    if (value.startsWith('"')) {
      value = value.slice(1);
      if (value.endsWith('"')) value = value.slice(0, -1);
    }
    args.push({ param: word.slice(0, eq), value, raw });
  }
  return args;
}

/** Parameter names compare with '-' and '_' as the same character (parameq()). */
export function normalizeParamName(name: string): string {
  return name.replace(/-/g, '_');
}
