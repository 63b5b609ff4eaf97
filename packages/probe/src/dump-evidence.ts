/**
 * What the dump records of a region say about the layout and the kernel:
 * a zone holding a ramoops dump header ("====<sec>.<usec>-<C|D>") is a dmesg
 * zone, a zone with other bytes is not; the header's form and the
 * zlib container of a compressed stream dates the writer.
 * Kernel counterpart: fs/pstore/ram.c ramoops_write_kmsg_hdr() (the header's
 * form per era: PSTORE-SPEC §4.1), platform.c pstore_compress() (zlib-wrapped
 * deflate up to 4.16, raw deflate from 4.17: §4.3).
 */
import type { InferredZone } from './infer-layout.ts';
import type { ZoneHeader } from './zone-headers.ts';

/** The header of a dump as the writer printed it (up to its newline). */
const DUMP_HEADER = /^====(\d+)\.(\d+)(?:-([CD]))?\n/;

export interface DumpEvidence {
  /** Zones typed dmesg that hold data which is not a dump. */
  readonly notDumps: number;
  /** Zones typed console or pmsg that hold a dump header. */
  readonly dumpsElsewhere: number;
  /**
   * Zones whose text disagrees with their type: a console zone without
   * printk's "[    1.234567] " lines, a pmsg zone that holds them.
   */
  readonly textMismatch: number;
  /** The newest kernel the dumps allow (unpadded usec: ≤ 4.18; zlib container: ≤ 4.16), or null. */
  readonly atMost: string | null;
  /** The oldest kernel the dump headers allow (padded usec: ≥ 4.19), or null. */
  readonly atLeast: string | null;
  readonly words: readonly string[];
}

/** The dump header at the start of a zone's data (the first 40 bytes as Latin-1). */
function dumpHeader(region: Uint8Array, zone: InferredZone, used: number) {
  const at = zone.offset + 12;
  const text = String.fromCharCode(...region.subarray(at, at + Math.min(used, 40)));
  const m = DUMP_HEADER.exec(text);
  if (!m) return null;
  const cmf = region[at + m[0].length] ?? 0;
  const flg = region[at + m[0].length + 1] ?? 0;
  // A zlib stream: CMF says deflate with a window of 32 KiB or less, and
  // CMF·256 + FLG is a multiple of 31 (RFC 1950's header check).
  const zlib = (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0;
  return { usecDigits: m[2]!.length, usec: Number(m[2]), compressed: m[3] === 'C', zlib };
}

/** printk's console line: "[    5.123456] " (CONFIG_PRINTK_TIME), possibly after a "<6>" level. */
const PRINTK_LINE = /^(<\d>)?\[\s*\d+\.\d{6}\] /;

/** Whether a ring zone's text reads as console output (its oldest kept line may be cut). */
function looksLikeConsole(region: Uint8Array, zone: InferredZone, h: ZoneHeader): boolean {
  const at = zone.offset + 12;
  const text = String.fromCharCode(...region.subarray(at, at + Math.min(h.size, 512)));
  return text
    .split('\n')
    .slice(0, 4)
    .some((line) => PRINTK_LINE.test(line));
}

export function dumpEvidence(
  region: Uint8Array,
  zones: readonly InferredZone[],
  headers: ReadonlyMap<number, ZoneHeader>
): DumpEvidence {
  let notDumps = 0;
  let textMismatch = 0;
  let dumpsElsewhere = 0;
  let atMost: string | null = null;
  let atLeast: string | null = null;
  const words: string[] = [];
  for (const z of zones) {
    const h = headers.get(z.offset);
    if (!h || h.size === 0 || z.type === 'ftrace') continue;
    const dump = dumpHeader(region, z, h.size);
    if (z.type !== 'dmesg') {
      if (dump) dumpsElsewhere++;
      else if ((z.type === 'console') !== looksLikeConsole(region, z, h)) textMismatch++;
      continue;
    }
    if (!dump) {
      notDumps++;
      continue;
    }
    // ≥ 4.19 prints usec as %06lu; before, %lu: fewer than 6 digits dates it.
    if (dump.usecDigits < 6 && atMost === null) {
      atMost = '4.18';
      words.push(
        `a dump header with unpadded microseconds ("${dump.usec}"): written by 4.18 or older`
      );
    } else if (dump.usecDigits === 6 && dump.usec < 100000 && atLeast === null) {
      atLeast = '4.19';
      words.push('a dump header with microseconds padded to 6 digits: written by 4.19 or later');
    }
    if (dump.compressed && dump.zlib && atMost !== '4.16') {
      atMost = '4.16';
      words.push('a compressed dump in a zlib container: written by 4.16 or older');
    }
    // A stream in no zlib container dates nothing by itself: raw deflate is
    // 4.17+, but lzo and lz4 were 4.7–4.16 build choices too (dump-compressor.ts
    // names the algorithm, and probe-image.ts dates it).
  }
  if (notDumps) {
    words.push(`${notDumps} zone(s) taken for dump zones hold data without a dump header`);
  }
  if (dumpsElsewhere) words.push(`${dumpsElsewhere} console or pmsg zone(s) hold a dump header`);
  if (textMismatch) {
    words.push(`${textMismatch} console or pmsg zone(s) whose text reads as the other kind`);
  }
  return { notDumps, dumpsElsewhere, textMismatch, atMost, atLeast, words };
}
