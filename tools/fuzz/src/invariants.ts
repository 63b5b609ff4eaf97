/**
 * The invariants every case is held to, checked from the outside: the exit
 * code and stderr of each run, and the --json --content output compared
 * with the image's own bytes.
 *
 * - crash: an exit code other than 0 or 2, an exception out of the CLI, an
 *   "internal error" or a stack trace;
 * - one line: a refusal (exit 2) is exactly one line on stderr;
 * - agreement: the table, --json and --out runs end the same way;
 * - determinism: decoding twice gives identical output;
 * - a reason for every zone: each zone of the JSON has a state and a reason,
 *   and every dump zone in state "record" has its file;
 * - nothing invented: each record's bytes, less what the kernel adds (the
 *   dump header it skipped, the ECC notice), are a run of the zone's ring
 *   in the image (up to the bytes ECC says it corrected); an inflated dump
 *   stays within the era's output limit; each ftrace line's addresses are
 *   bytes of the zone;
 * - --out writes the same files and bytes as --json shows.
 * Kernel counterpart: none (what a reader of crash RAM must never do).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseOffset, type FuzzCase } from './case.ts';
import type { CaseRuns, CliRun } from './run-case.ts';

type ProblemKind = 'crash' | 'hang' | 'invariant';

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
}

interface JsonZone {
  name: string;
  type: string;
  index: number;
  offset: number;
  size: number;
  dataCapacity: number;
  start: number | null;
  used: number | null;
  state: string;
  reason: string;
}

interface JsonRecord {
  name: string;
  type: string;
  id: number;
  size: number;
  storedBytes: number;
  compressed: boolean;
  stillCompressed: boolean;
  ecc: { corrected: number; bad: number } | null;
  content?: { encoding: 'utf8' | 'base64'; data: string };
}

export interface DecodeJson {
  zones: JsonZone[];
  records: JsonRecord[];
  notes: string[];
}

const STATES = new Set([
  'record',
  'empty',
  'bad-signature',
  'invalid-header',
  'bad-dump-header',
  'ftrace-merged'
]);
const NOTICE =
  /^(\n(ECC: )?(No errors detected|\d+ Corrected bytes, \d+ unrecoverable blocks)\n)?$/;

/** Problems of one run's exit code and stderr. */
function checkRun(what: string, r: CliRun): Problem[] {
  if (r.escaped) {
    return [
      { kind: 'crash', message: `${what}: exception escaped runCli: ${firstLine(r.escaped)}` }
    ];
  }
  if (r.code !== 0 && r.code !== 2) {
    return [{ kind: 'crash', message: `${what}: exit ${r.code}: ${firstLine(r.stderr)}` }];
  }
  if (/internal error|\n\s+at /.test(r.stderr)) {
    return [{ kind: 'crash', message: `${what}: ${firstLine(r.stderr)}` }];
  }
  if (r.code === 2) {
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    if (lines.length !== 1 || !lines[0]!.startsWith('pstore decode: ')) {
      return [
        {
          kind: 'invariant',
          message: `${what}: a refusal must be one "pstore decode:" line, got ${JSON.stringify(r.stderr.slice(0, 200))}`
        }
      ];
    }
  } else if (r.stderr !== '') {
    return [
      {
        kind: 'invariant',
        message: `${what}: exit 0 with stderr ${JSON.stringify(r.stderr.slice(0, 200))}`
      }
    ];
  }
  return [];
}

const firstLine = (s: string) =>
  s
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.slice(0, 300) ?? '';

function contentBytes(r: JsonRecord): Uint8Array {
  const c = r.content;
  if (!c) return new Uint8Array(0);
  return new Uint8Array(
    c.encoding === 'utf8' ? Buffer.from(c.data, 'utf8') : Buffer.from(c.data, 'base64')
  );
}

/** Everything but time and memory. Returns the parsed JSON when there is one. */
export function checkCase(
  c: FuzzCase,
  runs: CaseRuns
): { problems: Problem[]; json: DecodeJson | null } {
  const problems: Problem[] = [
    ...checkRun('--json --content', runs.json),
    ...checkRun('table', runs.plain),
    ...(runs.out ? checkRun('--out', runs.out) : [])
  ];
  if (problems.some((p) => p.kind === 'crash')) return { problems, json: null };
  if (runs.plain.code !== runs.json.code || (runs.out && runs.out.code !== runs.json.code)) {
    problems.push({
      kind: 'invariant',
      message: `exit codes differ: --json ${runs.json.code}, table ${runs.plain.code}, --out ${runs.out?.code ?? '-'}`
    });
  }
  if (
    runs.again.code !== runs.json.code ||
    runs.again.stdout !== runs.json.stdout ||
    runs.again.stderr !== runs.json.stderr
  ) {
    problems.push({
      kind: 'invariant',
      message: 'not deterministic: a second decode gave other output'
    });
  }
  if (runs.json.code !== 0) return { problems, json: null };
  let json: DecodeJson;
  try {
    json = JSON.parse(runs.json.stdout) as DecodeJson;
  } catch {
    problems.push({ kind: 'invariant', message: '--json output is not JSON' });
    return { problems, json: null };
  }
  problems.push(...checkZones(json), ...checkRecords(c, json));
  if (runs.out?.code === 0) problems.push(...checkOutDir(runs.out, json, c));
  return { problems, json };
}

function checkZones(json: DecodeJson): Problem[] {
  const out: Problem[] = [];
  for (const z of json.zones) {
    if (!STATES.has(z.state) || typeof z.reason !== 'string' || z.reason.trim() === '') {
      out.push({ kind: 'invariant', message: `zone ${z.name}: state ${z.state} without a reason` });
    }
    if (
      z.type === 'dmesg' &&
      z.state === 'record' &&
      !json.records.some((r) => r.type === 'dmesg' && r.id === z.index)
    ) {
      out.push({
        kind: 'invariant',
        message: `zone ${z.name} holds a record but no dmesg file ${z.index} was shown`
      });
    }
  }
  return out;
}

/**
 * The zone's used bytes as they are in the image, twice over. The kernel's
 * old_log is data[start, size) ‖ data[0, start) (PSTORE-SPEC §1.5): a
 * rotation of data[0, size), so a plain substring of this.
 */
function ringTwice(c: FuzzCase, z: JsonZone): Buffer {
  const at = caseOffset(c) + z.offset + 12;
  const ring = c.image.subarray(at, at + (z.used ?? z.dataCapacity));
  return Buffer.concat([ring, ring]);
}

function mismatches(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

function checkRecords(c: FuzzCase, json: DecodeJson): Problem[] {
  const out: Problem[] = [];
  const bad = (r: JsonRecord, m: string) =>
    out.push({ kind: 'invariant', message: `${r.name}: ${m}` });
  for (const r of json.records) {
    const bytes = contentBytes(r);
    const zones =
      r.type === 'dmesg'
        ? json.zones.filter((z) => z.type === 'dmesg' && z.index === r.id)
        : json.zones.filter(
            (z) => z.type === r.type && (z.state === 'record' || z.state === 'ftrace-merged')
          );
    const z = zones[0];
    if (!z) {
      bad(r, 'no zone of the JSON holds it');
      continue;
    }
    if (r.type === 'ftrace') {
      out.push(
        ...checkFtrace(c, r, bytes, zones).map((m) => ({
          kind: 'invariant' as const,
          message: `${r.name}: ${m}`
        }))
      );
      continue;
    }
    if (bytes.length !== r.size) bad(r, `content of ${bytes.length} bytes, size says ${r.size}`);
    if (r.compressed && !r.stillCompressed) {
      // Inflated by the era's decompressor: bounded by its output limit (≤ 3 × bufsize).
      if (bytes.length > 3 * z.size + 64) {
        bad(r, `inflated to ${bytes.length} bytes, beyond 3 × the zone`);
      }
      continue;
    }
    const notice = Buffer.from(bytes.subarray(r.storedBytes)).toString('latin1');
    if (!NOTICE.test(notice)) {
      bad(r, `ends with ${JSON.stringify(notice.slice(0, 80))}, not the kernel's ECC notice`);
      continue;
    }
    const payload = bytes.subarray(0, r.storedBytes);
    if (payload.length > z.dataCapacity) {
      bad(r, `${payload.length} bytes from a zone of ${z.dataCapacity}`);
      continue;
    }
    if (payload.length === 0) continue;
    const ring = ringTwice(c, z);
    if (ring.indexOf(payload) >= 0) continue;
    // ECC may have changed bytes: compare with the run the header points at.
    const corrected = r.ecc?.corrected ?? 0;
    const used = z.used ?? payload.length;
    const from = (z.start ?? 0) + (used - payload.length);
    const expect = ring.subarray(from, from + payload.length);
    const diff = expect.length === payload.length ? mismatches(expect, payload) : Infinity;
    if (diff > corrected) {
      bad(
        r,
        `${payload.length} bytes that are not a run of the zone's ring in the image (${diff} bytes differ, ECC corrected ${corrected})`
      );
    }
  }
  return out;
}

/** Each rendered line's addresses must be bytes of the (single) ftrace zone's ring. */
function checkFtrace(c: FuzzCase, r: JsonRecord, text: Uint8Array, zones: JsonZone[]): string[] {
  const longAt = c.args.indexOf('--long');
  const width = longAt >= 0 && c.args[longAt + 1] === '4' ? 4 : 8;
  const big = c.args.includes('big');
  const lines = Buffer.from(text)
    .toString('latin1')
    .split('\n')
    .filter((l) => l !== '');
  const rings = zones.map((z) => ringTwice(c, z));
  const cap = zones.reduce((n, z) => n + z.dataCapacity, 0);
  if (r.storedBytes > cap) return [`${r.storedBytes} binary bytes from zones of ${cap}`];
  // With ECC the notice is rendered too (as the kernel does): up to ~64 more bytes.
  const rendered = r.storedBytes + (r.ecc ? 64 : 0);
  if (lines.length > rendered / 8 + 1) {
    return [`${lines.length} lines from ${r.storedBytes} bytes`];
  }
  // Merged per-CPU logs interleave (a misaligned word may span zones), and
  // ECC corrections change bytes: the addresses are then not checked.
  if (rings.length !== 1 || (r.ecc?.corrected ?? 0) > 0) return [];
  // With ECC the kernel renders from total_size % REC_SIZE of log ‖ notice
  // (PSTORE-SPEC §5.3), so words may hold notice bytes: those are its own.
  const z = zones[0]!;
  const end = (z.start ?? 0) + (z.used ?? 0);
  const hay = [rings[0]!];
  if (r.ecc) {
    for (const p of ['ECC: ', '']) {
      const n =
        r.ecc.corrected || r.ecc.bad
          ? `${r.ecc.corrected} Corrected bytes, ${r.ecc.bad} unrecoverable blocks`
          : 'No errors detected';
      hay.push(Buffer.concat([rings[0]!.subarray(0, end), Buffer.from(`\n${p}${n}\n`, 'latin1')]));
    }
  }
  for (const line of lines.slice(0, 256)) {
    const m = /^(?:CPU:)?-?\d+ (?:ts:\d+ )?([0-9a-f]+) {2}([0-9a-f]+)/.exec(line);
    if (!m) return [`line ${JSON.stringify(line.slice(0, 80))} is not an ftrace line`];
    for (const hex of [m[1]!, m[2]!]) {
      const v = BigInt(`0x${hex}`);
      if (v >= 1n << BigInt(8 * width)) return [`address ${hex} wider than ${width} bytes`];
      const word = Buffer.alloc(width);
      if (width === 8) {
        if (big) word.writeBigUInt64BE(v);
        else word.writeBigUInt64LE(v);
      } else if (big) word.writeUInt32BE(Number(v));
      else word.writeUInt32LE(Number(v));
      if (!hay.some((h) => h.indexOf(word) >= 0)) {
        return [`address ${hex} is not in the zone's bytes`];
      }
    }
  }
  return [];
}

function checkOutDir(run: CliRun, json: DecodeJson, c: FuzzCase): Problem[] {
  const dir = /wrote \d+ file\(s\) to (.*)$/m.exec(run.stdout)?.[1];
  if (!dir || !existsSync(dir)) {
    return [{ kind: 'invariant', message: `--out: no directory reported (${c.what})` }];
  }
  const names = readdirSync(dir)
    .filter((n) => n !== '.pstore-ts')
    .sort();
  const want = json.records.map((r) => r.name).sort();
  if (names.join() !== want.join()) {
    return [
      {
        kind: 'invariant',
        message: `--out wrote ${names.join(', ')} but --json shows ${want.join(', ')}`
      }
    ];
  }
  for (const r of json.records) {
    if (!Buffer.from(readFileSync(join(dir, r.name))).equals(Buffer.from(contentBytes(r)))) {
      return [
        { kind: 'invariant', message: `--out ${r.name}: bytes differ from --json --content` }
      ];
    }
  }
  return [];
}
