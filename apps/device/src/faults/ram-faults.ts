/**
 * Faults injected into persistent RAM between a crash and the next boot:
 * flipped bits (in a zone's used data, or at an offset) and zone headers
 * corrupted the ways users report from the field (a signature bit flipped,
 * `size` lost to 0 because the header never left the CPU cache, `size`
 * huge). Each returns what it did, in words.
 * Kernel counterpart: none (what the hardware does to the region).
 */
import {
  PRZ_HEADER,
  PRZ_HEADER_SIZE,
  persistentRamGeometry,
  sharedRsCodec
} from '@pstore/ram-core';
import { zoneLabel, type DeviceConfig } from '../device-config.ts';
import { DeviceError, type PersistentRam } from '../hardware/ram.ts';
import type { Prng } from './prng.ts';

export type HeaderFault = 'sig' | 'size0' | 'size-huge';
export const HEADER_FAULTS: readonly HeaderFault[] = ['sig', 'size0', 'size-huge'];

const hex = (n: number) => `0x${n.toString(16)}`;

/** Flips the lowest bit of `count` consecutive bytes from `offset` (count symbol errors). */
export function flipAt(ram: PersistentRam, offset: number, count: number): string {
  if (offset < 0 || offset + count > ram.size) {
    throw new DeviceError(`flip ${hex(offset)} ${count}: outside the ${hex(ram.size)}-byte region`);
  }
  for (let i = 0; i < count; i++) ram.bytes[offset + i] = ram.bytes[offset + i]! ^ 1;
  return `flipped bit 0 of ${count} byte(s) at ${hex(offset)}..${hex(offset + count - 1)}`;
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
): string {
  const z = cfg.layout.zones[zone]!;
  const view = new DataView(ram.sab, z.offset, PRZ_HEADER_SIZE);
  const size = Math.min(view.getUint32(PRZ_HEADER.SIZE, true), z.dataCapacity);
  const base = size > 0 ? z.offset + PRZ_HEADER_SIZE : z.offset;
  const span = size > 0 ? size : PRZ_HEADER_SIZE;
  const bytes = rng.distinct(count, span);
  for (const b of bytes) ram.bytes[base + b] = ram.bytes[base + b]! ^ (1 << rng.int(8));
  const where = size > 0 ? `its ${size} used data bytes` : 'its header (the zone is empty)';
  return `${zoneLabel(cfg, zone)}: flipped ${bytes.length} bit(s) in ${where}`;
}

/** Corrupts a zone header as reported in the field. */
export function corruptHeader(
  ram: PersistentRam,
  cfg: DeviceConfig,
  zone: number,
  fault: HeaderFault,
  rng: Prng
): string {
  const z = cfg.layout.zones[zone]!;
  const view = new DataView(ram.sab, z.offset, PRZ_HEADER_SIZE);
  const name = zoneLabel(cfg, zone);
  switch (fault) {
    case 'sig': {
      // A bit flipped in RAM: the parity is not updated (ECC may correct it).
      const bit = rng.int(32);
      view.setUint32(
        PRZ_HEADER.SIG,
        view.getUint32(PRZ_HEADER.SIG, true) ^ ((1 << bit) >>> 0),
        true
      );
      return `${name}: flipped bit ${bit} of the signature`;
    }
    case 'size0': {
      // The header never left the CPU cache: RAM holds the header (and its
      // parity) of the zone as zapped at boot, consistent with each other.
      view.setUint32(PRZ_HEADER.START, 0, true);
      view.setUint32(PRZ_HEADER.SIZE, 0, true);
      const ecc = cfg.config.ecc;
      if (ecc.eccSize) {
        const g = persistentRamGeometry(z.size, ecc);
        const codec = sharedRsCodec(g.eccSize, g.poly);
        codec.encodeInto(
          ram.bytes,
          z.offset,
          PRZ_HEADER_SIZE,
          ram.bytes,
          z.offset + g.parHeaderOffset
        );
      }
      return `${name}: start and size lost to 0 (a stale header, parity consistent with it)`;
    }
    case 'size-huge': {
      const huge = 0x40000000;
      view.setUint32(PRZ_HEADER.SIZE, huge, true);
      return `${name}: size overwritten with ${hex(huge)} (1 GiB)`;
    }
  }
}
