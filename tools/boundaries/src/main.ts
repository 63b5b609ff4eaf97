/**
 * `pnpm boundaries`: checks the whole workspace against .dependency-cruiser.cjs and prints each
 * violation; exit code 1 when there is one, 0 otherwise.
 * Kernel counterpart: none.
 */
import { checkBoundaries } from './boundaries.ts';

const { violations, report, modulesCruised } = await checkBoundaries();
process.stdout.write(report);
if (violations.length === 0) {
  process.stdout.write(`boundaries: ${modulesCruised} modules, no violation\n`);
}
process.exitCode = violations.length === 0 ? 0 : 1;
