/**
 * ECC faults: bytes of a kernel-written region are XOR-ed with non-zero
 * masks at places named by zone, area and ECC block (data, its parity, the
 * 12-byte zone header, the header's parity), using the zone map of
 * `pstore layout`. The damaged image is then read by a fresh VM; the
 * kernel's corrected/unrecoverable counts must equal pstore-ts's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstalledKernel } from '../kernels.ts';
import { layout, type LayoutZone } from '../pstore-cli.ts';
import { readImage } from './kernel-reads.ts';
import type { KernelRun } from './kernel-writes.ts';
import { paramWords } from './params.ts';
import type { EccFault, EccFaultCase } from './types.ts';

const BLOCK = 128;
const HEADER = 12;

/** ramoops.ecc as parity bytes per block (1 means 16). */
function eccBytes(ecc: number | undefined): number {
  return ecc === 1 ? 16 : (ecc ?? 0);
}

/** A non-zero XOR mask for the i-th flipped byte. */
function mask(i: number): number {
  return (i * 37 + 11) & 0xff || 0x5a;
}

/** Absolute [start, length) of the area a fault names. */
function faultArea(f: EccFault, zones: readonly LayoutZone[], ecc: number): [number, number] {
  const z = zones.find((x) => x.type === f.zone && x.index === (f.index ?? 0));
  if (!z) throw new Error(`no ${f.zone} zone ${f.index ?? 0} in this layout`);
  const cap = z.dataCapacity;
  const block = f.block ?? 0;
  switch (f.area) {
    case 'header':
      return [z.offset, HEADER];
    case 'header-parity':
      return [z.offset + z.size - ecc, ecc];
    case 'data': {
      const start = block * BLOCK;
      if (start >= cap) throw new Error(`block ${block} is beyond the ${cap}-byte data area`);
      return [z.offset + HEADER + start, Math.min(BLOCK, cap - start)];
    }
    case 'parity':
      return [z.offset + HEADER + cap + block * ecc, ecc];
  }
}

/** Applies the faults to `image` in place; returns a description of each. */
function applyFaults(
  image: Uint8Array,
  faults: readonly EccFault[],
  zones: readonly LayoutZone[],
  ecc: number
): string[] {
  const done: string[] = [];
  for (const f of faults) {
    const [start, len] = faultArea(f, zones, ecc);
    const from = f.offset ?? 0;
    if (from + f.count > len) {
      throw new Error(`${f.count} bytes from ${from} do not fit the ${len}-byte ${f.area} area`);
    }
    for (let i = 0; i < f.count; i++) image[start + from + i]! ^= mask(i);
    done.push(
      `${f.zone} ${f.index ?? 0} ${f.area}${f.area === 'data' || f.area === 'parity' ? ` block ${f.block ?? 0}` : ''}: ${f.count} byte(s) at 0x${(start + from).toString(16)}`
    );
  }
  return done;
}

export async function runEccFaults(
  c: EccFaultCase,
  k: InstalledKernel,
  dir: string,
  source: string | undefined
): Promise<KernelRun> {
  if (!source) throw new Error(`case ${c.from} produced no region to damage`);
  const ecc = eccBytes(c.params.ecc);
  if (!ecc) throw new Error('ECC fault cases need ECC on');
  const zones = await layout(paramWords(c.params), k.version, c.cpus ?? 1);
  const image = new Uint8Array(readFileSync(source));
  const done = applyFaults(image, c.faults, zones, ecc);
  const out = join(dir, 'faulted.bin');
  writeFileSync(out, image);
  const run = await readImage(c, k, dir, out);
  return { ...run, notes: [...run.notes, ...done] };
}
