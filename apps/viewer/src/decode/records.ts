/**
 * A /sys/fs/pstore file as the page shows it: its bytes exactly, plus the
 * readings that make it legible — pmsg as logcat lines when it holds Android
 * logger frames, ftrace cut into columns for a sortable table.
 * Kernel counterpart: fs/pstore/inode.c (the file); liblog's logcat for pmsg.
 */
import { decodeAndroidPmsg, formatLogcat, looksLikeAndroidPmsg } from '@pstore/android-logger';
import { PSTORE_TYPE, type PstoreFile, type ReadRecord } from '@pstore/pstore-fs';
import type { FtraceRow, LogcatLine, RecordKind, RecordView } from './types.ts';

const KINDS: Readonly<Record<number, RecordKind>> = {
  [PSTORE_TYPE.DMESG]: 'dmesg',
  [PSTORE_TYPE.CONSOLE]: 'console',
  [PSTORE_TYPE.PMSG]: 'pmsg',
  [PSTORE_TYPE.FTRACE]: 'ftrace'
};

/** ISO 8601 for a record time, or null beyond the ±8.64e15 ms a Date can hold. */
function isoTime(sec: number, nsec: number): string | null {
  const ms = sec * 1000 + Math.floor(nsec / 1e6);
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null;
}

export function recordView(
  f: PstoreFile,
  bytes: Uint8Array,
  stored: ReadRecord['stored'] | undefined,
  ecc: RecordView['ecc']
): RecordView {
  const r = f.record;
  const kind = KINDS[r.type] ?? 'other';
  return {
    name: f.name,
    kind,
    id: r.id,
    size: f.size,
    time: r.time ? isoTime(r.time.sec, r.time.nsec) : null,
    mtime: f.mtime.getTime(),
    compressed: stored?.compressed ?? r.compressed,
    stillCompressed: r.compressed,
    ecc,
    // Its own buffer: a view into the region would make postMessage copy the whole region.
    bytes: bytes.slice(),
    logcat: kind === 'pmsg' ? logcatLines(r.buf.subarray(0, r.size)) : null,
    ftrace: kind === 'ftrace' ? ftraceRows(new TextDecoder().decode(bytes)) : null
  };
}

/** Where logcat puts the priority: `MM-DD HH:MM:SS.mmm  PID  TID P TAG: text`. */
const LOGCAT_PRIORITY = /^\S+ \S+ +\d+ +\d+ (\S) /;

/**
 * The pmsg payload as `logcat -v threadtime` lines (UTC), when it holds
 * Android logger frames; null when it does not (the raw text is shown then).
 * Bytes no frame covers get a line saying so, as `pstore decode` prints them.
 */
function logcatLines(payload: Uint8Array): LogcatLine[] | null {
  if (!looksLikeAndroidPmsg(payload)) return null;
  const { frames, unparsed } = decodeAndroidPmsg(payload);
  const pieces: { offset: number; lines: LogcatLine[] }[] = frames.map((f) => ({
    offset: f.offset,
    lines: formatLogcat(f)
      .split('\n')
      .filter((l) => l !== '')
      .map((text) => ({ priority: LOGCAT_PRIORITY.exec(text)?.[1] ?? '?', text }))
  }));
  for (const u of unparsed) {
    pieces.push({
      offset: u.start,
      lines: [
        {
          priority: '?',
          text: `--------- pmsg: ${u.end - u.start} bytes at offset ${u.start} not decoded (${u.reason})`
        }
      ]
    });
  }
  return pieces.sort((a, b) => a.offset - b.offset).flatMap((p) => p.lines);
}

/**
 * The lines of an ftrace file (pstore_ftrace_seq_show(): `CPU:%d ts:%llu %08lx  %08lx  %ps <- %pS`,
 * or 4.9's `%d %08lx  %08lx  %pf <- %pF`) as columns; null if a line is not one of them.
 */
const FTRACE_LINE =
  /^(?:CPU:(-?\d+) ts:(\d+)|(-?\d+)) ([0-9a-f]+) {2}([0-9a-f]+) {2}(.*?) <- (.*)$/;

function ftraceRows(text: string): FtraceRow[] | null {
  const rows: FtraceRow[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = FTRACE_LINE.exec(line);
    if (!m) return null;
    rows.push({
      cpu: Number(m[1] ?? m[3]),
      ts: m[2] ?? null,
      ip: m[4]!,
      parentIp: m[5]!,
      func: m[6]!,
      caller: m[7]!
    });
  }
  return rows;
}
