// Bundles the built board (tsc's output in dist/) with esbuild, one file per
// entry, each holding every workspace package and library it imports:
//
// - dist/kernel-worker.bundle.cjs: the single placement's kernel worker,
//   which dist/kernel-worker-loader.cjs compiles with the board's V8 code
//   cache (src/kernel-worker-loader.cts). Why: a fresh kernel worker starts
//   on every boot, and resolving, reading and linking ~150 ES modules cost it
//   ~150 ms; one file costs ~15 ms. CommonJS because V8's code cache is
//   reachable from Node 20 through vm.Script only, which runs scripts.
// - dist/workers/<component>.cjs: each component's image for the
//   per-component placement (its package's actor host and what it imports,
//   exposed to the board as kernel-worker.ts exposes the whole kernel), run
//   by the same loader, for the same start-up reasons (and a warm reset), and
//   so that an installed board needs no packages.
// - dist/device.mjs: the `device` command itself (the package's `bin`), so
//   that a packed tarball installs with npm alone: the workspace packages
//   are not published.
//
// Runs after tsc, on its output, so every bundle is exactly the built code.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// The component → package table tsc just built: one source for the board and its bundles.
const { PACKAGE_OF, HOST_OF } = await import(`${dist}components.js`);

/** A component's image: startKernel() on its one control port, as kernel-worker.ts has it. */
const componentImage = (component) => `
import { exposeHost } from '@pstore/actor/worker';
import { ${HOST_OF[component]} as createHost } from '${PACKAGE_OF[component]}';
export function startKernel(spec) {
  const control = spec.controls[${JSON.stringify(component)}];
  return { stop: exposeHost(createHost(), control) };
}
`;

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
  ...Object.keys(PACKAGE_OF).map((component) =>
    build({
      ...common,
      stdin: {
        contents: componentImage(component),
        resolveDir: dist,
        sourcefile: `${component}-image.js`
      },
      outfile: `${dist}workers/${component}.cjs`,
      format: 'cjs',
      logOverride: { 'empty-import-meta': 'error' }
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
