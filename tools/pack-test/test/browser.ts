/**
 * The browser side of the pack test: esbuild bundles from the fresh project's installed
 * packages (platform browser, so a `node:` import anywhere in a package root fails the bundle),
 * a localhost server for the page, the bundle and the kernel images, and Debian's Chromium,
 * headless, driven by playwright-core.
 * Kernel counterpart: none.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build, type Message } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package (`.ci/run` installs it with apt-get). */
const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

/** Why the browser decode cannot run here; in CI (CI=true) that fails the test. */
export const CHROMIUM_MISSING =
  `no Chromium at ${CHROMIUM}: the browser decode needs Debian's chromium package ` +
  '(.ci/run installs it: apt-get install chromium)';

function messages(errors: readonly Message[]): string {
  return errors
    .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
    .join('\n');
}

/**
 * Bundles `entry` (a file of the fresh project in `dir`) for the browser; resolves to the
 * bundle's text, or rejects with esbuild's errors, one a line, naming the importing file.
 */
export async function bundleForBrowser(dir: string, entry: string): Promise<string> {
  try {
    const result = await build({
      absWorkingDir: dir,
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent'
    });
    return result.outputFiles.map((f) => f.text).join('');
  } catch (e) {
    const errors = (e as { errors?: readonly Message[] }).errors;
    throw new Error(errors ? messages(errors) : String(e));
  }
}

/** A static server on 127.0.0.1: path → body (bytes or text), everything else 404. */
export async function serve(
  routes: ReadonlyMap<string, { readonly body: Uint8Array | string; readonly type: string }>
): Promise<{ readonly url: string; readonly server: Server }> {
  const server = createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** The page: the consumer bundle as a module script, nothing else. */
export const PAGE =
  '<!doctype html><meta charset="utf-8"><title>pstore pack test</title>' +
  '<script type="module" src="/consumer.js"></script>\n';

/** Headless Chromium with nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  });
}
