/**
 * A strict command-line parser: known options only, `--name value` or
 * `--name=value`, repeatable options collected in order. Anything unknown is
 * an error that names it, never ignored.
 */
import { CliError } from './cli-error.ts';

interface OptionSpec {
  /** Takes a value (`--out DIR`); otherwise a flag. */
  readonly value?: boolean;
  /** May be given more than once; values are collected. */
  readonly repeat?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  readonly positional: string[];
  /** Last value of each single option, or `true` for flags. */
  readonly options: Map<string, string | true>;
  /** Every value of each repeatable option. */
  readonly repeated: Map<string, string[]>;
}

export function parseArgs(
  argv: readonly string[],
  specs: OptionSpecs,
  command: string
): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const repeated = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq < 0 ? arg : arg.slice(0, eq)).replace(/^--?/, '');
    const spec = specs[name];
    if (!spec) {
      throw new CliError(
        `unknown option ${arg.slice(0, eq < 0 ? undefined : eq)} for \`pstore ${command}\` (see pstore ${command} --help)`
      );
    }
    let value: string | true = true;
    if (spec.value) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw new CliError(`option --${name} needs a value`);
    } else if (eq >= 0) {
      throw new CliError(`option --${name} takes no value (got "${arg.slice(eq + 1)}")`);
    }
    if (spec.repeat) {
      const list = repeated.get(name) ?? [];
      list.push(value === true ? '' : value);
      repeated.set(name, list);
    } else {
      options.set(name, value);
    }
  }
  return { positional, options, repeated };
}

/** The value of a value option, or undefined. */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A non-negative integer option (decimal or 0x-hex, K/M/G suffix allowed). */
export function optionInt(args: ParsedArgs, name: string): number | undefined {
  const text = optionValue(args, name);
  if (text === undefined) return undefined;
  return parseSize(text, `--${name}`);
}

/** Parses 16384, 0x4000, 16K, 1M, 1G; anything else is an error naming the option. */
function parseSize(text: string, what: string): number {
  const m = /^(0x[0-9a-f]+|\d+)([kmg])?$/i.exec(text.trim());
  if (!m) throw new CliError(`${what}: "${text}" is not a number (use 16384, 0x4000 or 16K)`);
  const base = Number(m[1]!.toLowerCase().startsWith('0x') ? BigInt(m[1]!) : BigInt(m[1]!));
  const mult = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  const n = base * mult;
  if (!Number.isSafeInteger(n)) throw new CliError(`${what}: ${text} is too large`);
  return n;
}
