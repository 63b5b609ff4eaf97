/**
 * Faults injected into persistent RAM between a crash and the next boot:
 * flipped bits (in a zone's used data, or at an offset) and zone headers
 * corrupted the ways users report from the field (a signature bit flipped,
 * `size` lost to 0 because the header never left the CPU cache, `size` or
 * `start` huge). Each returns what it did, as the ledger records it.
 *
 * A header fault comes in two forms that reach different kernel paths:
 * `stale` parity (bits changed in RAM after the parity was made: with ECC on
 * and within its capacity, persistent_ram_post_init() sees the corrected
 * header and nothing is lost) and `consistent` parity (the wrong header with
 * parity made for it: ECC has nothing to correct, and the kernel must reject
 * the zone — "no valid data" or "found existing invalid buffer").
 * Kernel counterpart: none (what the hardware does to the region).
 */
import {
  PRZ_HEADER,
  PRZ_HEADER_SIZE,
  persistentRamGeometry,
  sharedRsCodec
} from '@pstore/ram-core';
import { KMSG_HEADER_SIZE, PSZ_HEADER_SIZE } from '@pstore/pstore-zone';
import { zoneAt, zoneLabel, type DeviceConfig } from '../device-config.ts';
import { DeviceError, type PersistentRam } from '../hardware/ram.ts';
import type { HeaderParity, InjectedFault } from './injected.ts';
import type { Prng } from './prng.ts';

/** The header faults, by the name scripts and campaigns use. */
export const HEADER_FAULTS = [
  'sig',
  'size0',
  'size-huge',
  'start-huge',
  'sig-parity',
  'size-huge-parity',
  'start-huge-parity'
] as const;
export type HeaderFault = (typeof HEADER_FAULTS)[number];

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * Where a zone header keeps its fields: ram-core's persistent_ram_buffer
 * (sig, start, size), or pstore/zone's psz_buffer (sig, datalen, start),
 * whose datalen plays size's part.
 */
function headerOf(cfg: DeviceConfig) {
  return cfg.blk
    ? { SIG: 0, SIZE: 4, START: 8, bytes: PSZ_HEADER_SIZE }
    : { ...PRZ_HEADER, bytes: PRZ_HEADER_SIZE };
}

/** Whether byte `at` of the region is in zone `z`'s header or the header's parity. */
function inHeader(cfg: DeviceConfig, zone: number, at: number): boolean {
  if (cfg.blk) {
    // struct psz_buffer, and a dump zone's struct psz_kmsg_header after it.
    const z = cfg.zones[zone]!;
    const headers = PSZ_HEADER_SIZE + (z.type === 'dmesg' ? KMSG_HEADER_SIZE : 0);
    return at < z.offset + headers;
  }
  const z = cfg.layout.zones[zone]!;
  if (at < z.offset + PRZ_HEADER_SIZE) return true;
  const ecc = cfg.config.ecc;
  if (!ecc.eccSize) return false;
  const g = persistentRamGeometry(z.size, ecc);
  return at >= z.offset + g.parHeaderOffset && at < z.offset + g.parHeaderOffset + g.eccSize;
}

/**
 * Flips the lowest bit of `count` consecutive bytes from `offset` (count
 * symbol errors); one ledger entry per zone the bytes fall in (none for slack).
 */
export function flipAt(
  ram: PersistentRam,
  cfg: DeviceConfig,
  offset: number,
  count: number
): { readonly words: string; readonly faults: InjectedFault[] } {
  if (offset < 0 || count < 0 || offset + count > ram.size) {
    throw new DeviceError(`flip ${hex(offset)} ${count}: outside the ${hex(ram.size)}-byte region`);
  }
  for (let i = 0; i < count; i++) ram.bytes[offset + i] = ram.bytes[offset + i]! ^ 1;
  const words = `flipped bit 0 of ${count} byte(s) at ${hex(offset)}..${hex(offset + count - 1)}`;
  const touched = new Map<number, boolean>();
  for (let i = 0; i < count; i++) {
    const zone = zoneAt(cfg, offset + i);
    if (zone === null) continue;
    touched.set(zone, (touched.get(zone) ?? false) || inHeader(cfg, zone, offset + i));
  }
  const faults: InjectedFault[] = [...touched].map(([zone, header]) => ({
    kind: 'flip',
    zone: zoneLabel(cfg, zone),
    header,
    words: `${zoneLabel(cfg, zone)}: ${words}`
  }));
  return { words, faults };
}

/**
 * Flips one random bit in each of `count` distinct random bytes of the
 * zone's used data (its header's `size`; the header itself when empty).
 */
export function flipZone(
  ram: PersistentRam,
  cfg: DeviceConfig,
  zone: number,
  count: number,
  rng: Prng
): InjectedFault {
  const z = cfg.zones[zone]!;
  const h = headerOf(cfg);
  const view = new DataView(ram.sab, z.offset, h.bytes);
  // A pstore/zone dump's datalen counts its kmsg header, a header of its
  // own (magic, time, counter): the flips go to the dump's text after it.
  const sub = cfg.blk && z.type === 'dmesg' ? KMSG_HEADER_SIZE : 0;
  const size = Math.max(0, Math.min(view.getUint32(h.SIZE, true) - sub, z.dataCapacity));
  const base = size > 0 ? z.offset + h.bytes + sub : z.offset;
  const span = size > 0 ? size : h.bytes;
  const bytes = rng.distinct(count, span);
  for (const b of bytes) ram.bytes[base + b] = ram.bytes[base + b]! ^ (1 << rng.int(8));
  const where = size > 0 ? `its ${size} used data bytes` : 'its header (the zone is empty)';
  const label = zoneLabel(cfg, zone);
  return {
    kind: 'flip',
    zone: label,
    header: size === 0,
    words: `${label}: flipped ${bytes.length} bit(s) in ${where}`
  };
}

/** Re-makes the header's parity from the header as it now is (ECC on only). */
function remakeHeaderParity(ram: PersistentRam, cfg: DeviceConfig, zone: number): void {
  const z = cfg.layout.zones[zone]!;
  const ecc = cfg.config.ecc;
  if (!ecc.eccSize) return;
  const g = persistentRamGeometry(z.size, ecc);
  sharedRsCodec(g.eccSize, g.poly).encodeInto(
    ram.bytes,
    z.offset,
    PRZ_HEADER_SIZE,
    ram.bytes,
    z.offset + g.parHeaderOffset
  );
}

/** Corrupts a zone header as reported in the field (see HEADER_FAULTS). */
export function corruptHeader(
  ram: PersistentRam,
  cfg: DeviceConfig,
  zone: number,
  fault: HeaderFault,
  rng: Prng
): InjectedFault {
  const consistent = fault.endsWith('-parity');
  if (cfg.blk && consistent) {
    throw new DeviceError(
      `corrupt ${fault}: pstore/blk headers have no ECC parity; give ${fault.replace('-parity', '')}`
    );
  }
  const z = cfg.zones[zone]!;
  const PRZ_HEADER = headerOf(cfg);
  const view = new DataView(ram.sab, z.offset, PRZ_HEADER.bytes);
  const name = zoneLabel(cfg, zone);
  const parity: HeaderParity = consistent || fault === 'size0' ? 'consistent' : 'stale';
  const made = consistent ? ', parity made consistent with it' : '';
  let words: string;
  let field: 'sig' | 'start' | 'size' | 'size0';
  switch (fault) {
    case 'sig':
    case 'sig-parity': {
      const bit = rng.int(32);
      const sig = view.getUint32(PRZ_HEADER.SIG, true) ^ ((1 << bit) >>> 0);
      view.setUint32(PRZ_HEADER.SIG, sig >>> 0, true);
      field = 'sig';
      words = `${name}: flipped bit ${bit} of the signature${made}`;
      break;
    }
    case 'size0':
      // The header never left the CPU cache: RAM holds the header (and its
      // parity) of the zone as zapped at boot, consistent with each other.
      view.setUint32(PRZ_HEADER.START, 0, true);
      view.setUint32(PRZ_HEADER.SIZE, 0, true);
      field = 'size0';
      words = `${name}: start and size lost to 0 (a stale header, parity consistent with it)`;
      break;
    case 'size-huge':
    case 'size-huge-parity': {
      // Beyond the zone, whatever its size: "found existing invalid buffer".
      const huge = 0x40000000;
      view.setUint32(PRZ_HEADER.SIZE, huge, true);
      field = 'size';
      words = `${name}: size overwritten with ${hex(huge)} (1 GiB)${made}`;
      break;
    }
    case 'start-huge':
    case 'start-huge-parity': {
      // start > size with size itself valid: the other half of the check.
      const size = view.getUint32(PRZ_HEADER.SIZE, true);
      const start = Math.min(size, z.dataCapacity) + 1 + rng.int(4096);
      view.setUint32(PRZ_HEADER.START, start, true);
      field = 'start';
      words = `${name}: start overwritten with ${start} (beyond size ${size})${made}`;
      break;
    }
  }
  if (parity === 'consistent' && !cfg.blk) remakeHeaderParity(ram, cfg, zone);
  return { kind: 'header', zone: name, field, parity, words };
}
