/**
 * The project's `pstore` command, run as a separate process exactly as a
 * user runs it: the built CLI (apps/cli/dist/main.js, made by `pnpm build`)
 * by default, or the sources through tsx (`--cli source`, as `pnpm pstore`
 * does). Wraps decode (--json and --out), encode and layout.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './paths.ts';
import { run } from './proc.ts';

export type CliMode = 'dist' | 'source';

let mode: CliMode | null = null;

/** Chooses how the CLI runs; the default is the build when it exists. */
export function setCliMode(m: CliMode | null): void {
  mode = m;
}

function newestMtime(dir: string): number {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return t;
}

/** The command line prefix, and a warning when the build is older than the sources. */
export function cliCommand(): { argv: string[]; label: string; warning: string | null } {
  const root = workspaceRoot();
  const dist = join(root, 'apps/cli/dist/main.js');
  const m = mode ?? (existsSync(dist) ? 'dist' : 'source');
  if (m === 'source') {
    return {
      argv: ['--conditions=development', '--import', 'tsx', join(root, 'apps/cli/src/main.ts')],
      label: 'apps/cli/src/main.ts (sources, through tsx)',
      warning: null
    };
  }
  if (!existsSync(dist)) {
    throw new Error(`${dist} is missing: run \`pnpm build\` (or use --cli source)`);
  }
  const built = statSync(dist).mtimeMs;
  const stale: string[] = [];
  // The CLI and the libraries it is built from (other apps do not matter here).
  const projects = ['apps/cli', ...readdirSync(join(root, 'packages')).map((n) => `packages/${n}`)];
  for (const p of projects) {
    const src = join(root, p, 'src');
    const out = join(root, p, 'dist');
    if (
      existsSync(src) &&
      existsSync(out) &&
      newestMtime(src) > Math.min(built, newestMtime(out))
    ) {
      stale.push(p);
    }
  }
  return {
    argv: [dist],
    label: 'apps/cli/dist/main.js (the build)',
    warning: stale.length
      ? `sources are newer than the build in ${stale.join(', ')}: run \`pnpm build\` or use --cli source`
      : null
  };
}

async function pstore(args: readonly string[]): Promise<string> {
  const { argv } = cliCommand();
  const r = await run(process.execPath, [...argv, ...args], { cwd: workspaceRoot() });
  if (r.code !== 0) {
    throw new Error(
      `pstore ${args.join(' ')} exited with ${r.code}: ${(r.stderr || r.stdout).trim()}`
    );
  }
  return r.stdout;
}

/** One record as `pstore decode --json` describes it. */
interface DecodedRecord {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly time: string | null;
  readonly compressed: boolean;
  readonly ecc: { readonly corrected: number; readonly bad: number } | null;
}

/** One zone as `pstore decode --json` reports it (header as found). */
interface DecodedZone {
  readonly type: string;
  readonly index: number;
  readonly dataCapacity: number;
  readonly start: number | null;
  readonly used: number | null;
}

export interface Decoded {
  readonly records: DecodedRecord[];
  readonly zones: DecodedZone[];
  readonly notes: string[];
  /** Folder holding the files pstore-ts predicts. */
  readonly dir: string;
}

/** `pstore decode IMAGE --params … --kernel V --cpus N [--symbols MAP] [--backend blk] --out DIR --json`. */
export async function decode(
  image: string,
  params: string,
  kernel: string,
  cpus: number,
  outDir: string,
  symbols?: string,
  backend?: 'blk'
): Promise<Decoded> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const args = ['decode', image, '--params', params, '--kernel', kernel, '--cpus', String(cpus)];
  if (backend) args.push('--backend', backend);
  if (symbols) args.push('--symbols', symbols);
  const out = await pstore([...args, '--out', outDir, '--json']);
  const j = JSON.parse(out) as { records: DecodedRecord[]; zones: DecodedZone[]; notes: string[] };
  return { records: j.records, zones: j.zones, notes: j.notes, dir: outDir };
}

/** `pstore decode IMAGE --auto --out DIR --json`: probe infers the parameters and the kernel. */
export async function decodeAuto(image: string, outDir: string): Promise<Decoded> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const out = await pstore(['decode', image, '--auto', '--out', outDir, '--json']);
  const j = JSON.parse(out) as { records: DecodedRecord[]; zones: DecodedZone[]; notes: string[] };
  return { records: j.records, zones: j.zones, notes: j.notes, dir: outDir };
}

/** Inputs of `pstore encode`. */
export interface EncodeInputs {
  /** FILE:REASON:UNIXTIME specs. */
  readonly dmesg?: readonly string[];
  readonly console?: string;
  readonly pmsg?: string;
  readonly ftrace?: string;
}

/** `pstore encode --out IMAGE --params … --kernel V … [--backend blk --size N]`. */
export async function encode(
  out: string,
  params: string,
  kernel: string,
  cpus: number,
  inputs: EncodeInputs,
  blk?: { readonly size: number }
): Promise<void> {
  const args = [
    'encode',
    '--out',
    out,
    '--params',
    params,
    '--kernel',
    kernel,
    '--cpus',
    String(cpus)
  ];
  if (blk) args.push('--backend', 'blk', '--size', String(blk.size));
  for (const d of inputs.dmesg ?? []) args.push('--dmesg', d);
  if (inputs.console) args.push('--console', inputs.console);
  if (inputs.pmsg) args.push('--pmsg', inputs.pmsg);
  if (inputs.ftrace) args.push('--ftrace', inputs.ftrace);
  await pstore(args);
}

/** One zone of `pstore layout --json --all`. */
export interface LayoutZone {
  readonly type: string;
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  readonly dataCapacity: number;
}

export async function layout(params: string, kernel: string, cpus: number): Promise<LayoutZone[]> {
  const out = await pstore([
    'layout',
    '--params',
    params,
    '--kernel',
    kernel,
    '--cpus',
    String(cpus),
    '--all',
    '--json'
  ]);
  return (JSON.parse(out) as { zones: LayoutZone[] }).zones;
}

/**
 * `pstore inflate FILE --kernel V [--compress ALG] --out OUT`: expands one record file;
 * returns the verdict line (which algorithm fitted, sizes).
 */
export async function inflate(
  file: string,
  kernel: string,
  out: string,
  compress?: string
): Promise<string> {
  const args = ['inflate', file, '--kernel', kernel, '--out', out];
  if (compress) args.push('--compress', compress);
  return (await pstore(args)).trim();
}
