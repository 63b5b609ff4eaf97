/**
 * The user's side of the pack test: a fresh npm project outside the workspace with every
 * tarball installed, the programs of ../consumer and the packages' README examples copied in as
 * a user would write them, and the workspace's TypeScript compiling them against the published
 * declarations only (strict, module nodenext, library checks on).
 * Kernel counterpart: none.
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeUsage, type ReadmeUsage } from '@pstore/test-vectors/readme';
import { ROOT, run, succeeded, type Packed, type Project, type RunResult } from './workspace.ts';

const CONSUMER_SOURCES = fileURLToPath(new URL('../consumer/', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
/** The workspace's @types/node (the Node the project runs on): no registry needed for it. */
const TYPE_ROOTS = dirname(dirname(createRequire(ROOT).resolve('@types/node/package.json')));

/** What every tsconfig of the fresh project shares: a strict user's settings. */
const STRICT = {
  strict: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  skipLibCheck: false,
  forceConsistentCasingInFileNames: true
};

/**
 * Imports a user may not make: paths the packages' exports do not name. Each must fail to
 * compile; an import that compiles leaves its `@ts-expect-error` unused, which is an error.
 */
export const PRIVATE_IMPORTS: readonly string[] = [
  '@pstore/ramoops/dist/era.js',
  '@pstore/pstore-fs/src/index.ts',
  '@pstore/cli-kit/testing'
];

/** A package README's Usage example, as copied into the fresh project. */
interface Example extends ReadmeUsage {
  readonly folder: string;
  /** Where tsc writes it (out/readme-<folder>.js). */
  readonly script: string;
}

export interface Consumer {
  readonly dir: string;
  /** `npm install` of every tarball: what npm said. */
  readonly install: RunResult;
  /** The Node program set (program, decoder, README examples, private imports): tsc's output. */
  readonly nodeCheck: RunResult;
  /** The browser decoder with the DOM library and no Node types: tsc's output. */
  readonly browserCheck: RunResult;
  readonly examples: readonly Example[];
  /** Packages whose README has no Usage example. */
  readonly withoutExample: readonly string[];
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Creates the project in `dir`, installs `tarballs` into it with npm (third-party dependencies
 * such as xstate and pako come from the registry, or npm's cache) and compiles it.
 */
export async function createConsumer(
  dir: string,
  tarballs: readonly Packed[],
  projects: readonly Project[]
): Promise<Consumer> {
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeJson(join(dir, 'package.json'), { name: 'pstore-consumer', private: true, type: 'module' });
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs.map((p) => p.tarball)],
    { cwd: dir, timeoutMs: 150_000 }
  );
  succeeded('npm install of the tarballs', install);

  for (const file of readdirSync(CONSUMER_SOURCES)) {
    copyFileSync(join(CONSUMER_SOURCES, file), join(src, file));
  }
  const examples: Example[] = [];
  const withoutExample: string[] = [];
  for (const p of projects) {
    const usage = readmeUsage(p.dir);
    if (!usage) {
      withoutExample.push(p.folder);
      continue;
    }
    writeFileSync(join(src, `readme-${p.folder}.ts`), usage.code);
    examples.push({
      ...usage,
      folder: p.folder,
      script: join(dir, 'out', `readme-${p.folder}.js`)
    });
  }
  writeFileSync(
    join(src, 'private-imports.ts'),
    PRIVATE_IMPORTS.map(
      (spec, i) =>
        `// @ts-expect-error -- not in the exports of the package\nexport type P${i} = typeof import('${spec}');\n`
    ).join('')
  );

  writeJson(join(dir, 'tsconfig.json'), {
    compilerOptions: {
      ...STRICT,
      lib: ['ES2022'],
      types: ['node'],
      typeRoots: [TYPE_ROOTS],
      rootDir: 'src',
      outDir: 'out'
    },
    include: ['src'],
    exclude: ['src/browser.ts']
  });
  // A browser project has the DOM and no Node: the decoder's imports must type-check there.
  writeJson(join(dir, 'tsconfig.browser.json'), {
    compilerOptions: { ...STRICT, lib: ['ES2022', 'DOM'], types: [], noEmit: true },
    files: ['src/browser.ts']
  });
  const [nodeCheck, browserCheck] = await Promise.all([
    run(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir }),
    run(process.execPath, [TSC, '-p', 'tsconfig.browser.json', '--pretty', 'false'], { cwd: dir })
  ]);
  return { dir, install, nodeCheck, browserCheck, examples, withoutExample };
}

/**
 * Loaded before an example: each console.log call writes its first argument as a `// …`
 * comment shows it (util.inspect on one line), one JSON string a line, as
 * @pstore/test-vectors/readme's printedBy records it in the workspace.
 */
export const CAPTURE_CONSOLE_LOG = `import { inspect } from 'node:util';
console.log = (...args) =>
  process.stdout.write(JSON.stringify(inspect(args[0], { breakLength: Infinity })) + '\\n');
`;
