// Bundles the built command (dist/main.js and every workspace package and
// library it imports) into one file, dist/pstore.mjs: the package's `bin`.
// Why: the command then installs anywhere with npm alone (a packed tarball
// has no dependencies to fetch: the workspace packages are not published),
// and starts faster (one file to load instead of ~100 modules).
// Runs after tsc, on its output, so the bundle is exactly the built code.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outfile = `${dist}pstore.mjs`;

await build({
  entryPoints: [`${dist}main.js`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The entry's own "#!/usr/bin/env node" line is kept by esbuild.
  // Names stay, so a stack trace (PSTORE_DEBUG=1) still reads as the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning'
});
chmodSync(outfile, 0o755);
