/**
 * Runs cases one at a time (one VM at a time: TCG on 2 cores), judges each
 * against `pstore decode`, prints a line per case (and every mismatch
 * under it), and keeps the artefacts of the last run under the cache
 * (runs/last/<case>/: serial.log, region or image, kernel/ and predicted/ files).
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireInstalled, type InstalledKernel } from './kernels.ts';
import { runDir } from './paths.ts';
import { decode, decodeAuto, type Decoded } from './pstore-cli.ts';
import { compareFiles } from './cases/compare.ts';
import { runEccFaults } from './cases/ecc-faults.ts';
import { judgeEncZ } from './cases/enc-z.ts';
import { runKernelReads } from './cases/kernel-reads.ts';
import { runKernelWrites, type KernelRun } from './cases/kernel-writes.ts';
import { caseWords, isBlk } from './cases/params.ts';
import type { Case, CaseResult, Expectation } from './cases/types.ts';
import type { KernelFile } from './vm/guest.ts';

function caseDir(c: Case): string {
  return join(runDir(), c.id.replace(/[^\w.-]+/g, '_'));
}

function checkExpectation(
  e: Expectation | undefined,
  run: KernelRun,
  ecc: readonly string[],
  predicted: Decoded
): string[] {
  if (!e) return [];
  const { files, klog } = run;
  const zones = predicted.zones;
  const problems: string[] = [];
  const names = new Set(files.map((f) => f.name));
  for (const f of e.files ?? []) {
    if (!names.has(f)) problems.push(`expected the kernel to show ${f}`);
  }
  for (const [name, text] of Object.entries(e.startsWith ?? {})) {
    const f = files.find((x) => x.name === name);
    if (f && !Buffer.from(f.bytes).toString('latin1').startsWith(text)) {
      problems.push(`${name} does not start with ${JSON.stringify(text)}`);
    }
  }
  for (const type of e.wrapped ?? []) {
    const z = zones.find((x) => x.type === type);
    if (!z || z.used !== z.dataCapacity || !z.start) {
      problems.push(
        `the ${type} ring did not wrap (start ${z?.start}, size ${z?.used} of ${z?.dataCapacity})`
      );
    }
  }
  if (e.eccErrors && !ecc.some((x) => !/ 0\/0$/.test(x))) {
    problems.push(
      'the injected faults show in no ECC notice (expected corrections or unrecoverable blocks)'
    );
  }
  for (const text of e.klog ?? []) {
    if (!klog.some((l) => l.includes(text))) {
      problems.push(`the kernel log does not say "${text}" (pstore lines: ${klog.length})`);
    }
  }
  for (const [name, want] of Object.entries(e.compressed ?? {})) {
    const r = predicted.records.find((x) => x.name === name);
    if (r && r.compressed !== want) {
      problems.push(
        `${name} was stored ${r.compressed ? 'compressed' : 'plain'}, expected ${want ? 'compressed' : 'plain'}`
      );
    }
  }
  return problems;
}

function saveKernelFiles(dir: string, files: readonly KernelFile[]): void {
  const out = join(dir, 'kernel');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const f of files) writeFileSync(join(out, f.name), f.bytes);
}

/** A System.map worth passing to --symbols (Debian ships a placeholder). */
function symbolsOf(k: InstalledKernel): string | undefined {
  try {
    return statSync(k.systemMap).size > 4096 ? k.systemMap : undefined;
  } catch {
    return undefined;
  }
}

async function runOne(
  c: Case,
  k: InstalledKernel,
  dir: string,
  regions: Map<string, string>
): Promise<{ run: KernelRun; problems: string[]; ecc: string[] }> {
  let run: KernelRun;
  switch (c.kind) {
    case 'kernel-writes':
      run = await runKernelWrites(c, k, dir);
      regions.set(c.id, run.image);
      break;
    case 'kernel-reads':
      run = await runKernelReads(c, k, dir);
      break;
    case 'ecc-faults':
      run = await runEccFaults(c, k, dir, regions.get(c.from));
      break;
  }
  saveKernelFiles(dir, run.files);
  const predicted = await decode(
    run.image,
    caseWords(c.params),
    k.version,
    c.cpus ?? 1,
    join(dir, 'predicted'),
    symbolsOf(k),
    isBlk(c.params) ? 'blk' : undefined
  );
  const cmp = compareFiles(run.files, predicted);
  const problems = [...cmp.problems, ...checkExpectation(c.expect, run, cmp.ecc, predicted)];
  if (c.expect?.auto) {
    const auto = await decodeAuto(run.image, join(dir, 'auto'));
    problems.push(...compareFiles(run.files, auto).problems.map((p) => `decode --auto: ${p}`));
  }
  if (c.expect?.encZReader && !isBlk(c.params)) {
    problems.push(
      ...(await judgeEncZ(
        run.image,
        c.params,
        { version: k.version, files: run.files },
        predicted,
        c.expect.encZReader,
        c.cpus ?? 1,
        dir
      ))
    );
  }
  if (c.kind === 'kernel-writes' && run.files.length === 0) {
    problems.push('the kernel shows no files after the crash');
  }
  return { run, problems, ecc: cmp.ecc };
}

export async function runCases(
  cases: readonly Case[],
  log: (s: string) => void
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const regions = new Map<string, string>();
  const kernels = new Map<string, InstalledKernel | Error>();
  const kernelOf = (id: string): InstalledKernel => {
    let k = kernels.get(id);
    if (!k) {
      try {
        k = requireInstalled(id);
      } catch (e) {
        k = e as Error;
      }
      kernels.set(id, k);
    }
    if (k instanceof Error) throw k;
    return k;
  };
  for (const [i, c] of cases.entries()) {
    const t0 = Date.now();
    const dir = caseDir(c);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let label = c.kernel;
    let version = c.kernel;
    let problems: string[] = [];
    let files: string[] = [];
    let ecc: string[] = [];
    let notes: string[] = [];
    try {
      const k = kernelOf(c.kernel);
      label = k.label;
      version = c.kernel.startsWith('custom') ? `${k.version} custom` : k.version;
      const r = await runOne(c, k, dir, regions);
      problems = r.problems;
      ecc = r.ecc;
      files = r.run.files.map((f) => `${f.name} (${f.size})`);
      notes = r.run.notes;
    } catch (e) {
      problems = [(e as Error).message];
    }
    const seconds = (Date.now() - t0) / 1000;
    const passed = problems.length === 0;
    results.push({
      case: c,
      kernelLabel: label,
      kernelVersion: version,
      passed,
      problems,
      files,
      ecc,
      seconds
    });
    log(
      `[${String(i + 1).padStart(2)}/${cases.length}] ${passed ? 'PASS' : 'FAIL'} ${c.id} (${seconds.toFixed(1)} s)` +
        (files.length ? ` ${files.join(', ')}` : '') +
        (ecc.length ? ` ECC ${ecc.join(', ')}` : '')
    );
    for (const n of notes) log(`        note: ${n}`);
    for (const p of problems) log(`        ${c.id}: ${p.split('\n').join('\n        ')}`);
    if (!passed) log(`        artefacts: ${dir}`);
  }
  return results;
}
