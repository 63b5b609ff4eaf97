/**
 * The built command on a sample of cases: `node apps/cli/dist/pstore.mjs
 * decode IMAGE … --json --content` as a separate process with a timeout,
 * its exit code, its output compared with the in-process run's, and its
 * peak memory (VmHWM, written by a preloaded probe as the process exits).
 * Kernel counterpart: none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem } from './invariants.ts';
import type { CliRun, Workdir } from './run-case.ts';

/** The bundled command (tools/fuzz/{src,dist}/ → apps/cli/dist). */
const PSTORE_BIN = fileURLToPath(new URL('../../../apps/cli/dist/pstore.mjs', import.meta.url));

/** Generous: a stuck process is a hang, a slow machine is not. */
const CLI_TIMEOUT_MS = 60_000;
/** Node itself takes ~50 MiB; the region is copied once and decoded in place. */
const RSS_BASE = 160 * 2 ** 20;
const RSS_PER_REGION_BYTE = 8;
/**
 * Each zone costs memory of its own beyond its bytes: the zone object, its
 * report and its entry in the output (about 3.5 KiB a zone measured on a
 * 1 MiB region cut into 53,000 16-byte dump zones, whose JSON alone is
 * 18 MB). A layout of many small zones is bounded per zone, not per byte.
 */
const RSS_PER_ZONE = 4096;

// VmHWM, the peak RSS of the process's own memory map: getrusage()'s maxRSS
// would also count the fuzzer's pages the child shared between fork and exec.
const PROBE = `process.on('exit', () => { try {
  const fs = require('fs');
  let bytes = process.resourceUsage().maxRSS * 1024;
  try { bytes = Number(/VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; } catch {}
  fs.writeFileSync(process.env.PSTORE_FUZZ_RSS, String(bytes));
} catch {} });
`;

export interface CliSample {
  readonly problems: Problem[];
  readonly rssBytes: number | null;
}

export function cliAvailable(): boolean {
  return existsSync(PSTORE_BIN);
}

export function runCliSample(
  work: Workdir,
  imagePath: string,
  args: readonly string[],
  inProcess: CliRun,
  regionBytes: number
): CliSample {
  const probe = join(work.dir, 'rss-probe.cjs');
  if (!existsSync(probe)) writeFileSync(probe, PROBE);
  const rssFile = join(work.dir, 'rss');
  rmSync(rssFile, { force: true });
  const r = spawnSync(
    process.execPath,
    ['-r', probe, PSTORE_BIN, 'decode', imagePath, ...args, '--json', '--content'],
    {
      encoding: 'utf8',
      timeout: CLI_TIMEOUT_MS,
      maxBuffer: 512 * 2 ** 20,
      env: { ...process.env, NO_COLOR: '1', PSTORE_FUZZ_RSS: rssFile, PSTORE_DEBUG: '' }
    }
  );
  const problems: Problem[] = [];
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : null;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    problems.push({ kind: 'hang', message: `built CLI did not finish in ${CLI_TIMEOUT_MS} ms` });
  } else if (r.signal || (r.status !== 0 && r.status !== 2)) {
    problems.push({
      kind: 'crash',
      message: `built CLI: exit ${r.status ?? r.signal}: ${r.stderr.split('\n')[0] ?? ''}`
    });
  } else if (r.status !== inProcess.code || r.stdout !== inProcess.stdout) {
    problems.push({
      kind: 'invariant',
      message: `built CLI (exit ${r.status}) disagrees with the library run (exit ${inProcess.code})`
    });
  }
  const zones = inProcessZones(inProcess.stdout);
  if (rss !== null && rss > RSS_BASE + RSS_PER_REGION_BYTE * regionBytes + RSS_PER_ZONE * zones) {
    problems.push({
      kind: 'invariant',
      message: `built CLI peaked at ${(rss / 2 ** 20).toFixed(0)} MiB for a region of ${(regionBytes / 2 ** 20).toFixed(1)} MiB in ${zones} zones`
    });
  }
  return { problems, rssBytes: rss };
}

/** How many zones the library run's JSON lists (0 when it printed no JSON). */
function inProcessZones(stdout: string): number {
  try {
    return (JSON.parse(stdout) as { zones?: unknown[] }).zones?.length ?? 0;
  } catch {
    return 0;
  }
}
