/**
 * The workspace keeps its import boundaries: the whole tree breaks no rule of
 * .dependency-cruiser.cjs, and a fixture tree laid out like the workspace, with one wrong import
 * of each kind, breaks exactly the rules it should (so a rule that silently matches nothing
 * cannot pass for a kept boundary).
 * Kernel counterpart: none.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoundaries, type Violation } from '../src/boundaries.ts';

/** Cruising the whole workspace parses every file: give a busy machine time. */
const CRUISE_TIMEOUT_MS = 180_000;

/** `rule: from → to`; a cycle (reported once, from any of its files) as its files in order of name. */
function brief(v: Violation): string {
  if (v.cycle === undefined) return `${v.rule}: ${v.from} → ${v.to}`;
  return `${v.rule}: cycle ${[...new Set([v.from, ...v.cycle])].sort().join(', ')}`;
}

describe('the workspace', () => {
  it(
    'breaks no boundary rule',
    async () => {
      const result = await checkBoundaries();
      expect(result.modulesCruised).toBeGreaterThan(300);
      expect(result.violations.map(brief), result.report).toEqual([]);
    },
    CRUISE_TIMEOUT_MS
  );
});

/**
 * A tree shaped like the workspace: packages with package.json exports (the `development`
 * condition), and node_modules/@pstore links for the dependencies each one declares, as pnpm
 * lays them out.
 */
class FixtureTree {
  readonly root = fs.realpathSync(fs.mkdtempSync(join(os.tmpdir(), 'pstore-boundaries-')));

  /** A package under `dir` (packages/x or tools/x) named @pstore/<x>, linking `deps`. */
  project(dir: string, deps: readonly string[] = []): this {
    const name = `@pstore/${dir.split('/')[1] ?? dir}`;
    this.file(
      `${dir}/package.json`,
      JSON.stringify({
        name,
        type: 'module',
        exports: { '.': { development: './src/index.ts', default: './dist/index.js' } }
      })
    );
    for (const dep of deps) {
      const link = join(this.root, dir, 'node_modules', '@pstore', dep.split('/')[1] ?? dep);
      fs.mkdirSync(dirname(link), { recursive: true });
      fs.symlinkSync(join(this.root, dep), link, 'dir');
    }
    return this;
  }

  file(path: string, text: string): this {
    const full = join(this.root, path);
    fs.mkdirSync(dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return this;
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

describe('a tree with one wrong import of each kind', () => {
  const tree = new FixtureTree()
    .project('packages/actor')
    .file('packages/actor/src/index.ts', "import { expose } from 'comlink';\nexport { expose };\n")
    .project('tools/test-vectors')
    .file('tools/test-vectors/src/index.ts', 'export const vectors = 1;\n')
    .project('packages/pstore-fs')
    .file('packages/pstore-fs/src/index.ts', 'export const core = 1;\n')
    .file('packages/pstore-fs/dist/index.js', 'export const core = 1;\n')
    .project('packages/ramoops', ['packages/pstore-fs', 'packages/actor'])
    .file(
      'packages/ramoops/src/index.ts',
      "import { core } from '@pstore/pstore-fs';\nimport { expose } from '@pstore/actor';\n" +
        "export { a } from './a.ts';\nexport { c } from './c.ts';\nexport { core, expose };\n"
    )
    // A cycle that runs: a.ts and b.ts each need the other initialised.
    .file('packages/ramoops/src/a.ts', "import { b } from './b.ts';\nexport const a = () => b;\n")
    .file('packages/ramoops/src/b.ts', "import { a } from './a.ts';\nexport const b = () => a;\n")
    // A cycle of types only: erased, allowed.
    .file(
      'packages/ramoops/src/c.ts',
      "import type { D } from './d.ts';\nexport const c = (d: D) => d;\nexport type C = 1;\n"
    )
    .file('packages/ramoops/src/d.ts', "import type { C } from './c.ts';\nexport type D = C;\n")
    // ram-core imports pstore-fs, which it neither may nor declares.
    .project('packages/ram-core', ['packages/actor'])
    .file('packages/ram-core/src/index.ts', "export * from '@pstore/pstore-fs';\n")
    // A component imports the transport outside its worker entry; the entry itself may.
    .project('packages/kmsg', ['packages/actor', 'tools/test-vectors'])
    .file('packages/kmsg/src/index.ts', "export { printk } from './printk.ts';\n")
    .file(
      'packages/kmsg/src/printk.ts',
      "import { wrap } from 'comlink';\nexport const printk = wrap;\n"
    )
    .file(
      'packages/kmsg/src/worker.ts',
      "import { expose } from 'comlink';\nimport { parentPort } from 'node:worker_threads';\n" +
        'expose({}, parentPort as never);\n'
    )
    // Test data from src (wrong), and from a test (right).
    .file('packages/kmsg/src/vectors.ts', "export { vectors } from '@pstore/test-vectors';\n")
    .file(
      'packages/kmsg/test/printk.test.ts',
      "import { vectors } from '@pstore/test-vectors';\nvectors;\n"
    )
    // console declares ramoops (so it resolves) but may not use it.
    .project('packages/console', ['packages/ramoops'])
    .file('packages/console/src/index.ts', "export * from '@pstore/ramoops';\n")
    // A test reaches into two packages' sources by relative path.
    .project('packages/pmsg-chardev', ['packages/pstore-fs'])
    .file('packages/pmsg-chardev/src/index.ts', "export * from '@pstore/pstore-fs';\n")
    .file(
      'packages/pmsg-chardev/test/boot.test.ts',
      "import '../../ramoops/src/index.ts';\nimport '../../pstore-fs/src/index.ts';\n"
    )
    // Another package's built output by path, and its sources by a name it does not export.
    .project('packages/archive', ['packages/pstore-fs'])
    .file('packages/archive/src/index.ts', "export * from '../../pstore-fs/dist/index.js';\n")
    .project('packages/pstore-zone', ['packages/pstore-fs'])
    .file('packages/pstore-zone/src/index.ts', "export * from '@pstore/pstore-fs/src/index.ts';\n");

  afterAll(() => tree.remove());

  it(
    'breaks exactly the rules of those imports',
    async () => {
      const { violations, report } = await checkBoundaries(['packages', 'tools'], tree.root);
      const expected = [
        // the kernel's direction
        'layering-ram-core: packages/ram-core/src/index.ts → @pstore/pstore-fs',
        'pstore-import-must-resolve: packages/ram-core/src/index.ts → @pstore/pstore-fs',
        'layering-console: packages/console/src/index.ts → packages/ramoops/src/index.ts',
        'layering-pmsg-chardev: packages/pmsg-chardev/test/boot.test.ts → packages/ramoops/src/index.ts',
        'test-vectors-only-in-tests: packages/kmsg/src/vectors.ts → tools/test-vectors/src/index.ts',
        // the transport
        'transport-only-in-worker-code: packages/kmsg/src/printk.ts → comlink',
        // reaching in by path
        'no-relative-import-across-packages: packages/pmsg-chardev/test/boot.test.ts → packages/ramoops/src/index.ts',
        'no-relative-import-across-packages: packages/pmsg-chardev/test/boot.test.ts → packages/pstore-fs/src/index.ts',
        'no-relative-import-across-packages: packages/archive/src/index.ts → packages/pstore-fs/dist/index.js',
        'no-import-of-src-or-dist-by-path: packages/archive/src/index.ts → packages/pstore-fs/dist/index.js',
        'no-import-of-src-or-dist-by-path: packages/pstore-zone/src/index.ts → @pstore/pstore-fs/src/index.ts',
        'pstore-import-must-resolve: packages/pstore-zone/src/index.ts → @pstore/pstore-fs/src/index.ts',
        // a cycle that runs (not the one of types only)
        'no-circular-in-package-src: cycle packages/ramoops/src/a.ts, packages/ramoops/src/b.ts'
      ];
      expect(violations.map(brief).sort(), report).toEqual(expected.sort());
    },
    CRUISE_TIMEOUT_MS
  );
});
