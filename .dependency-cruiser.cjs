/**
 * The workspace's import boundaries, checked by dependency-cruiser (`pnpm boundaries`, and in
 * `pnpm test` through tools/boundaries).
 * Kernel counterpart: the layering of fs/pstore/ (frontends → platform.c → ram.c → ram_core.c,
 * with include/linux/pstore.h as the only contract between them), which the kernel keeps by
 * its Makefile and headers and which this file keeps by rules.
 *
 * Four kinds of rule:
 * - layering: each package may import only the @pstore packages below it (ALLOWED);
 * - the worker transport (comlink, node:worker_threads) only in worker entries, the bus,
 *   apps/device's placement and worker code, and tests;
 * - no reaching into another package by path (relative `../../x/src`, `@pstore/x/src/…`, or
 *   anybody's dist/);
 * - no import cycle inside a package's src/.
 *
 * Rules are written against resolved paths (`packages/ram-core/src/index.ts`) and, for imports
 * that do not resolve, against the bare name (`@pstore/pstore-fs`): a package that imports a
 * package it does not declare cannot resolve it, and must still be caught.
 */

/**
 * The @pstore packages each package's src and tests may import (the kernel's direction).
 * Tests may also import @pstore/test-vectors; apps/* and tools/* may import any package.
 */
const ALLOWED = {
  actor: [],
  'ram-core': ['actor'],
  kmsg: ['actor'],
  console: ['actor', 'kmsg'],
  'pstore-fs': ['actor', 'kmsg', 'console', 'crypto-compress'],
  'crypto-compress': [],
  ramoops: ['actor', 'ram-core', 'pstore-fs'],
  'pmsg-chardev': ['actor', 'pstore-fs', 'android-logger'],
  'android-logger': [],
  archive: ['pstore-fs'],
  'pstore-zone': ['actor', 'pstore-fs'],
  'cli-kit': [],
  probe: ['ram-core', 'ramoops', 'pstore-fs', 'pstore-zone']
};

/** A regex alternation of package folders (packages/<x> is named @pstore/<x>). */
const anyOf = (names) => names.join('|');

/** A workspace file (resolved path) or an unresolved @pstore name. */
const WORKSPACE = '^(packages|apps|tools)/|^@pstore/';

/**
 * The benchmarks' shared harness. tools/scripts is not a package (no package.json, nothing to
 * import by name), so benches reach it by relative path; it imports nothing of the workspace.
 */
const BENCH_HARNESS = '^tools/scripts/bench-lib\\.mjs$';

function layeringRule(pkg, allowed) {
  const mayUse = [pkg, ...allowed];
  return {
    name: `layering-${pkg}`,
    comment:
      allowed.length === 0
        ? `packages/${pkg} imports no other @pstore package (tests may use @pstore/test-vectors).`
        : `packages/${pkg} may import only ${allowed.map((p) => `@pstore/${p}`).join(', ')} ` +
          `(tests may also use @pstore/test-vectors).`,
    severity: 'error',
    from: { path: `^packages/${pkg}/` },
    to: {
      path: WORKSPACE,
      pathNot: [
        `^packages/(${anyOf(mayUse)})/`,
        `^@pstore/(${anyOf(mayUse)})(/|$)`,
        // The vectors are test data; src may not use them (rule test-vectors-only-in-tests).
        '^tools/test-vectors/',
        '^@pstore/test-vectors(/|$)',
        BENCH_HARNESS
      ]
    }
  };
}

/**
 * Files that may talk to a worker: worker entries, the bus, device placement, the viewer's
 * decode worker and the page's end of it (apps/viewer/src/worker/), tests.
 */
const TRANSPORT_USERS = [
  '^packages/[^/]+/src/worker\\.ts$',
  '^packages/actor/src/',
  '^apps/device/src/placement/',
  '^apps/device/src/kernel-worker\\.ts$',
  '^apps/device/src/kernel-worker-loader\\.cts$',
  '^apps/viewer/src/worker/',
  '^(packages|apps|tools)/[^/]+/test/'
];

module.exports = {
  forbidden: [
    ...Object.entries(ALLOWED).map(([pkg, allowed]) => layeringRule(pkg, allowed)),
    {
      name: 'test-vectors-only-in-tests',
      comment:
        'The kernel reference vectors are test data: packages import @pstore/test-vectors ' +
        'from tests and benches only, never from src/.',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: ['^tools/test-vectors/', '^@pstore/test-vectors(/|$)'] }
    },
    {
      name: 'transport-only-in-worker-code',
      comment:
        'comlink and worker_threads are the transport: components are plain actors and must not ' +
        'know whether they run in a worker. Only packages/*/src/worker.ts, the bus ' +
        '(packages/actor/src), apps/device placement and worker code, apps/viewer/src/worker ' +
        '(the page and its Web Worker), and tests import them.',
      severity: 'error',
      from: { pathNot: TRANSPORT_USERS },
      to: { path: ['^comlink$', '/node_modules/comlink/', '^(node:)?worker_threads$'] }
    },
    {
      name: 'no-relative-import-across-packages',
      comment:
        'A relative path that leaves its own package (`../../ram-core/src`) bypasses the other ' +
        "package's exports and hides the dependency from package.json and Nx: import it by name.",
      severity: 'error',
      from: { path: '^(packages|apps|tools)/([^/]+)/' },
      to: {
        dependencyTypes: ['local'],
        path: '^(packages|apps|tools)/',
        pathNot: ['^$1/$2/', BENCH_HARNESS]
      }
    },
    {
      name: 'no-import-of-src-or-dist-by-path',
      comment:
        "Another package's src/ or dist/ is not an entry point: import the package by name and " +
        'let its exports (the `development` condition in tests) choose the file. A package may ' +
        'import its own dist/ (benches and worker fixtures run the built code).',
      severity: 'error',
      from: { path: '^(packages|apps|tools)/([^/]+)/' },
      to: {
        path: ['^@pstore/[^/]+/(src|dist)(/|$)', '^(packages|apps|tools)/[^/]+/dist/'],
        pathNot: '^$1/$2/dist/'
      }
    },
    {
      name: 'pstore-import-must-resolve',
      comment:
        'An @pstore import that does not resolve names a package the importer does not declare ' +
        'in package.json (so Nx builds it in the wrong order), or a subpath it does not export.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^@pstore/' }
    },
    {
      name: 'no-circular-in-package-src',
      comment:
        "A cycle inside a package's src makes module initialisation order matter (a class read " +
        'before its module ran is undefined). Type-only imports are erased and do not count.',
      severity: 'error',
      from: { path: '^(packages|apps|tools)/([^/]+)/src/' },
      to: {
        circular: true,
        path: '^$1/$2/src/',
        viaOnly: { dependencyTypesNot: ['type-only'] }
      }
    }
  ],
  options: {
    // npm packages and built output are leaves: listed when imported (so an import of a
    // dist/ file is seen) but never parsed.
    exclude: { path: '^(packages|apps|tools)/[^/]+/(test-results|coverage)/' },
    doNotFollow: { path: ['node_modules', '^(packages|apps|tools)/[^/]+/dist/'] },
    // `import type` counts for the layering (a type is part of the contract it comes from);
    // the cycle rule leaves type-only imports out.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      // The `development` condition points every package at its TypeScript sources, so the
      // rules see `packages/x/src/…` whether or not anything is built.
      exportsFields: ['exports'],
      conditionNames: ['development', 'import', 'require', 'node', 'default'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.cts', '.mts', '.js', '.cjs', '.mjs', '.d.ts', '.json']
    }
  }
};
