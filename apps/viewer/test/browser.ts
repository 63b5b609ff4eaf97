/**
 * A real headless Chromium for the viewer's end-to-end tests: Debian's
 * `chromium` package (`apt-get install chromium`; .ci/run installs it when
 * missing), driven by playwright-core, with a fresh profile each run, on the
 * built page (dist/index.html) served from localhost by a server that
 * answers nothing but that page — and counts what it was asked, so a test
 * can check that the page fetched nothing else.
 * Without the browser the tests are skipped with a message; in CI (CI=true)
 * its absence is a failure with the same message.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { it } from 'vitest';

const CHROMIUM = process.env['PSTORE_CHROMIUM'] ?? '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);
const inCi = process.env['CI'] === 'true';
const CHROMIUM_MISSING =
  `the viewer's browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium; ` +
  'or set PSTORE_CHROMIUM to another Chromium binary)';

if (!chromiumPresent && !inCi) console.warn(`skipping: ${CHROMIUM_MISSING}`);

/**
 * In CI a missing Chromium fails the test file (one test, with the message)
 * instead of skipping it; call at the top of each browser test file.
 */
export function requireChromiumInCi(): void {
  if (!chromiumPresent && inCi) {
    it('Chromium is installed for the browser tests', () => {
      throw new Error(CHROMIUM_MISSING);
    });
  }
}

export const DIST_PAGE = fileURLToPath(new URL('../dist/index.html', import.meta.url));

/** The flags the project runs Chromium with: headless, and no traffic of its own. */
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export interface Viewer {
  readonly context: BrowserContext;
  readonly url: string;
  /** Paths the server was asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startViewer(): Promise<Viewer> {
  if (!existsSync(DIST_PAGE)) {
    throw new Error(
      `${DIST_PAGE} is missing: build the viewer first (pnpm build, or nx run @pstore/viewer:build)`
    );
  }
  const page = readFileSync(DIST_PAGE);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(join(tmpdir(), 'pstore-viewer-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true
  });
  return {
    context,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    async close() {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(profile, { recursive: true, force: true });
    }
  };
}

/** A new tab on the page; page errors fail the test that reads `errors`. */
export async function openPage(v: Viewer, url = v.url): Promise<{ page: Page; errors: string[] }> {
  const page = await v.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Nothing may leave the machine: any request but the page itself is an error.
  page.on('request', (r) => {
    const u = r.url();
    if (u !== url && !u.startsWith('blob:') && !u.startsWith('data:')) {
      errors.push(`request to ${u}`);
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  return { page, errors };
}

/** Waits until the page has finished decode number `n` (body data-decodes), and returns its state. */
export async function decoded(page: Page, n: number): Promise<string> {
  await page.waitForFunction(
    (k) =>
      Number(document.body.dataset['decodes'] ?? 0) >= k &&
      document.body.dataset['state'] !== 'busy',
    n,
    { timeout: 60_000 }
  );
  return page.evaluate(() => document.body.dataset['state'] ?? '');
}

/** The number of decodes the page has finished. */
export const decodes = (page: Page): Promise<number> =>
  page.evaluate(() => Number(document.body.dataset['decodes'] ?? 0));

/** The bytes of a download the action starts. */
export async function downloadOf(
  page: Page,
  action: () => Promise<void>
): Promise<{ name: string; bytes: Uint8Array }> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}
