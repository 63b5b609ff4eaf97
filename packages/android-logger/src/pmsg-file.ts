/**
 * Files kept in pmsg: Android recovery stores logs such as last_log as chunks of text frames
 * whose tag is "<dir>:<file>" and whose tv_nsec holds a chunk sequence number (0, 1000, …).
 * This splits a file into frames the way liblog does and reassembles them the way liblog's
 * reader does. Kernel counterpart: none. Android counterpart: AOSP liblog pmsg_writer.cpp
 * __android_log_pmsg_file_write() and pmsg_reader.cpp __android_log_pmsg_file_read().
 */
import {
  ANDROID_LOG_PMSG_FILE_MAX_SEQUENCE,
  ANDROID_LOG_PMSG_FILE_SEQUENCE,
  FRAME_HEADER_SIZE,
  LOG_ID_EVENTS,
  LOG_ID_NAMES,
  LOG_ID_SECURITY,
  LOGGER_ENTRY_MAX_PAYLOAD,
  LOG_ID_KERNEL,
  type AndroidLogFrame,
  type LogIdName
} from './abi.ts';
import { encodeAndroidPmsgFrame } from './encode.ts';
import { PmsgError } from './errors.ts';

/** Who writes the file and when. */
export interface PmsgFileWriteInput {
  readonly logId: number | LogIdName;
  readonly priority: number;
  /** A path; the tag becomes "<last dir>:<base name>". */
  readonly filename: string;
  readonly content: Uint8Array;
  readonly uid?: number;
  readonly pid: number;
  readonly tid: number;
  /** One clock_gettime() for the whole file: every chunk carries this second. */
  readonly sec: number;
}

/**
 * Frames __android_log_pmsg_file_write() would write for a file: chunks of at most
 * LOGGER_ENTRY_MAX_PAYLOAD − 1 − tag bytes, cut after the last newline that fits, sequence
 * number ×1000 in tv_nsec, at most 256 chunks (the rest is dropped, as liblog drops it).
 * @throws PmsgError EINVAL for the kernel, events and security buffers, which liblog refuses.
 */
export function encodePmsgFile(input: PmsgFileWriteInput): Uint8Array[] {
  const logId = typeof input.logId === 'number' ? input.logId : LOG_ID_NAMES.indexOf(input.logId);
  const refused = logId === LOG_ID_KERNEL || logId === LOG_ID_EVENTS || logId === LOG_ID_SECURITY;
  if (refused || logId < 0) {
    throw new PmsgError('EINVAL', `log buffer ${logId} cannot carry a pmsg file`);
  }
  const tag = pmsgFileTag(input.filename);
  const tagBytes = new TextEncoder().encode(tag);
  const packetLen = LOGGER_ENTRY_MAX_PAYLOAD - 1 - (tagBytes.length + 1);
  const frames: Uint8Array[] = [];
  const buf = input.content;
  let pos = 0;
  for (let seq = 0; pos < buf.length; seq++) {
    if (seq >= ANDROID_LOG_PMSG_FILE_MAX_SEQUENCE) break;
    let transfer = buf.length - pos;
    if (transfer > packetLen) {
      // strnrchr(buf, packet_len - 1, '\n'): last newline in [1, packet_len - 1), else the end.
      transfer = packetLen - 1;
      for (let i = packetLen - 2; i > 0; i--) {
        if (buf[pos + i] === 0x0a) {
          transfer = i;
          break;
        }
      }
      if (buf[pos + transfer] === 0x0a) transfer++;
    }
    const frame = encodeAndroidPmsgFrame({
      logId,
      ...(input.uid === undefined ? {} : { uid: input.uid }),
      pid: input.pid,
      tid: input.tid,
      sec: input.sec,
      nsec: seq * ANDROID_LOG_PMSG_FILE_SEQUENCE,
      priority: input.priority,
      tag: tagBytes,
      message: buf.subarray(pos, pos + transfer),
      messageTerminated: false
    });
    frames.push(frame);
    pos += transfer;
  }
  return frames;
}

/** The tag liblog derives from a file name: "/cache/recovery/last_log" → "recovery:last_log". */
export function pmsgFileTag(filename: string): string {
  const slash = filename.lastIndexOf('/');
  if (slash < 0) return filename;
  const joined = `${filename.slice(0, slash)}:${filename.slice(slash + 1)}`;
  const dir = joined.lastIndexOf('/');
  return dir < 0 ? joined : joined.slice(dir + 1);
}

/** A file rebuilt from its chunks. */
export interface PmsgFile {
  /** "recovery/last_log". */
  readonly name: string;
  readonly logId: number;
  readonly priority: number;
  /** The content; every missing chunk is replaced by one '\f', as liblog marks it. */
  readonly content: Uint8Array;
  readonly missingChunks: number;
}

/**
 * Rebuilds the files in decoded frames as __android_log_pmsg_file_read() does: chunks grouped
 * by (name, buffer, priority), a later chunk replacing an earlier one with the same sequence
 * number, ordered by sequence. Files are returned in order of first appearance.
 */
export function reassemblePmsgFiles(frames: readonly AndroidLogFrame[]): PmsgFile[] {
  const groups = new Map<string, { head: AndroidLogFrame; chunks: Map<number, Uint8Array> }>();
  for (const frame of frames) {
    if (frame.kind !== 'text' || !frame.file) continue;
    const key = `${frame.logId}\u0000${frame.priority}\u0000${frame.file.name}`;
    let group = groups.get(key);
    if (!group) {
      group = { head: frame, chunks: new Map() };
      groups.set(key, group);
    }
    // Everything after prio, tag and its NUL is content (the writer adds no terminator).
    const tagLen = new TextEncoder().encode(frame.tag).length;
    group.chunks.set(frame.file.sequence, frame.bytes.subarray(FRAME_HEADER_SIZE + tagLen + 2));
  }
  const files: PmsgFile[] = [];
  for (const { head, chunks } of groups.values()) {
    if (head.kind !== 'text' || !head.file) continue;
    const order = [...chunks.keys()].sort((a, b) => a - b);
    const parts: Uint8Array[] = [];
    let expected = 0;
    let missing = 0;
    for (const seq of order) {
      const chunk = chunks.get(seq);
      if (!chunk || chunk.length === 0) continue; // skipped without closing the gap
      for (; expected < seq; expected++, missing++) parts.push(Uint8Array.of(0x0c));
      parts.push(chunk);
      expected = seq + 1;
    }
    if (parts.length === 0) continue; // liblog reports no empty files
    const content = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      content.set(p, o);
      o += p.length;
    }
    files.push({
      name: head.file.name,
      logId: head.logId,
      priority: head.priority,
      content,
      missingChunks: missing
    });
  }
  return files;
}
