#!/usr/bin/env node
/**
 * kernel-interop: real Linux kernels under QEMU as the judge of pstore-ts.
 *
 *   kernel-interop setup [--custom]        host tools, kernels, initramfs images (cached)
 *   kernel-interop run [options]           the CI matrix (Debian 5.10, 6.1, 6.12)
 *     --custom        the custom 6.1 kernel's cases instead (console, pmsg, ftrace, lkdtm)
 *     --all           the CI matrix and the custom kernel's cases
 *     --kernel ID     only this kernel (5.10, 6.1, 6.12); repeatable
 *     --only TEXT     only cases whose id contains TEXT; repeatable
 *     --images DIR    extra kernel-reads cases from image descriptors in DIR
 *     --report        write docs/KERNEL-INTEROP.md
 *     --cli dist|source  the built CLI (default when built) or its sources through tsx
 *     --list          print the cases and exit
 *
 * Ends with the plain line "N passed, N failed"; exit code 1 when anything
 * failed or could not run (missing QEMU or kernel: the reason is printed).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { imageDirCases } from './cases/image-dir.ts';
import { customCases } from './cases/custom-matrix.ts';
import { debianCases } from './cases/matrix.ts';
import type { Case } from './cases/types.ts';
import { CUSTOM_KERNEL_ID, DEBIAN_KERNELS, readInstalled } from './kernels.ts';
import { cacheDir, ciResultsPath, reportPath, runDir } from './paths.ts';
import { cliCommand, setCliMode } from './pstore-cli.ts';
import { renderReport, tally, writeReport } from './report.ts';
import { runCases } from './runner.ts';
import { requireHostTools } from './setup/host-tools.ts';
import { refreshInitramfs } from './setup/debian-kernel.ts';
import { runSetup } from './setup/setup.ts';

const log = (s: string): void => console.log(s);

/** Writes the pass/fail counts CI sums up (also when nothing could run). */
function writeCiResults(passed: number, failed: number, problems: readonly string[]): void {
  const path = ciResultsPath();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({ numPassedTests: passed, numFailedTests: failed, problems }, null, 2) + '\n'
  );
}

interface Flags {
  readonly bools: Set<string>;
  readonly values: Map<string, string[]>;
}

function parseFlags(argv: readonly string[]): Flags {
  const bools = new Set<string>();
  const values = new Map<string, string[]>();
  const takesValue = new Set(['kernel', 'only', 'images', 'cli']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const name = a.slice(2);
    if (takesValue.has(name)) {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      values.set(name, [...(values.get(name) ?? []), v]);
    } else if (['custom', 'all', 'report', 'list', 'help'].includes(name)) {
      bools.add(name);
    } else {
      throw new Error(`unknown option ${a}`);
    }
  }
  return { bools, values };
}

function selectCases(f: Flags): Case[] {
  let cases: Case[] = [];
  if (f.bools.has('custom') || f.bools.has('all')) {
    cases = customCases(CUSTOM_KERNEL_ID);
  }
  if (!f.bools.has('custom') || f.bools.has('all')) {
    const wanted = f.values.get('kernel') ?? DEBIAN_KERNELS.map((k) => k.id);
    for (const w of wanted) {
      if (!DEBIAN_KERNELS.some((k) => k.id === w)) {
        throw new Error(`unknown kernel ${w} (5.10, 6.1, 6.12)`);
      }
    }
    cases = [...wanted.flatMap((k) => debianCases(k)), ...cases];
    for (const dir of f.values.get('images') ?? []) cases.push(...imageDirCases(dir, wanted));
  }
  const only = f.values.get('only');
  if (only) cases = cases.filter((c) => only.some((o) => c.id.includes(o)));
  return cases;
}

async function runCommand(f: Flags): Promise<number> {
  const cli = f.values.get('cli')?.[0];
  if (cli !== undefined && cli !== 'dist' && cli !== 'source') {
    throw new Error('--cli takes dist or source');
  }
  setCliMode(cli ?? null);
  const cases = selectCases(f);
  if (f.bools.has('list')) {
    for (const c of cases) log(`${c.id.padEnd(40)} ${c.kind.padEnd(14)} ${c.title}`);
    return 0;
  }
  if (!cases.length) throw new Error('no case selected');
  await requireHostTools();
  const kernelIds = [...new Set(cases.map((c) => c.kernel))];
  const labels: string[] = [];
  for (const id of kernelIds) {
    const k = readInstalled(id);
    if (!k) {
      throw new Error(
        `kernel ${id} is not in the cache ${cacheDir()}: run \`kernel-interop setup${id === CUSTOM_KERNEL_ID ? ' --custom' : ''}\``
      );
    }
    refreshInitramfs(k, log);
    labels.push(`${k.id}: ${k.label}, judged as \`--kernel ${k.version}\``);
  }
  const c = cliCommand();
  log(`pstore CLI: ${c.label}`);
  if (c.warning) log(`warning: ${c.warning}`);
  log(`${cases.length} case(s); artefacts in ${runDir()}`);
  const started = new Date();
  const results = await runCases(cases, log);
  const seconds = (Date.now() - started.getTime()) / 1000;
  log(`matrix time: ${seconds.toFixed(0)} s`);
  const line = tally(results);
  mkdirSync(runDir(), { recursive: true });
  writeFileSync(
    join(runDir(), 'results.json'),
    JSON.stringify(
      {
        passed: results.filter((r) => r.passed).length,
        failed: results.filter((r) => !r.passed).length,
        seconds,
        cases: results.map((r) => ({
          id: r.case.id,
          passed: r.passed,
          problems: r.problems,
          seconds: r.seconds
        }))
      },
      null,
      2
    )
  );
  writeCiResults(
    results.filter((r) => r.passed).length,
    results.filter((r) => !r.passed).length,
    results.filter((r) => !r.passed).map((r) => `${r.case.id}: ${r.problems.join('; ')}`)
  );
  if (f.bools.has('report')) {
    writeReport(
      reportPath(),
      renderReport(results, {
        started,
        seconds,
        cli: c.label,
        kernels: labels,
        sets: f.bools.has('all')
          ? 'the CI matrix and the custom kernel cases'
          : f.bools.has('custom')
            ? 'the custom kernel cases'
            : 'the CI matrix'
      })
    );
    log(`report written to ${reportPath()}`);
  }
  log(line);
  return results.every((r) => r.passed) ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const f = parseFlags(rest);
  switch (cmd) {
    case 'setup':
      await runSetup({ custom: f.bools.has('custom'), log });
      log('setup complete');
      return 0;
    case 'run':
      return runCommand(f);
    case undefined:
    case 'help':
    case '--help':
      log(
        'usage: kernel-interop setup [--custom] | run [--custom|--all] [--kernel ID] [--only TEXT] [--images DIR] [--report] [--cli dist|source] [--list]'
      );
      return 0;
    default:
      throw new Error(`unknown command ${cmd} (setup, run)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`kernel-interop: ${(e as Error).message}`);
    if (process.argv[2] === 'run' && !process.argv.includes('--list')) {
      writeCiResults(0, 1, [(e as Error).message]);
    }
    // The plain closing line CI reads, even when nothing could run.
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  }
);
