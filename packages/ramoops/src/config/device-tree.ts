/**
 * ramoops configuration from a device-tree source: the node with
 * compatible = "ramoops" (normally a child of /reserved-memory), its reg and
 * its size/flag properties, with the DT defaults (sizes 0, flags 0).
 * Kernel counterpart: fs/pstore/ram.c ramoops_parse_dt(), ramoops_parse_dt_u32();
 * drivers/of/address.c of_n_addr_cells()/of_n_size_cells().
 */
import { RamCoreError } from '@pstore/ram-core';
import type { RamoopsEra } from '../era.ts';
import { dtPath, parseDts, walkDt, type DtNode } from './dts-tree.ts';
import { hex, sizeToNumber } from './sizes.ts';
import { INT_MAX, KMSG_DUMP_OOPS, KMSG_DUMP_PANIC, type RamoopsConfig } from './types.ts';

/** Properties ramoops or the generic reserved-memory code reads; anything else draws a warning. */
const KNOWN_PROPERTIES = new Set([
  'compatible',
  'reg',
  'status',
  'phandle',
  'linux,phandle',
  'no-map',
  'reusable',
  'size',
  'alignment',
  'alloc-ranges',
  'memory-region',
  'record-size',
  'console-size',
  'ftrace-size',
  'pmsg-size',
  'ecc-size',
  'flags',
  'mem-type',
  'max-reason',
  'unbuffered',
  'no-dump-oops'
]);

const baseName = (node: DtNode): string => node.name.split('@')[0] ?? node.name;

function strings(node: DtNode, prop: string): string[] {
  return (node.properties.get(prop)?.values ?? []).flatMap((v) =>
    v.kind === 'string' ? v.text.split('\0') : []
  );
}

/** The cells of a property (all <…> groups in order), or null when it is absent. */
function cellsOf(node: DtNode, prop: string): bigint[] | null {
  const p = node.properties.get(prop);
  if (!p) return null;
  const where = `${dtPath(node)} ${prop} (line ${p.line})`;
  const out: bigint[] = [];
  for (const v of p.values) {
    if (v.kind !== 'cells' || v.bits !== 32) {
      throw new RamCoreError(
        'EINVAL',
        `failed to parse property ${where}: expected <32-bit cells>`
      );
    }
    for (const c of v.cells) {
      if (c === null) throw new RamCoreError('EINVAL', `${where}: a &reference is not a number`);
      out.push(c);
    }
  }
  return out;
}

/** #address-cells / #size-cells as of_n_addr_cells() finds them: the parent, then its ancestors. */
function inheritedCells(node: DtNode, prop: string): number | null {
  for (let n = node.parent; n; n = n.parent) {
    const cells = cellsOf(n, prop);
    if (cells?.[0] !== undefined) return Number(cells[0]);
  }
  return null;
}

const join = (cells: readonly bigint[]): bigint => cells.reduce((acc, c) => (acc << 32n) | c, 0n);

/** The first (address, size) pair of reg, or of the dynamic `size`. */
function readRegion(
  node: DtNode,
  era: RamoopsEra,
  warnings: string[]
): { address: bigint | null; size: bigint } {
  let addressCells = inheritedCells(node, '#address-cells');
  let sizeCells = inheritedCells(node, '#size-cells');
  const reg = cellsOf(node, 'reg');
  if (reg === null) {
    const size = cellsOf(node, 'size');
    if (!era.dtReservedMemLookup || size === null || size.length === 0) {
      throw new RamCoreError(
        'EINVAL',
        `failed to locate DT /reserved-memory resource: ${dtPath(node)} has no reg` +
          (era.dtReservedMemLookup ? ' and no size' : ` (kernel ${era.label} needs reg)`)
      );
    }
    warnings.push(
      `${dtPath(node)} has no reg: the kernel places it at boot, so its address is unknown`
    );
    return { address: null, size: join(size) };
  }
  if (addressCells === null || sizeCells === null) {
    // A snippet without its root: guess from the length of reg, and say so.
    if (reg.length !== 2 && reg.length !== 4) {
      throw new RamCoreError(
        'EINVAL',
        `${dtPath(node)} reg has ${reg.length} cells and no #address-cells/#size-cells is in scope to split them`
      );
    }
    addressCells ??= reg.length / 2;
    sizeCells ??= reg.length / 2;
    warnings.push(
      `no #address-cells/#size-cells above ${dtPath(node)}; reading reg as ${addressCells}+${sizeCells} cells`
    );
  }
  const entry = addressCells + sizeCells;
  if (reg.length < entry || entry === 0) {
    throw new RamCoreError(
      'EINVAL',
      `${dtPath(node)} reg has ${reg.length} cells, fewer than #address-cells ${addressCells} + #size-cells ${sizeCells}`
    );
  }
  if (reg.length > entry) {
    warnings.push(`${dtPath(node)} reg has more than one region; only the first is used`);
  }
  return { address: join(reg.slice(0, addressCells)), size: join(reg.slice(addressCells, entry)) };
}

/** ramoops_parse_dt_u32(): absent → default; otherwise the first cell, which must be ≤ INT_MAX. */
function readU32(node: DtNode, prop: string, dflt: number, warnings: string[]): number {
  const cells = cellsOf(node, prop);
  if (cells === null) return dflt;
  const line = node.properties.get(prop)?.line ?? 0;
  const first = cells[0];
  if (first === undefined) {
    throw new RamCoreError(
      'EINVAL',
      `failed to parse property ${prop} (line ${line}): it has no value`
    );
  }
  if (cells.length > 1) {
    warnings.push(`${prop} (line ${line}) has ${cells.length} cells; the kernel reads the first`);
  }
  if (first > BigInt(INT_MAX)) {
    throw new RamCoreError('ERANGE', `${prop} ${first} (${hex(first)}, line ${line}) > INT_MAX`);
  }
  return Number(first);
}

/**
 * Finds the ramoops node in `dts` and reads it like ramoops_parse_dt() of
 * the given kernel. Properties that kernel does not know are ignored with a
 * warning, as the kernel ignores them.
 *
 * @example
 * ```ts
 * ramoopsFromDeviceTree(`/ { reserved-memory { #address-cells = <1>; #size-cells = <1>;
 *   ramoops@8f000000 { compatible = "ramoops"; reg = <0x8f000000 0x100000>;
 *   record-size = <0x4000>; console-size = <0x4000>; }; }; };`, era);
 * ```
 * @throws RamCoreError EINVAL for a syntax error (naming the line), no or
 * several ramoops nodes, a disabled node, a missing reg; ERANGE for a value
 * above INT_MAX.
 */
export function ramoopsFromDeviceTree(dts: string, era: RamoopsEra): RamoopsConfig {
  const tree = parseDts(dts);
  const warnings = [...tree.warnings];
  const nodes = [...walkDt(tree.root)].filter((n) => strings(n, 'compatible').includes('ramoops'));
  const node = nodes[0];
  if (node === undefined) {
    throw new RamCoreError('EINVAL', 'the device tree has no node with compatible = "ramoops"');
  }
  if (nodes.length > 1) {
    throw new RamCoreError(
      'EINVAL',
      `the device tree has ${nodes.length} ramoops nodes (${nodes.map(dtPath).join(', ')}); the kernel uses only one ramoops area`
    );
  }
  const status = strings(node, 'status')[0];
  if (status !== undefined && status !== 'okay' && status !== 'ok') {
    throw new RamCoreError(
      'EINVAL',
      `${dtPath(node)} has status "${status}": the kernel does not probe it`
    );
  }
  for (const name of node.properties.keys()) {
    if (!KNOWN_PROPERTIES.has(name)) {
      warnings.push(`${dtPath(node)}: property ${name} is not read by ramoops`);
    }
  }
  const region = readRegion(node, era, warnings);
  const has = (prop: string): boolean => node.properties.has(prop);
  const ignoredByEra = (prop: string, since: string): void => {
    if (has(prop)) {
      warnings.push(`${prop} is not known to kernel ${era.label} (added in ${since}); ignored`);
    }
  };

  // Deprecated booleans give the defaults of their successors.
  let memType = has('unbuffered') ? 1 : 0;
  if (era.memTypeCached) memType = readU32(node, 'mem-type', memType, warnings);
  else ignoredByEra('mem-type', '5.8');
  if (memType > 2) {
    throw new RamCoreError(
      'EINVAL',
      `mem-type ${memType} is invalid (0 write-combine, 1 uncached, 2 cached)`
    );
  }
  let maxReason = has('no-dump-oops') ? KMSG_DUMP_PANIC : KMSG_DUMP_OOPS;
  if (era.maxReason) maxReason = readU32(node, 'max-reason', maxReason, warnings);
  else ignoredByEra('max-reason', '5.8');
  let flags = 0;
  if (era.ftracePerCpu) flags = readU32(node, 'flags', 0, warnings);
  else ignoredByEra('flags', '4.10');

  const recordSize = readU32(node, 'record-size', 0, warnings);
  let consoleSize = readU32(node, 'console-size', 0, warnings);
  const ftraceSize = readU32(node, 'ftrace-size', 0, warnings);
  let pmsgSize = readU32(node, 'pmsg-size', 0, warnings);
  const eccSize = readU32(node, 'ecc-size', 0, warnings);

  const parent = node.parent;
  if (
    era.dtChromebookQuirk &&
    parent !== null &&
    baseName(parent) !== 'reserved-memory' &&
    !consoleSize &&
    !ftraceSize &&
    !pmsgSize &&
    !eccSize
  ) {
    // Old Chromebook firmware puts ramoops outside /reserved-memory and
    // relies on console and pmsg zones as large as a record.
    consoleSize = recordSize;
    pmsgSize = recordSize;
    warnings.push(
      `${dtPath(node)} is not under /reserved-memory and sets only record-size: console-size and pmsg-size become ${hex(recordSize)} (old-Chromebook rule)`
    );
  }

  return {
    source: 'device-tree',
    memSize: sizeToNumber(region.size, `${dtPath(node)} reg size`),
    memAddress: region.address,
    memType,
    recordSize,
    consoleSize,
    ftraceSize,
    pmsgSize,
    maxReason,
    flags,
    ecc: { eccSize, blockSize: 0, symsize: 0, poly: 0 },
    pstore: {},
    warnings
  };
}
