/**
 * The packages as a user gets them: every library under packages/ packed with `pnpm pack`,
 * all the tarballs installed with npm into a fresh project outside the workspace, a program
 * and each README's Usage example compiled against the published declarations and run in Node,
 * every package root bundled for the browser, and real kernels' RAM decoded in headless
 * Chromium into the files those kernels showed. It needs the build (`nx` builds every package
 * before this project's tests); it builds nothing itself.
 * Kernel counterpart: none.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  kernelCaseNames,
  readKernelCase,
  skipMessage,
  vectorPath,
  vectorsAvailable
} from '@pstore/test-vectors';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecoderPage } from '../consumer/browser.ts';
import {
  bundleForBrowser,
  CHROMIUM_MISSING,
  chromiumAvailable,
  launchChromium,
  PAGE,
  serve
} from './browser.ts';
import { setUp } from './set-up.ts';
import { CAPTURE_CONSOLE_LOG, createConsumer, PRIVATE_IMPORTS, type Consumer } from './consumer.ts';
import {
  exportedPaths,
  importedPackages,
  libraries,
  packAll,
  publishedExports,
  run,
  UNPUBLISHED,
  type Packed
} from './workspace.ts';

if (!vectorsAvailable) skipMessage();
const inCi = process.env['CI'] === 'true';
if (!chromiumAvailable && !inCi) console.warn(`skipping the browser decode: ${CHROMIUM_MISSING}`);

const projects = libraries();
const work = mkdtempSync(join(tmpdir(), 'pstore-pack-'));

/** Every package packed at once, and the fresh project they are installed into. */
const installed = setUp(async (): Promise<{ packed: Packed[]; consumer: Consumer }> => {
  mkdirSync(join(work, 'tarballs'));
  const packed = await packAll(projects, join(work, 'tarballs'));
  const consumer = await createConsumer(join(work, 'project'), packed, projects);
  return { packed, consumer };
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Packages whose README says they are Node-only: their roots are not bundled for a browser. */
const NODE_ONLY = ['archive', 'cli-kit'];

/** The packages whose README has no Usage example (their API blocks are fragments). */
const WITHOUT_EXAMPLE = ['console', 'kmsg', 'ram-core', 'ramoops'];

/** Every kernel case in vectors/kernel was written and read back by Linux 6.1.192. */
const KERNEL = '6.1.192';

const packedOf = (folder: string): Packed => {
  const p = installed().packed.find((x) => x.project.folder === folder);
  if (!p) throw new Error(`${folder} was not packed`);
  return p;
};

describe('each package packed with pnpm', () => {
  it('is one tarball per package under packages/', () => {
    expect(installed().packed.map((p) => p.manifest.name)).toEqual(
      projects.map((p) => p.manifest.name)
    );
  });

  describe.each(projects.map((p) => p.folder))('%s', (folder) => {
    it('holds its README, LICENSE, manifest and ESM with declarations from dist/, nothing else', () => {
      const { entries, project } = packedOf(folder);
      expect(entries).toContain('README.md');
      expect(entries).toContain('LICENSE');
      expect(entries).toContain('package.json');
      const stray = entries.filter(
        (e) => !/^(package\.json|LICENSE|[^/]+\.md|dist\/.+\.(js|d\.ts))$/.test(e)
      );
      expect(stray, 'files outside dist/ (src, tests, maps, configs) in the tarball').toEqual([]);
      const js = entries.filter((e) => e.endsWith('.js'));
      expect(js.length).toBeGreaterThan(0);
      expect(
        js.filter((e) => !entries.includes(e.replace(/\.js$/, '.d.ts'))),
        'built modules without type declarations'
      ).toEqual([]);
      // A dist/ file without its source is an old build's: stale code a user would get. (The
      // build empties dist/ first; tsc alone never deletes, and Nx's cache restores its outputs.)
      const stale = js.filter(
        (e) => !existsSync(join(project.dir, e.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')))
      );
      expect(
        stale,
        `stale build output in ${project.dir}/dist (remove that dist/ and build again)`
      ).toEqual([]);
    });

    it('has a license, no workspace: versions, and exports that name only packed files, without src/', () => {
      const { manifest, entries, project } = packedOf(folder);
      expect(manifest.license).toBe('MIT');
      expect(manifest.type).toBe('module');
      for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
        // A registry version: not workspace:, link: or file:, which npm cannot resolve.
        expect(version, name).toMatch(/^[~^]?\d+\.\d+\.\d+/);
        // A sibling dependency is one of the tarballs, at the version packed.
        if (name.startsWith('@pstore/')) {
          expect(
            installed().packed.find((p) => p.manifest.name === name)?.manifest.version,
            name
          ).toBe(version);
        }
      }
      // publishConfig.exports in the workspace manifest is what pnpm packs: it must stay the
      // workspace's exports minus the development condition (and the unpublished subpaths).
      expect(manifest.exports).toEqual(publishedExports(project.manifest));
      const targets = exportedPaths(manifest.exports ?? {}).filter((t) => t !== './package.json');
      expect(targets.filter((t) => !entries.includes(t.replace(/^\.\//, '')))).toEqual([]);
      for (const hidden of UNPUBLISHED[manifest.name] ?? []) {
        const dir = `dist/${hidden.replace(/^\.\//, '')}/`;
        expect(entries.filter((e) => e.startsWith(dir))).toEqual([]);
      }
    });

    it('imports no package it does not declare (npm installs only what is declared)', async () => {
      const { manifest, entries } = packedOf(folder);
      const installedDir = join(installed().consumer.dir, 'node_modules', manifest.name);
      const modules = entries.filter((e) => e.endsWith('.js')).map((e) => join(installedDir, e));
      const declared = Object.keys(manifest.dependencies ?? {});
      const imported = await importedPackages(modules);
      expect(imported.filter((name) => !declared.includes(name))).toEqual([]);
    });

    it('packs the documents its README links to', () => {
      const { entries, project } = packedOf(folder);
      const readme = readFileSync(join(project.dir, 'README.md'), 'utf8');
      const local = [...readme.matchAll(/\]\(([^)#:]+\.md)(#[^)]*)?\)/g)]
        .map((m) => m[1]!)
        .filter((link) => !link.startsWith('../') && !link.startsWith('/'));
      expect(local.filter((link) => !entries.includes(link.replace(/^\.\//, '')))).toEqual([]);
    });
  });
});

describe('installed with npm into a fresh project', () => {
  it('takes every @pstore package from its tarball, never from a registry', () => {
    const { consumer } = installed();
    const lock = JSON.parse(readFileSync(join(consumer.dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    const ours = Object.entries(lock.packages).filter(([path]) => path.includes('@pstore/'));
    expect(ours.map(([path]) => path).sort()).toEqual(
      projects.map((p) => `node_modules/${p.manifest.name}`).sort()
    );
    for (const [path, entry] of ours) {
      expect(entry.resolved, path).toMatch(/^file:.*\.tgz$/);
    }
  });

  it('type-checks a program, a decoder and every README example against the published types', () => {
    const { consumer } = installed();
    // strict, module nodenext, library checks on, Node's types: what a user's project has.
    expect(consumer.nodeCheck.stdout + consumer.nodeCheck.stderr).toBe('');
    expect(consumer.nodeCheck.code).toBe(0);
  });

  it('type-checks the browser decoder with the DOM library and without Node types', () => {
    const { consumer } = installed();
    expect(consumer.browserCheck.stdout + consumer.browserCheck.stderr).toBe('');
    expect(consumer.browserCheck.code).toBe(0);
  });

  it('refuses at run time the paths the exports do not name, even with the development condition', async () => {
    const { consumer } = installed();
    // import.meta.resolve as a user's module would, with the condition bundlers set in
    // development builds: the packed exports must not lead into src/, which is not there.
    const probe = `
      const out = {};
      for (const spec of ${JSON.stringify([...PRIVATE_IMPORTS, '@pstore/pstore-fs', '@pstore/pstore-fs/export'])}) {
        try { out[spec] = import.meta.resolve(spec).replace(/^.*node_modules\\//, ''); }
        catch (e) { out[spec] = e.code; }
      }
      console.log(JSON.stringify(out));`;
    const r = await run(
      process.execPath,
      ['--conditions=development', '--input-type=module', '-e', probe],
      { cwd: consumer.dir }
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      '@pstore/ramoops/dist/era.js': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      '@pstore/pstore-fs/src/index.ts': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      '@pstore/cli-kit/testing': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
      '@pstore/pstore-fs': '@pstore/pstore-fs/dist/index.js',
      '@pstore/pstore-fs/export': '@pstore/pstore-fs/dist/fs/export-files.js'
    });
  });

  it('runs the program in Node: a 5.10 kernel crashes, its RAM is decoded and probed', async () => {
    const { consumer } = installed();
    const r = await run(process.execPath, ['out/program.js'], { cwd: consumer.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as {
      written: number;
      dumpCompressed: boolean;
      files: string[];
      dmesg: string[];
      consolePanics: boolean;
      logcat: string;
      eccNotice: string;
      probed: { params: string; kernel: string } | null;
    };
    // The logger frame: pmsg header 7, log header 11, priority 1, 'watchdog\0' 9, 'dying gasp\0' 11.
    expect(got.written).toBe(39);
    expect(got.files).toEqual(['dmesg-ramoops-0', 'console-ramoops-0', 'pmsg-ramoops-0']);
    // Compressed with lz4 by the dump, expanded by the decoder of the next boot.
    expect(got.dumpCompressed).toBe(true);
    expect(got.dmesg).toEqual([
      'Panic#1 Part1',
      '<6>[    0.001000] pack-test: the installed packages boot',
      '<3>[    2.500000] Kernel panic - not syncing: pack-test'
    ]);
    expect(got.consolePanics).toBe(true);
    expect(got.logcat).toBe('11-14 22:13:20.678  1234  1240 E watchdog: dying gasp\n');
    expect(got.eccNotice).toBe('\nNo errors detected\n'); // the spelling before 5.18
    expect(got.probed?.kernel).toMatch(/^5\.10(\.|$)/);
    for (const word of [
      'ramoops.mem_size=0x40000',
      'ramoops.record_size=0x4000',
      'ramoops.console_size=0x8000',
      'ramoops.pmsg_size=0x4000',
      'ramoops.ecc=16',
      'pstore.compress=lz4'
    ]) {
      expect(got.probed?.params.split(' ')).toContain(word);
    }
  });

  it('finds a Usage example in every README but those of the fragment-only APIs', () => {
    expect(installed().consumer.withoutExample).toEqual(WITHOUT_EXAMPLE);
  });
});

describe.each(
  libraries()
    .map((p) => p.folder)
    .filter((f) => !WITHOUT_EXAMPLE.includes(f))
)('the README example of %s, run in Node from the installed packages', (folder) => {
  it('prints what its comments say', async () => {
    const { consumer } = installed();
    const example = consumer.examples.find((e) => e.folder === folder);
    if (!example) throw new Error(`${folder}: README.md has no Usage example`);
    if (folder === 'cli-kit') {
      // Its output depends on where it goes: in a pipe, plain text, as its own readme test
      // (packages/cli-kit/test/readme.test.ts) expects.
      const r = await run(process.execPath, [example.script], { cwd: consumer.dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('record\ncomplete -F _tool_complete tool\n');
      return;
    }
    const capture = join(consumer.dir, 'capture-console-log.mjs');
    writeFileSync(capture, CAPTURE_CONSOLE_LOG);
    const r = await run(process.execPath, ['--import', capture, example.script], {
      cwd: consumer.dir
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = r.stdout
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as string);
    expect(example.expected.length).toBeGreaterThan(0);
    expect(printed).toEqual(example.expected);
  });
});

describe('in the browser', () => {
  it.each(
    libraries()
      .map((p) => p.folder)
      .filter((f) => !NODE_ONLY.includes(f))
  )('the root of %s bundles for the browser (no Node built-in reachable)', async (folder) => {
    const { consumer } = installed();
    const entry = join(consumer.dir, `root-${folder}.js`);
    writeFileSync(entry, `export * from '${packedOf(folder).manifest.name}';\n`);
    const bundle = await bundleForBrowser(consumer.dir, entry);
    expect(bundle.length).toBeGreaterThan(0);
  });

  describe.skipIf(!vectorsAvailable || (!chromiumAvailable && !inCi))(
    'headless Chromium decoding real kernels’ RAM with ram-core, ramoops and pstore-fs',
    () => {
      let browser: Browser | undefined;
      let server: Server | undefined;
      const pageErrors: string[] = [];

      /** The page, loaded from a localhost server, with the consumer's bundle. */
      const opened = setUp(async (): Promise<Page> => {
        if (!chromiumAvailable) throw new Error(CHROMIUM_MISSING);
        const { consumer } = installed();
        const routes = new Map<string, { body: Uint8Array | string; type: string }>([
          ['/', { body: PAGE, type: 'text/html' }],
          [
            '/consumer.js',
            {
              body: await bundleForBrowser(consumer.dir, 'src/browser.ts'),
              type: 'text/javascript'
            }
          ],
          [
            '/System.map',
            {
              body: gunzipSync(readFileSync(vectorPath('kernel/custom-6.1-System.map.gz'))),
              type: 'text/plain'
            }
          ]
        ]);
        for (const name of kernelCaseNames()) {
          const image = readKernelCase(name).image;
          routes.set(`/${name}/image.bin`, { body: image, type: 'application/octet-stream' });
        }
        const served = await serve(routes);
        server = served.server;
        browser = await launchChromium();
        const page = await browser.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        await page.goto(served.url);
        await page.waitForFunction(
          () => typeof (globalThis as DecoderPage).pstoreDecode === 'function'
        );
        return page;
      }, 120_000);

      afterAll(async () => {
        await browser?.close();
        server?.close();
      });

      it.each(kernelCaseNames())(
        '%s: the page gives exactly the files the kernel showed',
        async (name) => {
          const page = opened();
          const c = readKernelCase(name);
          expect(c.kernel).toContain(KERNEL);
          const files = await page.evaluate(
            async ({ name, cmdline, nrCpus, kernel }) => {
              const get = async (path: string): Promise<Response> => {
                const res = await fetch(path);
                if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
                return res;
              };
              const image = new Uint8Array(await (await get(`/${name}/image.bin`)).arrayBuffer());
              // The symbols of the custom build, as apps/cli's decode-vectors test gives every
              // case (only the custom kernel's images hold ftrace records).
              const systemMap = await (await get('/System.map')).text();
              const decode = (globalThis as DecoderPage).pstoreDecode;
              if (!decode) throw new Error('the bundle defined no pstoreDecode');
              return decode({ image, cmdline, kernel, nrCpus, systemMap }).map((f) => ({
                name: f.name,
                bytes: Array.from(f.bytes)
              }));
            },
            { name, cmdline: c.cmdline, nrCpus: c.nr_cpus, kernel: KERNEL }
          );
          expect(files.map((f) => f.name).sort()).toEqual([...c.files.keys()].sort());
          for (const f of files) {
            // latin1 text: byte-exact, and a readable diff when a line differs.
            const got = Buffer.from(f.bytes).toString('latin1');
            const want = Buffer.from(c.files.get(f.name) ?? []).toString('latin1');
            expect(got, f.name).toBe(want);
          }
        },
        60_000
      );

      it('raised no error in the page', () => {
        opened();
        expect(pageErrors).toEqual([]);
      });
    }
  );
});
