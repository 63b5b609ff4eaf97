/**
 * Locates the project's real test data in ../shared/vectors (beside the
 * checkout; CI has it too) and loads it. The data is never copied into the
 * repository: a user's clone has no ../shared, and tests that need it skip
 * with a message that says so.
 *
 * PSTORE_SHARED may point at another copy of shared/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

function findWorkspaceRoot(from: string): string | null {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Absolute path of shared/, or null when it is absent. */
export function sharedDir(): string | null {
  const fromEnv = process.env['PSTORE_SHARED'];
  if (fromEnv) return existsSync(fromEnv) ? resolve(fromEnv) : null;
  const root = findWorkspaceRoot(dirname(fileURLToPath(import.meta.url)));
  if (!root) return null;
  const dir = resolve(root, '..', 'shared');
  return existsSync(join(dir, 'vectors')) ? dir : null;
}

/** True when ../shared/vectors is there. */
export const vectorsAvailable: boolean = sharedDir() !== null;

/** Why vector tests are skipped; printed once by `skipMessage()`. */
export const SKIP_REASON =
  'skipping tests on real kernel data: ../shared/vectors is not beside this checkout ' +
  '(set PSTORE_SHARED=/path/to/shared to run them)';

let warned = false;
/** Prints the skip reason once per process and returns it. */
export function skipMessage(): string {
  if (!vectorsAvailable && !warned) {
    warned = true;
    console.warn(SKIP_REASON);
  }
  return SKIP_REASON;
}

/** Absolute path of a file under shared/vectors. Throws if shared/ is absent. */
export function vectorPath(rel: string): string {
  const dir = sharedDir();
  if (!dir) throw new Error(SKIP_REASON);
  return join(dir, 'vectors', rel);
}

/** Bytes of a vector file; `.gz` files are decompressed. */
export function readVector(rel: string): Uint8Array {
  const raw = readFileSync(vectorPath(rel));
  return new Uint8Array(rel.endsWith('.gz') ? gunzipSync(raw) : raw);
}

/** A vector file parsed as JSON. */
export function readVectorJson<T>(rel: string): T {
  return JSON.parse(readFileSync(vectorPath(rel), 'utf8')) as T;
}

/** Decodes a hex string ("0a1b…") into bytes. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** One case folder of vectors/kernel: its parameters and the files the kernel showed. */
export interface KernelCase {
  readonly name: string;
  readonly kernel: string;
  readonly cmdline: string;
  readonly params: Record<string, string>;
  readonly nr_cpus: number;
  readonly what_happened: string;
}

/** Names of the case folders under vectors/kernel (empty when shared/ is absent). */
export function kernelCaseNames(): string[] {
  const dir = sharedDir();
  if (!dir) return [];
  const base = join(dir, 'vectors', 'kernel');
  return readdirSync(base)
    .filter((n) => statSync(join(base, n)).isDirectory())
    .sort();
}

/** A kernel case with its image and the files (name → bytes) the kernel showed. */
export interface LoadedKernelCase extends KernelCase {
  readonly image: Uint8Array;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export function readKernelCase(name: string): LoadedKernelCase {
  const meta = readVectorJson<Omit<KernelCase, 'name'>>(`kernel/${name}/case.json`);
  const image = readVector(`kernel/${name}/image.bin.gz`);
  const files = new Map<string, Uint8Array>();
  const pdir = vectorPath(`kernel/${name}/pstore`);
  for (const f of readdirSync(pdir).sort()) {
    files.set(f, new Uint8Array(readFileSync(join(pdir, f))));
  }
  return { name, ...meta, image, files };
}
