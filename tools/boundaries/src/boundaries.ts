/**
 * Runs the workspace's dependency-cruiser rules (the root .dependency-cruiser.cjs) over a tree
 * and returns the violations, as `pnpm boundaries` prints them and as the tests check them.
 * Kernel counterpart: none (the kernel keeps its layering with its Makefile and headers).
 *
 * It goes through dependency-cruiser's API rather than the `depcruise` command because the
 * command of dependency-cruiser 18 refuses to start on Node 20 (its engines say ^22), which is
 * the project's Node; the API it wraps runs there unchanged.
 */
import { fileURLToPath } from 'node:url';
import { cruise, format, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

/** The workspace root (this file is tools/boundaries/src/boundaries.ts). */
const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The rules every project of the workspace is held to. */
const CONFIG_FILE = fileURLToPath(new URL('../../../.dependency-cruiser.cjs', import.meta.url));

/** The folders that hold the workspace's projects. */
const WORKSPACE_FOLDERS: readonly string[] = ['packages', 'apps', 'tools'];

/** One broken rule: which, and the import (or cycle) that broke it. */
export interface Violation {
  readonly rule: string;
  readonly from: string;
  /** The resolved file, or the name as written when it did not resolve. */
  readonly to: string;
  /** For a cycle: the files around it, starting after `from`. */
  readonly cycle?: readonly string[];
}

export interface BoundariesResult {
  readonly violations: readonly Violation[];
  /** dependency-cruiser's own `err` report: one line per violation and a summary. */
  readonly report: string;
  /** How many modules were cruised (a check that found nothing because it read nothing is no check). */
  readonly modulesCruised: number;
}

/**
 * Cruises `folders` (relative to `baseDir`) with the workspace's rules.
 * @param baseDir the root the rules' paths are relative to: the workspace, or a fixture tree
 *   laid out like it.
 */
export async function checkBoundaries(
  folders: readonly string[] = WORKSPACE_FOLDERS,
  baseDir: string = WORKSPACE_ROOT
): Promise<BoundariesResult> {
  const options = await extractDepcruiseOptions(CONFIG_FILE);
  const { output } = await cruise([...folders], { ...options, baseDir });
  // Without an outputType the API returns the result object, never a formatted report.
  if (typeof output === 'string') {
    throw new Error('dependency-cruiser returned a report, not a result');
  }
  const report = await format(output, { outputType: 'err' });
  return {
    violations: violationsOf(output),
    report: typeof report.output === 'string' ? report.output : '',
    modulesCruised: output.summary.totalCruised
  };
}

function violationsOf(result: ICruiseResult): Violation[] {
  return result.summary.violations.map((v: IViolation) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    ...(v.cycle === undefined ? {} : { cycle: v.cycle.map((step) => step.name) })
  }));
}
