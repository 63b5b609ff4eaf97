// Bundles the built board (tsc's output in dist/) with esbuild, one file per
// entry, each holding every workspace package and library it imports:
//
// - dist/kernel-worker.bundle.cjs: the single placement's kernel worker,
//   which dist/kernel-worker-loader.cjs compiles with the board's V8 code
//   cache (src/kernel-worker-loader.cts). Why: a fresh kernel worker starts
//   on every boot, and resolving, reading and linking ~150 ES modules cost it
//   ~150 ms; one file costs ~15 ms. CommonJS because V8's code cache is
//   reachable from Node 20 through vm.Script only, which runs scripts.
// - dist/workers/<component>.mjs: each component's worker for the
//   per-component placement (its package's dist/worker.js, bundled), for the
//   same start-up reason and so that an installed board needs no packages.
// - dist/device.mjs: the `device` command itself (the package's `bin`), so
//   that a packed tarball installs with npm alone: the workspace packages
//   are not published.
//
// Runs after tsc, on its output, so every bundle is exactly the built code.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const require = createRequire(import.meta.url);
// The component → package table tsc just built: one source for the board and its bundles.
const { PACKAGE_OF } = await import(`${dist}components.js`);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Names stay, so a stack trace from a worker still reads as the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning'
};

await Promise.all([
  build({
    ...common,
    entryPoints: [`${dist}kernel-worker.js`],
    outfile: `${dist}kernel-worker.bundle.cjs`,
    format: 'cjs',
    // import.meta has no meaning in a CommonJS bundle: fail rather than ship
    // code that would read an empty object.
    logOverride: { 'empty-import-meta': 'error' }
  }),
  ...Object.entries(PACKAGE_OF).map(([component, pkg]) =>
    build({
      ...common,
      entryPoints: [join(dirname(require.resolve(`${pkg}/package.json`)), 'dist', 'worker.js')],
      outfile: `${dist}workers/${component}.mjs`,
      format: 'esm'
    })
  ),
  build({
    ...common,
    entryPoints: [`${dist}main.js`],
    outfile: `${dist}device.mjs`,
    format: 'esm'
  })
]);
chmodSync(`${dist}device.mjs`, 0o755);
