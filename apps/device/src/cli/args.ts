/**
 * Command-line options of `device`: known options only, `--name value` or
 * `--name=value`; anything else is an error that names it.
 * Kernel counterpart: none.
 */
import { DeviceError } from '../hardware/ram.ts';

export type Options = Map<string, string | true>;

/** `spec`: option name → takes a value. */
export function parseOptions(
  argv: readonly string[],
  spec: Readonly<Record<string, boolean>>,
  command: string
): { readonly options: Options; readonly positional: string[] } {
  const options: Options = new Map();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!(name in spec)) {
      throw new DeviceError(
        `unknown option --${name} for \`device ${command}\` (see device ${command} --help)`
      );
    }
    if (!spec[name]) {
      if (eq >= 0) throw new DeviceError(`option --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new DeviceError(`option --${name} needs a value`);
    options.set(name, value);
  }
  return { options, positional };
}

export function stringOption(o: Options, name: string): string | undefined {
  const v = o.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** A non-negative integer option. */
export function intOption(o: Options, name: string): number | undefined {
  const v = stringOption(o, name);
  if (v === undefined) return undefined;
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new DeviceError(`--${name} must be a number (got "${v}")`);
  return n;
}
