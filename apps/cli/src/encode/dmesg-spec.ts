/**
 * `--dmesg FILE[:REASON[:UNIXTIME]]`. A path may itself contain ':', so the
 * spec is split by what exists: the whole spec when it names a readable
 * file, otherwise the split whose FILE exists (the longest such FILE whose
 * fields are all valid; else the one whose fields are valid the furthest,
 * and its first bad field is reported by name). When no prefix names a
 * file, the file is what is wrong.
 * REASON is a dump reason of the chosen kernel: enum kmsg_dump_reason by name
 * (panic, oops, …, as kmsg_dump_reason_str() spells them or as the enum
 * names them) or number. UNIXTIME is the dump header's wall-clock time,
 * seconds[.microseconds] since 1970. An empty field takes its default.
 * Kernel counterpart: include/linux/kmsg_dump.h enum kmsg_dump_reason;
 * fs/pstore/ram.c ramoops_write_kmsg_hdr() (the "====%lld.%06lu" time).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { kmsgDumpReasons } from '@pstore/kmsg';
import { formatKernelVersion, type KernelVersion } from '@pstore/ram-core';
import { CliError } from '../cli-error.ts';
import { errnoText } from './input-file.ts';

export interface DmesgSpec {
  readonly path: string;
  /** The dump reason, or null: take it from the text's "<Reason>#…" line, else panic. */
  readonly reason: number | null;
  /** The dump header's time, or null: now. */
  readonly time: { readonly sec: number; readonly nsec: number } | null;
}

type Field<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

/** REASON: a reason of `version`'s era, by name, by its string or by number. */
function parseReasonField(text: string, version: KernelVersion): Field<number | null> {
  if (text === '') return { ok: true, value: null };
  const reasons = kmsgDumpReasons(version);
  const names = reasons.map((r) => r.name.slice('KMSG_DUMP_'.length).toLowerCase());
  const hit = /^\d+$/.test(text)
    ? reasons.find((r) => r.value === Number(text))
    : reasons.find(
        (r) =>
          r.name.toLowerCase() === `kmsg_dump_${text.toLowerCase()}` ||
          r.str.toLowerCase() === text.toLowerCase()
      );
  if (hit) return { ok: true, value: hit.value };
  return {
    ok: false,
    why:
      `REASON "${text}" is not a dump reason of kernel ${formatKernelVersion(version)} ` +
      `(one of ${names.join(', ')}, or 0..${reasons.length - 1}: enum kmsg_dump_reason)`
  };
}

/** UNIXTIME: seconds[.microseconds] since 1970, as the dump header prints it. */
function parseTimeField(text: string): Field<DmesgSpec['time']> {
  if (text === '') return { ok: true, value: null };
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  const sec = m ? Number(m[1]) : NaN;
  if (!m || !Number.isSafeInteger(sec)) {
    return {
      ok: false,
      why:
        `UNIXTIME "${text}" is not seconds[.microseconds] since 1970 ` +
        `(e.g. 1700000000 or 1700000000.123456${m ? `; at most ${Number.MAX_SAFE_INTEGER} seconds` : ''})`
    };
  }
  return { ok: true, value: { sec, nsec: Number((m[2] ?? '').padEnd(6, '0')) * 1000 } };
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

interface Split {
  readonly path: string;
  readonly reason: Field<number | null>;
  readonly time: Field<DmesgSpec['time']>;
  /** "REASON …", the first bad field, or null. */
  readonly bad: string | null;
  /** Fields that are valid before the first bad one. */
  readonly goodFields: number;
}

/** The ways to read `spec` as FILE:REASON or FILE:REASON:UNIXTIME, longest FILE first. */
function splits(spec: string, version: KernelVersion): Split[] {
  const out: Split[] = [];
  const last = spec.lastIndexOf(':');
  if (last > 0) {
    const reason = parseReasonField(spec.slice(last + 1), version);
    out.push({
      path: spec.slice(0, last),
      reason,
      time: { ok: true, value: null },
      bad: reason.ok ? null : reason.why,
      goodFields: reason.ok ? 1 : 0
    });
    const prev = spec.lastIndexOf(':', last - 1);
    if (prev > 0) {
      const r2 = parseReasonField(spec.slice(prev + 1, last), version);
      const time = parseTimeField(spec.slice(last + 1));
      out.push({
        path: spec.slice(0, prev),
        reason: r2,
        time,
        bad: !r2.ok ? r2.why : !time.ok ? time.why : null,
        goodFields: !r2.ok ? 0 : !time.ok ? 1 : 2
      });
    }
  }
  return out;
}

function fromSplit(s: Split): DmesgSpec {
  return {
    path: s.path,
    reason: s.reason.ok ? s.reason.value : null,
    time: s.time.ok ? s.time.value : null
  };
}

/**
 * Resolves one --dmesg value.
 * @throws CliError naming the bad field (REASON or UNIXTIME) with its value,
 *   or the file that cannot be read.
 */
export function resolveDmesgSpec(spec: string, version: KernelVersion): DmesgSpec {
  if (spec === '') throw new CliError('--dmesg needs FILE[:REASON[:UNIXTIME]]');
  if (isReadableFile(spec)) return { path: spec, reason: null, time: null };
  const candidates = splits(spec, version);
  const existing = candidates.filter((s) => exists(s.path));
  const good = existing.find((s) => s.bad === null);
  if (good) return fromSplit(good);
  // The reading that gets furthest before a bad field is the one meant
  // ("f:panic:yesterday" with both f and f:panic present: UNIXTIME is wrong).
  const wrong = [...existing].sort((a, b) => b.goodFields - a.goodFields)[0];
  if (wrong) {
    const fields = [`FILE ${wrong.path}`];
    if (wrong.bad !== null && !wrong.bad.startsWith('REASON') && wrong.reason.ok) {
      fields.push(`REASON ${spec.slice(wrong.path.length + 1).split(':')[0] || '(default)'}`);
    }
    throw new CliError(`--dmesg ${spec}: ${wrong.bad} (${fields.join(', ')})`);
  }
  // No prefix exists: the file is what is wrong. Name the FILE the fields
  // point at when they are valid (the user's intent), else the whole spec.
  const meant = candidates.find((s) => s.bad === null)?.path ?? spec;
  let why: string;
  try {
    accessSync(meant, constants.R_OK);
    why = statSync(meant).isDirectory() ? 'EISDIR (is a directory)' : 'not readable';
  } catch (e) {
    why = errnoText(e);
  }
  throw new CliError(
    `cannot read --dmesg file ${meant}: ${why}` +
      (meant !== spec ? ` (from --dmesg ${spec}; no file named ${spec} either)` : '')
  );
}
