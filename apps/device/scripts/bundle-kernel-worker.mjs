// Bundles the single placement's kernel worker (dist/kernel-worker.js and
// every package it imports) into one CommonJS file,
// dist/kernel-worker.bundle.cjs, which dist/kernel-worker-loader.js compiles
// with the board's V8 code cache (src/kernel-worker-loader.ts).
// Why: a fresh kernel worker starts on every boot, and resolving, reading
// and linking ~150 ES modules cost it ~150 ms; one file costs ~15 ms.
// CommonJS because V8's code cache is reachable from Node 20 through
// vm.Script only, which runs scripts, not ES modules.
// Runs after tsc, on its output, so the bundle is exactly the built code.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

await build({
  entryPoints: [`${dist}kernel-worker.js`],
  outfile: `${dist}kernel-worker.bundle.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Names stay, so a stack trace from a worker still reads as the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // import.meta has no meaning in a CommonJS bundle: fail rather than ship
  // code that would read an empty object.
  logOverride: { 'empty-import-meta': 'error' },
  logLevel: 'warning'
});
