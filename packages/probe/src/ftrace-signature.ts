/**
 * The kernel version an image states itself: ramoops signs every ftrace
 * zone with PERSISTENT_RAM_SIG ^ LINUX_VERSION_CODE, so the header of an
 * ftrace zone holds the exact version of the kernel that wrote it (the
 * sublevel clamped at 255). This finds those headers anywhere in a region,
 * whatever the layout, and reads the versions out of them.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs() (`sig ^=
 * LINUX_VERSION_CODE` for ftrace zones), ram_core.c persistent_ram_post_init()
 * (what makes a header valid: start ≤ size ≤ the zone's capacity).
 *
 * Why headers, not any word: a dump's text or a pmsg payload can hold four
 * bytes that look like a signature. A header also needs start ≤ size that fit
 * in the rest of the region, and a version that was ever released from 4.9 on
 * (a minor within its series); what survives both is rare enough in real
 * images to be evidence, and the caller still weighs it (one distinct
 * version, where a layout puts an ftrace zone).
 */
import {
  linuxVersionCode,
  PERSISTENT_RAM_SIG,
  parseKernelVersion,
  type Endian,
  type KernelVersion
} from '@pstore/ram-core';

/** An ftrace zone header found in a region, and the version it was signed with. */
export interface FtraceSignature {
  /** Offset of the header in the region. */
  readonly offset: number;
  /** The signature word as stored. */
  readonly sig: number;
  /** sig ^ PERSISTENT_RAM_SIG: the writer's LINUX_VERSION_CODE. */
  readonly code: number;
  /** The version the code names (a sublevel of 255 means 255 or later). */
  readonly version: KernelVersion;
  /** The header's start and size fields. */
  readonly start: number;
  readonly size: number;
}

/**
 * The kernel version a LINUX_VERSION_CODE names, or null when no kernel
 * pstore-ts models (4.9 and later, a minor its series had) has that code.
 */
export function versionOfCode(code: number): KernelVersion | null {
  if (code <= 0 || code > 0xffffff) return null;
  const major = code >>> 16;
  const minor = (code >>> 8) & 0xff;
  const sublevel = code & 0xff;
  // Later majors will come; a code beyond 9.x is far more likely noise.
  if (major > 9) return null;
  try {
    return parseKernelVersion(`${major}.${minor}.${sublevel}`);
  } catch {
    return null;
  }
}

/** The version of an ftrace zone's signature word, or null when it is not one. */
export function versionOfFtraceSig(sig: number): KernelVersion | null {
  return versionOfCode((sig ^ PERSISTENT_RAM_SIG) >>> 0);
}

/** "6.1.192", or "6.1.255+" where the clamp hides the real sublevel. */
export function versionLabel(v: KernelVersion): string {
  return `${v.major}.${v.minor}.${v.sublevel}${v.sublevel >= 255 ? '+' : ''}`;
}

/**
 * Every ftrace zone header in `mem`: a signature word naming a kernel
 * version, followed by start ≤ size that fit in the rest of the region.
 * Every byte offset is tried (with ECC a zone's offset need not be a
 * multiple of 4). Pure: reads `mem` only.
 */
export function findFtraceSignatures(
  mem: Uint8Array,
  endian: Endian = 'little'
): FtraceSignature[] {
  const little = endian === 'little';
  const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  const found: FtraceSignature[] = [];
  // PERSISTENT_RAM_SIG's top byte is 0x43 and LINUX_VERSION_CODE < 2^24, so
  // every ftrace signature keeps it: one byte compare rejects nearly all offsets.
  const top = little ? 3 : 0;
  for (let at = 0; at + 12 <= mem.length; at++) {
    if (mem[at + top] !== 0x43) continue;
    const h = headerAt(view, at, little);
    if (h) found.push(h);
  }
  return found;
}

/**
 * The ftrace headers at the given offsets only (where some layout puts an
 * ftrace zone): what decode checks, at a cost independent of the region's size.
 */
export function ftraceSignaturesAt(
  mem: Uint8Array,
  offsets: Iterable<number>,
  endian: Endian = 'little'
): FtraceSignature[] {
  const little = endian === 'little';
  const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  const found: FtraceSignature[] = [];
  for (const at of [...new Set(offsets)].sort((a, b) => a - b)) {
    if (!Number.isSafeInteger(at) || at < 0 || at + 12 > mem.length) continue;
    const h = headerAt(view, at, little);
    if (h) found.push(h);
  }
  return found;
}

/** The ftrace zone header at `at`, or null when there is none. */
function headerAt(view: DataView, at: number, little: boolean): FtraceSignature | null {
  const sig = view.getUint32(at, little);
  if (sig === PERSISTENT_RAM_SIG) return null;
  const version = versionOfFtraceSig(sig);
  if (!version) return null;
  const start = view.getUint32(at + 4, little);
  const size = view.getUint32(at + 8, little);
  if (size > view.byteLength - at - 12 || start > size) return null;
  return { offset: at, sig, code: linuxVersionCode(version), version, start, size };
}

/** What the ftrace headers of an image say about its kernel. */
export type ImageKernel =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'one';
      readonly version: KernelVersion;
      readonly headers: readonly FtraceSignature[];
    }
  | {
      readonly kind: 'several';
      readonly versions: readonly KernelVersion[];
      readonly headers: readonly FtraceSignature[];
    };

/**
 * The kernel the image's ftrace headers name: none, exactly one version
 * (every header agrees: the per-CPU zones of one kernel all carry the same
 * code), or several (headers of different kernels, or noise that passed).
 */
export function kernelFromFtraceSignatures(headers: readonly FtraceSignature[]): ImageKernel {
  if (!headers.length) return { kind: 'none' };
  const byCode = new Map<number, KernelVersion>();
  for (const h of headers) byCode.set(h.code, h.version);
  if (byCode.size === 1) return { kind: 'one', version: headers[0]!.version, headers };
  const versions = [...byCode.values()].sort(
    (a, b) => a.major - b.major || a.minor - b.minor || a.sublevel - b.sublevel
  );
  return { kind: 'several', versions, headers };
}
