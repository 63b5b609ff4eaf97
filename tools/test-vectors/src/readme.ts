/**
 * A package README's Usage example, ready to run as written: the first ```ts block under
 * "## Usage", its `@pstore/…` imports pointed at the workspace sources (what each package's
 * `development` export names), written into the package's test-results/ so that its other bare
 * imports (xstate, node:…) resolve as the package's own sources' do, and the values its
 * `console.log(…); // value` lines promise. One home for what every package's readme test used
 * to copy; the caller imports the file, so the example runs in the caller's loader, or runs it
 * as a script of its own (runAsScript) when what it prints depends on where its output goes.
 * readmeUsage gives the example as written, for running it where the packed packages are
 * installed instead (tools/pack-test).
 * Kernel counterpart: none (documentation checked by tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';

/** The example of one README, written out. */
export interface UsageExample {
  /** The code as run: the README's block with its `@pstore/…` imports rewritten. */
  readonly code: string;
  /** Where the code was written (an absolute path, to `import()` or run with tsx). */
  readonly file: string;
  /** The text after `// ` of every `console.log(…); // …` line, in order. */
  readonly expected: readonly string[];
}

interface Manifest {
  readonly name?: string;
  readonly exports?: Readonly<Record<string, string | { readonly development?: string }>>;
}

/** The folder holding pnpm-workspace.yaml above `from`. */
function workspaceRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

/** Every workspace project by package name, as its folder. */
function projects(root: string): Map<string, string> {
  const byName = new Map<string, string>();
  for (const group of ['packages', 'apps', 'tools']) {
    for (const name of readdirSync(join(root, group))) {
      const manifest = join(root, group, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
      if (m.name) byName.set(m.name, join(root, group, name));
    }
  }
  return byName;
}

/** The source file `@pstore/x` or `@pstore/x/sub` names under the `development` condition. */
function sourceOf(specifier: string, byName: ReadonlyMap<string, string>): string {
  const [scope, name, ...rest] = specifier.split('/');
  const dir = byName.get(`${scope}/${name}`);
  const manifest = dir && (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest);
  const target = manifest ? manifest.exports?.[['.', ...rest].join('/')] : undefined;
  const source = typeof target === 'string' ? target : target?.development;
  // A README that imports what the package does not export would fail its readers too.
  if (!dir || !source) throw new Error(`the README imports ${specifier}, which nothing exports`);
  return join(dir, source);
}

/** A README's Usage example as a reader copies it: its imports as written. */
export interface ReadmeUsage {
  /** The first ```ts block under "## Usage", untouched. */
  readonly code: string;
  /** The text after `// ` of every `console.log(…); // …` line, in order. */
  readonly expected: readonly string[];
}

/** The text after `// ` of every `console.log(…); // …` line of `code`, in order. */
function expectedOf(code: string): string[] {
  return [...code.matchAll(/^\s*console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]!);
}

/**
 * The Usage example of the README in `packageDir` as written, or null when the README has no
 * ```ts block under "## Usage" (tools/pack-test runs it against the installed tarballs, where
 * its `@pstore/…` imports resolve as a user's do).
 */
export function readmeUsage(packageDir: string | URL): ReadmeUsage | null {
  const dir = typeof packageDir === 'string' ? packageDir : fileURLToPath(packageDir);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const at = readme.indexOf('## Usage');
  const m = at < 0 ? null : /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  return m ? { code: m[1]!, expected: expectedOf(m[1]!) } : null;
}

/**
 * Writes the Usage example of the README in `packageDir` (a path or file: URL, e.g.
 * `new URL('..', import.meta.url)` from a test) to test-results/readme-usage.ts.
 */
export function usageExample(packageDir: string | URL): UsageExample {
  const dir = typeof packageDir === 'string' ? packageDir : fileURLToPath(packageDir);
  const usage = readmeUsage(dir);
  if (!usage) throw new Error('README.md has no ```ts block under "## Usage"');
  const byName = projects(workspaceRoot(dir));
  const code = usage.code.replace(/'(@pstore\/[^']+)'/g, (_, specifier: string) =>
    JSON.stringify(sourceOf(specifier, byName))
  );
  const out = join(dir, 'test-results');
  mkdirSync(out, { recursive: true });
  const file = join(out, 'readme-usage.ts');
  writeFileSync(file, code);
  return { code, file, expected: expectedOf(code) };
}

/**
 * What `run` passes to console.log, each call's first argument as a `// …` comment writes it
 * (util.inspect on one line); console.log is itself again afterwards, whatever happens.
 */
export async function printedBy(run: () => Promise<unknown>): Promise<string[]> {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    printed.push(inspect(args[0], { breakLength: Infinity }));
  };
  try {
    await run();
  } finally {
    console.log = log;
  }
  return printed;
}

/** What a script run of an example left: its exit status and its standard output and error. */
export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the example as a script in a Node process of its own, as a reader would (tsx as its
 * loader, the workspace packages it reaches through their sources, stdin closed, stdout and
 * stderr pipes rather than terminals), for an example whose output depends on where it goes.
 * `env` is the whole environment of the process (default: this one's).
 */
export function runAsScript(example: UsageExample, env?: NodeJS.ProcessEnv): ScriptRun {
  const r = spawnSync(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', example.file],
    { encoding: 'utf8', env, input: '' }
  );
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
