/**
 * The entry of every kernel worker when the build made bundles (see
 * scripts/bundle.mjs): the single placement's image
 * (dist/kernel-worker.bundle.cjs: kernel-worker.ts and everything it
 * imports) or one component's (dist/workers/<component>.cjs). Compiles the
 * image with the V8 code cache the board hands over (if any), runs it,
 * starts its kernel (`startKernel()`), and answers the board on a port of
 * its own: a fresh cache, or a warm reset.
 *
 * Why a code cache: a fresh V8 isolate parses and compiles again every
 * function it runs. A cache made by an earlier kernel worker of the same
 * process holds that bytecode (measured on a 2-core 2.1 GHz machine: the
 * boot steps of a reboot went from ~55 ms to ~30 ms, crash → reboot from 12
 * to 17 cycles/s in `pnpm bench`). V8 checks the cache against the source
 * and its own version and flags, and compiles normally when it does not fit
 * (reported as `rejected`), so a stale cache costs time, never behaviour.
 *
 * Why a warm reset: a reboot resets the CPUs, it does not replace them. A
 * new worker costs ~23 ms of CPU in Node's own start-up before any of our
 * code runs. On `reset` the loader stops the running kernel (every actor,
 * every port: RunningKernel.stop) and runs the compiled image again, which
 * builds every module of the kernel anew (no object of the old kernel is
 * reachable from the new one), then starts it on the board's new ports. Any
 * resource the old kernel left that could still run code (Node's active
 * resources) is reported, and the board terminates the worker instead.
 * Kernel counterpart: none (loading the kernel image).
 */
// A CommonJS file: a worker starts ~6 ms sooner without Node's ES module
// loader, and everything it runs comes from the bundle.
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');
import threads = require('node:worker_threads');
import type { KernelSpec, RunningKernel } from './kernel-worker.ts';
import type { LoaderReport, LoaderRequest, LoaderSpec } from './placement/code-cache.ts';

const spec = threads.workerData as KernelSpec & { loader: LoaderSpec };
const { bundle, cache, port } = spec.loader;

// The CommonJS wrapper Node itself puts around a module, on the bundle's
// first line so that stack traces keep the bundle's line numbers.
const source = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, 'utf8')}\n})`;
const script = new vm.Script(source, {
  filename: bundle,
  ...(cache ? { cachedData: cache } : {})
});

const reply = (m: LoaderReport): void => port.postMessage(m);
reply({ type: 'loaded', cached: cache !== null, rejected: script.cachedDataRejected === true });

/** How long a reset waits for the old kernel's ports to close. */
const RESET_SETTLE_MS = 250;

type ImageModule = { startKernel(spec: KernelSpec): RunningKernel };

/** Runs the image: every module of the bundle evaluated afresh. */
function loadImage(): ImageModule {
  const image = { exports: {} as ImageModule };
  const run = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: object,
    filename: string,
    dirname: string
  ) => void;
  run(image.exports, nodeModule.createRequire(bundle), image, bundle, path.dirname(bundle));
  return image.exports;
}

let kernel = loadImage().startKernel(spec);

port.on('message', (m: LoaderRequest) => {
  // createCachedData() includes every function compiled so far: asked after
  // a boot, or after a dump, it covers those paths.
  if (m.type === 'code-cache') reply({ type: 'code-cache', data: script.createCachedData() });
  if (m.type === 'reset') void reset(m);
});

/**
 * Stops the kernel and, once nothing of it is left that could run, starts a
 * fresh image on the board's new ports. A port closes in the event loop's
 * next turns, and a listener's port once the board acknowledged its release
 * (comlink), so the check waits up to RESET_SETTLE_MS for the closes to land.
 */
async function reset(next: KernelSpec): Promise<void> {
  kernel.stop();
  // The loader's own port is unref'd: anything listed is the old kernel's.
  let leftovers = process.getActiveResourcesInfo();
  const until = performance.now() + RESET_SETTLE_MS;
  while (leftovers.length && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    leftovers = process.getActiveResourcesInfo();
  }
  if (leftovers.length === 0) kernel = loadImage().startKernel(next);
  reply({ type: 'reset', leftovers });
}
port.unref();
