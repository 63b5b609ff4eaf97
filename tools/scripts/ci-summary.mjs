// Sums the Vitest JSON reports every project wrote (test-results/vitest.json)
// into the one closing line CI reads: "N passed, N failed[, N skipped]".
// A project whose tests did not run at all (no report) counts as a failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const group of ['packages', 'apps', 'tools']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const pkg = join(dir, name, 'package.json');
    if (!existsSync(pkg)) continue;
    const scripts = JSON.parse(readFileSync(pkg, 'utf8')).scripts ?? {};
    if (!scripts.test) continue;
    const report = join(dir, name, 'test-results', 'vitest.json');
    if (!existsSync(report)) {
      missing.push(`${group}/${name}`);
      continue;
    }
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    // A test file that failed to load has no tests but fails the run.
    failed += r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  }
}
// The kernel interop suite writes its own counts (tools/kernel-interop).
const interop = join(root, 'tools', 'kernel-interop', 'test-results', 'interop.json');
if (existsSync(interop)) {
  const r = JSON.parse(readFileSync(interop, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
} else if (existsSync(join(root, 'tools', 'kernel-interop', 'package.json'))) {
  console.log('no report from the kernel interop suite (it did not run)');
  failed += 1;
}
if (missing.length) {
  console.log(`no test report from: ${missing.join(', ')} (their tests did not run)`);
  failed += missing.length;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed ? 1 : 0;
