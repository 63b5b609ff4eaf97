/**
 * decompress_record() appends a record's ECC notice after its expanded text.
 * The compressor leaves the notice's room after the text (in a buffer the
 * text owns) so the text is written once: these tests hold every path to
 * that contract — the built-in inflate, an inflate that says it leaves the
 * room, one that does not (its buffer must never be written), and the
 * crypto algorithms — and check that a record reads the same either way.
 * Kernel counterpart: fs/pstore/platform.c decompress_record().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pstoreRecordInit, PSTORE_TYPE } from '../src/backend/record.ts';
import { pstoreCompressor } from '../src/compress/index.ts';
import type { NativeInflate } from '../src/compress/compressor.ts';
import { inflateOneShot } from '../src/compress/zlib-oneshot.ts';
import { decompressRecord } from '../src/core/decompress-record.ts';

const V6_12 = { major: 6, minor: 12, sublevel: 0 };
const V5_10 = { major: 5, minor: 10, sublevel: 0 };
const BUFSIZE = 4096;
const text = fc
  .string({ unit: fc.constantFrom(...'abcdef \n0123[]:'), minLength: 1, maxLength: 6000 })
  .map((s) => new TextEncoder().encode(s));
const NOTICE = new TextEncoder().encode('\nECC: 0 Corrected bytes, 0 unrecoverable blocks\n');

/** Free bytes after `t` in its buffer. */
const roomAfter = (t: Uint8Array): number => t.buffer.byteLength - t.byteOffset - t.length;

/** A compressed DMESG record as ramoops_pstore_read() gives it: the stream, then the notice. */
function compressedRecord(stream: Uint8Array, notice: Uint8Array) {
  const record = pstoreRecordInit(PSTORE_TYPE.DMESG);
  record.buf = new Uint8Array(stream.length + notice.length);
  record.buf.set(stream);
  record.buf.set(notice, stream.length);
  record.size = stream.length;
  record.eccNoticeSize = notice.length;
  record.compressed = true;
  return record;
}

/**
 * Inflates into one shared arena, each text followed by spare bytes that
 * belong to the arena (as a pool would): an inflate that ignores `room`.
 */
function arenaInflate(): { inflate: NativeInflate; arena: Uint8Array } {
  const arena = new Uint8Array(1 << 20).fill(0xee);
  let at = 0;
  const inflate: NativeInflate = (stream, windowBits, limit) => {
    const t = inflateOneShot(stream, pstoreCompressor(V6_12, { bufsize: BUFSIZE }).params!, limit);
    if (!t) return null;
    if (at + t.length + 64 > arena.length) at = 0;
    arena.set(t, at);
    const out = arena.subarray(at, at + t.length);
    at += t.length + 64;
    return out;
  };
  return { inflate, arena };
}

describe('PstoreCompressor.decompress(stream, room)', () => {
  const builtin = pstoreCompressor(V6_12, { algorithm: 'deflate', bufsize: BUFSIZE });

  it('gives the same text with and without room, and the room after it (built-in inflate)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 200 }), (input, room) => {
        const stream = builtin.compress(input.subarray(0, builtin.bigOopsBufSize!));
        if (!stream) return;
        const plain = builtin.decompress(stream)!;
        const roomy = builtin.decompress(stream, room)!;
        expect(Buffer.from(roomy)).toEqual(Buffer.from(plain));
        expect(roomAfter(roomy)).toBeGreaterThanOrEqual(room);
      }),
      { numRuns: 150 }
    );
  });

  it('copies the text of an inflate that does not say it leaves room, leaving its buffer alone', () => {
    const { inflate, arena } = arenaInflate();
    const c = pstoreCompressor(V6_12, { algorithm: 'deflate', bufsize: BUFSIZE, inflate });
    const stream = builtin.compress(new TextEncoder().encode('usb 1-1: reset\n'.repeat(40)))!;
    const record = compressedRecord(stream, NOTICE);
    expect(decompressRecord(record, c)).toBeNull();
    const shown = new TextDecoder().decode(record.buf.subarray(0, record.size + NOTICE.length));
    expect(shown).toBe('usb 1-1: reset\n'.repeat(40) + new TextDecoder().decode(NOTICE));
    // The arena holds the text it inflated (at 0), and not one byte of the notice after it.
    expect(record.buf.buffer).not.toBe(arena.buffer);
    const spare = arena.subarray(record.size, record.size + 64);
    expect(spare.every((b) => b === 0xee)).toBe(true);
  });

  it('trusts an inflate that leaves room only as far as its buffer reaches', () => {
    // Says it leaves room but returns an exact buffer: the compressor still makes the room.
    const exact = Object.assign(
      (s: Uint8Array, w: number, limit: number) =>
        inflateOneShot(s, builtin.params!, limit) satisfies Uint8Array | null,
      { leavesRoom: true as const }
    );
    const c = pstoreCompressor(V6_12, { algorithm: 'deflate', bufsize: BUFSIZE, inflate: exact });
    const stream = builtin.compress(new TextEncoder().encode('a'.repeat(500)))!;
    const t = c.decompress(stream, 51)!;
    expect(t.length).toBe(500);
    expect(roomAfter(t)).toBeGreaterThanOrEqual(51);
  });

  it('leaves room after the text of every crypto algorithm (5.10)', () => {
    for (const algorithm of ['lzo', 'lz4', 'zstd'] as const) {
      const c = pstoreCompressor(V5_10, { algorithm, bufsize: BUFSIZE });
      const input = new TextEncoder().encode('eth0: link up\n'.repeat(100));
      const stream = c.compress(input)!;
      const t = c.decompress(stream, 33)!;
      expect(Buffer.from(t)).toEqual(Buffer.from(input));
      expect(roomAfter(t)).toBeGreaterThanOrEqual(33);
    }
  });
});

describe('decompressRecord() with an ECC notice', () => {
  it('shows the text and then the notice, whichever inflate expanded it', () => {
    const builtin = pstoreCompressor(V6_12, { algorithm: 'deflate', bufsize: BUFSIZE });
    const { inflate } = arenaInflate();
    const foreign = pstoreCompressor(V6_12, { algorithm: 'deflate', bufsize: BUFSIZE, inflate });
    fc.assert(
      fc.property(text, fc.boolean(), (input, withNotice) => {
        const part = input.subarray(0, builtin.bigOopsBufSize!);
        const stream = builtin.compress(part);
        if (!stream) return;
        const notice = withNotice ? NOTICE : new Uint8Array(0);
        for (const c of [builtin, foreign]) {
          const record = compressedRecord(stream, notice);
          expect(decompressRecord(record, c)).toBeNull();
          expect(record.compressed).toBe(false);
          expect(record.size).toBe(part.length);
          const shown = record.buf.subarray(0, record.size + record.eccNoticeSize);
          expect(Buffer.from(shown)).toEqual(Buffer.concat([part, notice]));
        }
      }),
      { numRuns: 100 }
    );
  });
});
