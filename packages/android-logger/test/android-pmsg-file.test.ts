import { describe, expect, it } from 'vitest';
import { decodeAndroidPmsg } from '../src/decode.ts';
import { PmsgError } from '../src/errors.ts';
import { formatLogcat } from '../src/logcat.ts';
import { encodePmsgFile, pmsgFileTag, reassemblePmsgFiles } from '../src/pmsg-file.ts';

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const enc = new TextEncoder();
const write = { logId: 'system', priority: 4, pid: 321, tid: 321, sec: 1700000000 } as const;

/** Lines of 100 bytes: "line 0000 xxx…\n". */
const lines = (n: number): Uint8Array =>
  enc.encode(
    Array.from(
      { length: n },
      (_, i) => `line ${String(i).padStart(4, '0')} `.padEnd(99, 'x') + '\n'
    ).join('')
  );

describe('pmsg files (__android_log_pmsg_file_write/read)', () => {
  it('derives the tag from the last directory and the base name', () => {
    expect(pmsgFileTag('/cache/recovery/last_log')).toBe('recovery:last_log');
    expect(pmsgFileTag('recovery/last_kmsg')).toBe('recovery:last_kmsg');
    expect(pmsgFileTag('last_log')).toBe('last_log');
    expect(pmsgFileTag('/a')).toBe(':a');
  });

  it('writes a small file as one unterminated chunk with sequence 0', () => {
    const content = enc.encode('Starting recovery\n');
    const frames = encodePmsgFile({ ...write, filename: '/cache/recovery/last_log', content });
    expect(frames).toHaveLength(1);
    const { frames: decoded, unparsed } = decodeAndroidPmsg(concat(frames));
    expect(unparsed).toEqual([]);
    expect(decoded[0]).toMatchObject({
      kind: 'text',
      tag: 'recovery:last_log',
      nsec: 0,
      messageTerminated: false,
      file: { name: 'recovery/last_log', sequence: 0 }
    });
    expect(reassemblePmsgFiles(decoded)).toEqual([
      { name: 'recovery/last_log', logId: 3, priority: 4, content, missingChunks: 0 }
    ]);
    // logcat -L shows the chunk minus its last byte (here the newline).
    const frame = decoded[0];
    if (!frame) throw new Error('no frame');
    expect(formatLogcat(frame)).toBe(
      '11-14 22:13:20.000   321   321 I recovery:last_log: Starting recovery\n'
    );
  });

  it('splits a large file after the last newline that fits and rebuilds it', () => {
    const content = lines(100);
    const frames = encodePmsgFile({ ...write, filename: '/cache/recovery/last_log', content });
    expect(frames.length).toBe(3);
    const { frames: decoded } = decodeAndroidPmsg(concat(frames));
    expect(decoded.map((f) => f.nsec)).toEqual([0, 1000, 2000]);
    for (const f of decoded) {
      expect(f.bytes.length).toBeLessThanOrEqual(18 + 4068);
      expect(f.bytes[f.bytes.length - 1]).toBe(0x0a);
    }
    // 4068 − 1 − 18 ("recovery:last_log\0") = 4049 bytes per chunk at most: 40 lines.
    expect(decoded[0]?.bytes.length).toBe(18 + 1 + 18 + 4000);
    expect(reassemblePmsgFiles(decoded)[0]?.content).toEqual(content);
  });

  it('marks a lost chunk with a form feed and lets a rewritten chunk replace the old one', () => {
    const content = lines(100);
    const frames = encodePmsgFile({ ...write, filename: 'recovery/last_log', content });
    const rewrite = encodePmsgFile({
      ...write,
      filename: 'recovery/last_log',
      content: enc.encode('new\n')
    });
    const bytes = concat([
      frames[0] ?? new Uint8Array(),
      frames[2] ?? new Uint8Array(),
      ...rewrite
    ]);
    const [file] = reassemblePmsgFiles(decodeAndroidPmsg(bytes).frames);
    const text = new TextDecoder().decode(file?.content);
    expect(file?.missingChunks).toBe(1);
    expect(text.startsWith('new\n\f')).toBe(true);
    expect(text.endsWith('line 0099 '.padEnd(99, 'x') + '\n')).toBe(true);
  });

  it('keeps at most 256 chunks and refuses binary and kernel buffers', () => {
    const huge = new Uint8Array(300 * 4049).fill(0x41);
    expect(encodePmsgFile({ ...write, filename: 'a/b', content: huge })).toHaveLength(256);
    for (const logId of ['events', 'security', 'kernel'] as const) {
      expect(() => encodePmsgFile({ ...write, logId, filename: 'a/b', content: huge })).toThrow(
        PmsgError
      );
    }
  });
});
