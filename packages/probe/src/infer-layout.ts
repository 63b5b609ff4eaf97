/**
 * A ramoops configuration read back from the zone headers of a region: the
 * dump zones are the leading run of equally spaced plain headers, the zones
 * after them are console, ftrace and pmsg in an era's order (ftrace headers
 * say which they are), each zone's size is the distance to the next header,
 * and the ECC size is the one whose header parity ends each zone.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() / ramoops_init_przs()
 * (the layout this inverts; PSTORE-SPEC §3.2), ram_core.c (ECC geometry §1.3).
 *
 * What cannot be read back exactly is said as evidence, not guessed
 * silently: mem_size past the last zone (slack), record_size where the split
 * dump area admits several powers of two, the size of a last zone without ECC
 * in a larger dump.
 */
import { ECC_SIZES_TRIED, headerEccSize, headerParityMatches } from './header-ecc.ts';
import type { ZoneHeader } from './zone-headers.ts';

/** One zone as inferred: where, how big, and of which type. */
export interface InferredZone {
  readonly type: 'dmesg' | 'console' | 'pmsg' | 'ftrace';
  readonly offset: number;
  readonly size: number;
}

/** A configuration that explains the headers, before verification against a kernel's layout. */
export interface InferredLayout {
  /** Where the region starts in the image. */
  readonly base: number;
  readonly memSize: number;
  /** True when mem_size is the image's length after `base` (the image is the region). */
  readonly memSizeExact: boolean;
  readonly recordSize: number;
  readonly dumpCount: number;
  readonly dumpZoneSize: number;
  readonly consoleSize: number;
  readonly pmsgSize: number;
  readonly ftraceSize: number;
  /** Per-CPU ftrace zones (RAMOOPS_FLAG_FTRACE_PER_CPU) and their count. */
  readonly ftraceZones: number;
  readonly eccSize: number;
  /** Order of the zones after the dumps, as found. */
  readonly order: readonly ('console' | 'pmsg' | 'ftrace')[];
  readonly zones: readonly InferredZone[];
  readonly evidence: readonly string[];
  /** Zone headers after the region's end that are not its own (another region's, stale zones'). */
  readonly foreignHeaders: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;
const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;
const floorPow2 = (n: number) => (n < 1 ? 0 : 2 ** Math.floor(Math.log2(n)));

/**
 * The layouts that explain `headers` (relative to the image), best first;
 * empty when they explain none. `regionEnd` is where the region ends when
 * the image is the region, else null (a larger dump).
 */
export function inferLayouts(
  image: Uint8Array,
  headers: readonly ZoneHeader[],
  base: number,
  regionEnd: number | null
): InferredLayout[] {
  const hs = headers.filter(
    (h) => h.offset >= base && (regionEnd === null || h.offset < regionEnd)
  );
  if (!hs.length || hs[0]!.offset !== base) return [];
  // The leading run of plain headers at equal spacing: the dump zones.
  let run = 1;
  const d = hs.length > 1 ? hs[1]!.offset - base : 0;
  if (d > 12 && hs[0]!.kind === 'plain') {
    while (run < hs.length && hs[run]!.kind === 'plain' && hs[run]!.offset === base + run * d) {
      run++;
    }
  }
  const out: InferredLayout[] = [];
  // A console or pmsg zone of exactly the dump zones' size continues the run:
  // try the run as found and with its last one or two zones given back.
  for (const giveBack of [0, 1, 2]) {
    const dumps = run - giveBack;
    if (dumps < 0 || (giveBack > 0 && dumps < 1)) continue;
    for (const lone of LONE_PLAIN) {
      const layout = explain(image, hs, base, regionEnd, dumps > 0 && d > 12 ? dumps : 0, d, lone);
      if (layout && !out.some((l) => sameLayout(l, layout))) out.push(layout);
    }
  }
  // A region with no dump zones starts with its console (or pmsg/ftrace).
  if (hs[0]!.kind === 'plain' && run === 1) {
    for (const lone of LONE_PLAIN) {
      const layout = explain(image, hs, base, regionEnd, 0, 0, lone);
      if (layout && !out.some((l) => sameLayout(l, layout))) out.push(layout);
    }
  }
  // The headers need not all be this region's: another region may follow,
  // or the zones of an earlier configuration (RAM keeps them across warm
  // reboots), also where the image ends with them (the region is then not
  // the whole image). When all of them explain nothing, the region is the
  // longest run of them that does: its dumps, then as many zones as a layout
  // has (at most 3 + 64 per-CPU ftrace), ending before the next header.
  for (let take = MAX_SINGLES; !out.length && take >= 0; take--) {
    for (const giveBack of [0, 1, 2]) {
      const dumps = run - giveBack;
      if (dumps < 1) continue;
      for (const lone of LONE_PLAIN) {
        const layout = explain(image, hs, base, null, d > 12 ? dumps : 0, d, lone, take);
        if (layout && !out.some((l) => sameLayout(l, layout))) out.push(layout);
      }
    }
  }
  return out;
}

/** Zones after the dumps: console, pmsg, and ftrace (one, or one per CPU up to 64). */
const MAX_SINGLES = 3 + 64;

/**
 * One plain zone after the dumps and before any ftrace zone is the console,
 * or a pmsg zone of a kernel without a console zone (6.2+ put pmsg before
 * ftrace): both are tried, and the content ranks them (probe-image.ts).
 */
const LONE_PLAIN = ['console', 'pmsg'] as const;

const sameLayout = (a: InferredLayout, b: InferredLayout) =>
  a.zones.length === b.zones.length &&
  a.zones.every((z, i) => z.type === b.zones[i]!.type && z.size === b.zones[i]!.size) &&
  a.memSize === b.memSize;

function explain(
  image: Uint8Array,
  hs: readonly ZoneHeader[],
  base: number,
  regionEnd: number | null,
  dumps: number,
  d: number,
  lone: 'console' | 'pmsg',
  take?: number
): InferredLayout | null {
  const evidence: string[] = [];
  let singles = hs.slice(dumps).filter((h) => h.offset >= base + dumps * d);
  // `take`: only that many zones after the dumps are the region's; the
  // headers from the next one on are something else's, and the region ends before it.
  let beyond: ZoneHeader | undefined;
  if (take !== undefined) {
    beyond = singles[take];
    if (!beyond) return null;
    singles = singles.slice(0, take);
    if (base + dumps * d > beyond.offset) return null;
  }
  // Zones after the dumps are contiguous from the dump area's end.
  const zonesStart = base + dumps * d;
  if (singles.length && singles[0]!.offset !== zonesStart) return null;
  if (singles.length > MAX_SINGLES) return null;

  // ECC from the first zone whose end is known (the next header).
  const firstEnd = hs.length > 1 ? hs[1]!.offset : null;
  const eccSize = firstEnd === null ? 0 : headerEccSize(image, base, firstEnd);
  if (eccSize) {
    evidence.push(
      `ECC ${eccSize}: the last ${eccSize} bytes of the first zone are the Reed–Solomon parity of its header`
    );
  } else {
    evidence.push(
      `ECC off: no parity of the first zone’s header at its end (tried ${ECC_SIZES_TRIED.length} sizes from 2 to 254 parity bytes)`
    );
  }

  // Types of the singles, in order: ftrace headers say so; plain ones are
  // the console before ftrace/pmsg, pmsg after.
  const order: ('console' | 'pmsg' | 'ftrace')[] = [];
  const zones: InferredZone[] = [];
  for (let i = 0; i < dumps; i++) zones.push({ type: 'dmesg', offset: base + i * d, size: d });
  let ftraceZones = 0;
  let plainSeen = 0;
  // Plain zones before the first ftrace zone: one alone may be the console or pmsg.
  const firstFtrace = singles.findIndex((h) => h.kind === 'ftrace');
  const plainsBeforeFtrace = singles
    .slice(0, firstFtrace < 0 ? singles.length : firstFtrace)
    .filter((h) => h.kind === 'plain').length;
  for (let i = 0; i < singles.length; i++) {
    const h = singles[i]!;
    let type: InferredZone['type'];
    if (h.kind === 'ftrace') {
      type = 'ftrace';
      ftraceZones++;
    } else {
      // console comes first in every era; a plain zone after ftrace, or a second plain one, is pmsg.
      type =
        plainSeen === 0 && ftraceZones === 0
          ? plainsBeforeFtrace === 1
            ? lone
            : 'console'
          : 'pmsg';
      plainSeen++;
      if (plainSeen > 2) return null;
    }
    if (order.at(-1) !== type) order.push(type);
    const next = singles[i + 1]?.offset;
    let size: number;
    if (next !== undefined) size = next - h.offset;
    else {
      // The last zone before a header that is not the region's ends at or before it.
      const last = lastZoneSize(image, h, regionEnd, eccSize, base, beyond?.offset);
      if (!last) return null;
      size = last.size;
      if (last.why) evidence.push(last.why);
    }
    zones.push({ type, offset: h.offset, size });
  }
  if (new Set(order).size !== order.length) return null; // a type twice, apart: not one layout

  const sizeOf = (t: InferredZone['type']) =>
    zones.filter((z) => z.type === t).reduce((n, z) => n + z.size, 0);
  const consoleSize = sizeOf('console');
  const pmsgSize = sizeOf('pmsg');
  const ftraceZoneSize = zones.find((z) => z.type === 'ftrace')?.size ?? 0;
  // Per-CPU zones: ftrace_size / count each (rounded to even on fixed kernels).
  const ftraceSize =
    ftraceZones > 1 ? floorPow2(ftraceZoneSize * ftraceZones + ftraceZones) : ftraceZoneSize;
  for (const [name, n] of [
    ['console', consoleSize],
    ['pmsg', pmsgSize],
    ['ftrace', ftraceSize]
  ] as const) {
    if (n && !isPow2(n)) return null; // the kernel rounds these down to powers of two
    if (n) evidence.push(`${name} zone of ${hex(n)} bytes`);
  }
  const end = zones.length ? Math.max(...zones.map((z) => z.offset + z.size)) : base;
  let memSize = end - base;
  const singlesTotal = consoleSize + pmsgSize + ftraceSize;
  // The image's end is the region's only where the dump zones come out of it
  // as they are: else the image goes on past the region (a RAM dump).
  const memSizeExact =
    regionEnd !== null &&
    regionEnd - base >= memSize &&
    (dumps === 0 || recordSizeFor(regionEnd - base - singlesTotal, dumps, d) > 0);
  if (memSizeExact) {
    memSize = regionEnd - base;
    evidence.push(`mem_size ${hex(memSize)}: the image is the region`);
  } else {
    // mem_size reserves whole pages (memmap=, reserved-memory): take the
    // page boundary after the last zone when the dump zones come out the same.
    const paged = Math.ceil(memSize / 4096) * 4096;
    if (paged !== memSize && (dumps === 0 || recordSizeFor(paged - singlesTotal, dumps, d))) {
      evidence.push(
        `mem_size ${hex(paged)}: the last zone ends at ${hex(memSize)}, rounded up to a 4 KiB ` +
          'page (slack after the zones cannot be seen)'
      );
      memSize = paged;
    } else {
      evidence.push(
        `mem_size ${hex(memSize)}: where the last zone ends (slack after it cannot be seen)`
      );
    }
  }
  const foreignHeaders = beyond ? hs.length - hs.indexOf(beyond) : 0;
  if (beyond) {
    evidence.push(
      `${foreignHeaders} zone header(s) from ${hex(beyond.offset)} on are not this region's: another ` +
        'region follows, or zones an earlier configuration left'
    );
  }
  let recordSize = 0;
  if (dumps > 0) {
    recordSize = recordSizeFor(memSize - singlesTotal, dumps, d);
    if (!recordSize) return null;
    evidence.push(
      `${dumps} dump zone(s) of ${hex(d)} bytes` +
        (d === recordSize
          ? ` (record_size ${hex(recordSize)})`
          : `: record_size ${hex(recordSize)} split evenly`)
    );
  }
  return {
    base,
    memSize,
    memSizeExact,
    recordSize,
    dumpCount: dumps,
    dumpZoneSize: d,
    consoleSize,
    pmsgSize,
    ftraceSize,
    ftraceZones,
    eccSize,
    order,
    zones,
    evidence,
    foreignHeaders
  };
}

/**
 * record_size: a power of two r with ⌊dumpMem / r⌋ = count whose zones come
 * out `d` bytes — exactly r (4.9), or ⌊dumpMem / count⌋, possibly rounded
 * down to even (4.10+). 0 when none fits.
 */
function recordSizeFor(dumpMem: number, count: number, d: number): number {
  for (let r = floorPow2(d); r >= 16; r /= 2) {
    if (Math.floor(dumpMem / r) !== count) continue;
    const split = Math.floor(dumpMem / count);
    if (d === r || d === split || d === (split & ~1)) return r;
  }
  return 0;
}

/**
 * The size of the region's last zone: with ECC, the power of two whose end
 * carries the header's parity; else up to the region's end (the largest
 * power of two that fits: a smaller zone with slack after it reads the
 * same). In a larger dump (up to `limit`, the next header that is not the
 * region's, or the image's end), the power of two whose end carries the
 * header's ECC parity; without ECC nothing marks the end, so the size that
 * makes mem_size a power of two (as boards reserve it: 1 MiB, 2 MiB), else
 * the smallest that holds what the header says, and `why` says it was
 * chosen so.
 */
function lastZoneSize(
  image: Uint8Array,
  h: ZoneHeader,
  regionEnd: number | null,
  eccSize: number,
  base: number,
  limit = image.length
): { readonly size: number; readonly why?: string } | null {
  if (regionEnd !== null) {
    const fits = floorPow2(regionEnd - h.offset);
    // With ECC the header's parity marks the zone's end exactly (slack may follow).
    for (let s = fits; eccSize && s >= 2 * eccSize + 12; s /= 2) {
      if (headerParityMatches(image, h.offset, h.offset + s, eccSize)) return { size: s };
    }
    return fits > 12 ? { size: fits } : null;
  }
  const sizes: number[] = [];
  const min = Math.max(16, h.size + 12);
  for (let s = 2 ** Math.ceil(Math.log2(min)); h.offset + s <= limit && s <= 1 << 30; s *= 2) {
    if (eccSize && headerParityMatches(image, h.offset, h.offset + s, eccSize)) return { size: s };
    sizes.push(s);
  }
  if (eccSize || !sizes.length) return null;
  // mem_size: where the zones end, up to the next page (the dump zones' split leaves slack).
  const memSize = (s: number) => Math.ceil((h.offset + s - base) / 4096) * 4096;
  const pow2 = sizes.find((s) => isPow2(memSize(s)));
  const size = pow2 ?? sizes[0]!;
  return {
    size,
    why:
      `the last zone's end cannot be seen without ECC: ${hex(size)} bytes, ` +
      (pow2
        ? `which make mem_size a power of two (${hex(memSize(size))})`
        : `the least power of two that holds the ${h.size} bytes its header says it holds`)
  };
}
