/**
 * A pstore/blk configuration as the cases write it: the pstore_blk.* words
 * /init hands to pstore_blk.ko (busybox insmod takes them as module
 * arguments) and `pstore … --backend blk --params` reads, and the size of
 * the virtio disk (/dev/vda) the kernel writes its zones to.
 * Kernel counterpart: fs/pstore/blk.c module parameters (sizes in KiB).
 */

export interface BlkParams {
  readonly backend: 'blk';
  /** Size of the raw virtio disk image (the whole device is the pstore area). */
  readonly diskSize: number;
  /** pstore_blk.kmsg_size, pmsg_size, console_size, ftrace_size, in KiB. */
  readonly kmsgKiB?: number;
  readonly pmsgKiB?: number;
  readonly consoleKiB?: number;
  readonly ftraceKiB?: number;
  readonly maxReason?: number;
  /** pstore_blk.best_effort: register although the disk driver has no panic_write. */
  readonly bestEffort?: boolean;
  /** pstore.compress; absent: the kernel's default. */
  readonly compress?: 'deflate' | 'none';
}

/** `pstore_blk.*` (and `pstore.*`) words, as on the kernel command line. */
export function blkWords(p: BlkParams): string {
  const w: string[] = [];
  if (p.compress) w.push(`pstore.compress=${p.compress}`);
  w.push('pstore_blk.blkdev=/dev/vda');
  if (p.kmsgKiB !== undefined) w.push(`pstore_blk.kmsg_size=${p.kmsgKiB}`);
  if (p.pmsgKiB !== undefined) w.push(`pstore_blk.pmsg_size=${p.pmsgKiB}`);
  if (p.consoleKiB !== undefined) w.push(`pstore_blk.console_size=${p.consoleKiB}`);
  if (p.ftraceKiB !== undefined) w.push(`pstore_blk.ftrace_size=${p.ftraceKiB}`);
  if (p.maxReason !== undefined) w.push(`pstore_blk.max_reason=${p.maxReason}`);
  if (p.bestEffort) w.push('pstore_blk.best_effort=y');
  return w.join(' ');
}

/** "disk 1 MiB, kmsg 64 KiB, max_reason 2, best_effort" */
export function blkLabel(p: BlkParams): string {
  const parts = [`pstore/blk on a ${p.diskSize / 0x100000} MiB virtio disk`];
  if (p.kmsgKiB !== undefined) parts.push(`kmsg ${p.kmsgKiB} KiB`);
  if (p.pmsgKiB !== undefined) parts.push(`pmsg ${p.pmsgKiB} KiB`);
  if (p.consoleKiB !== undefined) parts.push(`console ${p.consoleKiB} KiB`);
  if (p.ftraceKiB !== undefined) parts.push(`ftrace ${p.ftraceKiB} KiB`);
  if (p.maxReason !== undefined) parts.push(`max_reason ${p.maxReason}`);
  if (p.bestEffort) parts.push('best_effort');
  parts.push(p.compress ?? 'default compression');
  return parts.join(', ');
}

/**
 * The `pstore_blk.*` and `pstore.*` words of an image made elsewhere (a
 * board's disk), for a disk of `diskSize` bytes.
 * @throws Error naming a word these cases cannot boot with.
 */
export function blkParamsFromWords(words: string, diskSize: number): BlkParams {
  const m = new Map<string, string>();
  for (const w of words.trim().split(/\s+/).filter(Boolean)) {
    const eq = w.indexOf('=');
    m.set(eq < 0 ? w : w.slice(0, eq), eq < 0 ? 'y' : w.slice(eq + 1));
  }
  const kib = (name: string): number | undefined => {
    const v = m.get(`pstore_blk.${name}_size`);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`pstore_blk.${name}_size=${v} is not a KiB count`);
    return Number(v);
  };
  const compress = m.get('pstore.compress');
  if (compress !== undefined && compress !== 'deflate' && compress !== 'none') {
    throw new Error(
      `pstore.compress=${compress}: the Debian kernels' pstore/blk has deflate or none`
    );
  }
  const reason = m.get('pstore_blk.max_reason');
  return {
    backend: 'blk',
    diskSize,
    kmsgKiB: kib('kmsg'),
    pmsgKiB: kib('pmsg'),
    consoleKiB: kib('console'),
    ftraceKiB: kib('ftrace'),
    ...(reason !== undefined ? { maxReason: Number(reason) } : {}),
    bestEffort: /^(y|Y|1)$/.test(m.get('pstore_blk.best_effort') ?? ''),
    ...(compress !== undefined ? { compress } : {})
  };
}
