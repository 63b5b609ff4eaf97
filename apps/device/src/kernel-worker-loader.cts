/**
 * The entry of the single placement's kernel worker when the build made a
 * bundle (dist/kernel-worker.bundle.cjs, see scripts/bundle-kernel-worker.mjs):
 * compiles the bundle with the V8 code cache the board hands over, runs it
 * (it is kernel-worker.ts and everything it imports), and answers the
 * board's requests for a fresh cache on a port of its own.
 *
 * Why: every boot runs in a fresh worker (a crash terminates them all), and
 * a fresh V8 isolate parses and compiles again every function it runs. A
 * cache made by an earlier kernel worker of the same process holds that
 * bytecode (measured on a 2-core 2.1 GHz machine: the boot steps of a
 * reboot went from ~55 ms to ~30 ms, crash → reboot from 12 to 17 cycles/s
 * in `pnpm bench`). V8 checks the cache against the source and
 * its own version and flags, and compiles normally when it does not fit
 * (reported as `rejected`), so a stale cache costs time, never behaviour.
 * Kernel counterpart: none (loading the kernel image).
 */
// A CommonJS file: a worker starts ~6 ms sooner without Node's ES module
// loader, and everything it runs comes from the bundle.
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');
import threads = require('node:worker_threads');
import type { LoaderReport, LoaderRequest, LoaderSpec } from './placement/code-cache.ts';

const { bundle, cache, port } = (threads.workerData as { loader: LoaderSpec }).loader;

// The CommonJS wrapper Node itself puts around a module, on the bundle's
// first line so that stack traces keep the bundle's line numbers.
const source = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, 'utf8')}\n})`;
const script = new vm.Script(source, {
  filename: bundle,
  ...(cache ? { cachedData: cache } : {})
});

const reply = (m: LoaderReport): void => port.postMessage(m);
reply({ type: 'loaded', cached: cache !== null, rejected: script.cachedDataRejected === true });

port.on('message', (m: LoaderRequest) => {
  // createCachedData() includes every function compiled so far: asked after
  // a boot, or after a dump, it covers those paths.
  if (m.type === 'code-cache') reply({ type: 'code-cache', data: script.createCachedData() });
});
port.unref();

const bundleModule = { exports: {} };
const run = script.runInThisContext() as (
  exports: object,
  require: NodeJS.Require,
  module: object,
  filename: string,
  dirname: string
) => void;
run(
  bundleModule.exports,
  nodeModule.createRequire(bundle),
  bundleModule,
  bundle,
  path.dirname(bundle)
);
