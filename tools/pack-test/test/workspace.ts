/**
 * The workspace side of the pack test: which projects are packed, what each is meant to publish,
 * `pnpm pack` run on all of them at once, and a tarball's entries and manifest as npm sees them.
 * Kernel counterpart: none.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '@pstore/cli-kit/testing';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** An export target: a path, or conditions (development, types, default) to paths. */
export type ExportTarget = string | Readonly<Record<string, string>>;

export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly type?: string;
  readonly exports?: Readonly<Record<string, ExportTarget>>;
  readonly bin?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly publishConfig?: { readonly exports?: Readonly<Record<string, ExportTarget>> };
}

export interface Project {
  /** The folder name, e.g. 'ram-core'. */
  readonly folder: string;
  /** Absolute path of the project. */
  readonly dir: string;
  /** Its package.json in the workspace. */
  readonly manifest: Manifest;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every library under packages/: what a user installs one by one. */
export function libraries(): Project[] {
  const base = join(ROOT, 'packages');
  return readdirSync(base)
    .filter((folder) => existsSync(join(base, folder, 'package.json')))
    .sort()
    .map((folder) => ({
      folder,
      dir: join(base, folder),
      manifest: readManifest(join(base, folder))
    }));
}

/**
 * Subpaths the workspace exports for its own tests and that the tarball leaves out:
 * cli-kit's testing helpers assert with vitest, which the package does not depend on.
 */
export const UNPUBLISHED: Readonly<Record<string, readonly string[]>> = {
  '@pstore/cli-kit': ['./testing']
};

/**
 * What a packed manifest's `exports` must be: the workspace's, without the `development`
 * condition (it names src/, which is not packed, and bundlers set that condition in their
 * development builds) and without the unpublished subpaths.
 */
export function publishedExports(manifest: Manifest): Record<string, ExportTarget> {
  const hidden = UNPUBLISHED[manifest.name] ?? [];
  const out: Record<string, ExportTarget> = {};
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (hidden.includes(subpath)) continue;
    if (typeof target === 'string') {
      out[subpath] = target;
    } else {
      const { development: _, ...rest } = target;
      out[subpath] = rest;
    }
  }
  return out;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command without the test runner's environment (no npm_config_* from pnpm, no
 * NODE_OPTIONS with vitest's conditions): what a user's shell would run.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string>>; timeoutMs?: number }
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Fails with the command's own output when it did not succeed. */
export function succeeded(what: string, r: RunResult): RunResult {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  return r;
}

/** A packed project: its tarball, the entries in it and the manifest npm reads from it. */
export interface Packed {
  readonly project: Project;
  readonly tarball: string;
  /** Paths inside the tarball without npm's `package/` prefix, sorted. */
  readonly entries: readonly string[];
  readonly manifest: Manifest;
}

/** The file name `pnpm pack` gives a package: @scope/name@v → scope-name-v.tgz. */
function tarballName(m: Manifest): string {
  return `${m.name.replace(/^@/, '').replace('/', '-')}-${m.version}.tgz`;
}

/** `pnpm pack` of every project at once into `dest` (pnpm resolves workspace:* there). */
export async function packAll(projects: readonly Project[], dest: string): Promise<Packed[]> {
  return Promise.all(
    projects.map(async (project) => {
      succeeded(
        `pnpm pack in ${project.dir}`,
        await run('pnpm', ['pack', '--pack-destination', dest], { cwd: project.dir })
      );
      const tarball = join(dest, tarballName(project.manifest));
      const listing = succeeded(
        `tar -tzf ${tarball}`,
        await run('tar', ['-tzf', tarball], { cwd: dest })
      );
      const entries = listing.stdout
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => line.replace(/^package\//, ''))
        .sort();
      const manifestText = succeeded(
        `tar -xzOf ${tarball} package/package.json`,
        await run('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: dest })
      ).stdout;
      return { project, tarball, entries, manifest: JSON.parse(manifestText) as Manifest };
    })
  );
}

/** Every path an `exports` map names, whatever the condition. */
export function exportedPaths(exports: Readonly<Record<string, ExportTarget>>): string[] {
  return Object.values(exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
}

/**
 * The packages that built ES modules import (static and dynamic imports, re-exports), by
 * package name, as esbuild's parser reads them (comments and strings cannot fool it); relative
 * imports and Node's built-in modules are left out.
 */
export async function importedPackages(files: readonly string[]): Promise<string[]> {
  const result = await build({
    entryPoints: [...files],
    bundle: false,
    write: false,
    metafile: true,
    format: 'esm',
    outdir: 'unused', // write: false; esbuild still wants somewhere to name the outputs
    logLevel: 'silent'
  });
  const names = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path } of output.imports) {
      if (path.startsWith('.') || isBuiltin(path)) continue;
      const parts = path.split('/');
      names.add(path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return [...names].sort();
}
