/**
 * What a case is (three directions: the kernel writes, the kernel reads an
 * image made elsewhere, the kernel reads a kernel-written image with injected
 * ECC faults) and what running one yields.
 */
import type { ImageSource } from './image-sources.ts';
import type { CaseParams, RamoopsParams } from './params.ts';

/** One step of a crash cycle's first boot. */
export type GuestAction =
  | { readonly kind: 'kmsg'; readonly text: string }
  | { readonly kind: 'pmsg'; readonly text: string }
  /** A real oops (lkdtm, or UD2 patched into sys_sync); the kernel keeps running. */
  | { readonly kind: 'oops' }
  | { readonly kind: 'panic' }
  /** Power off (a Shutdown dump when max_reason allows it). */
  | { readonly kind: 'poweroff' }
  /** Any shell command in the guest. */
  | { readonly kind: 'sh'; readonly command: string };

interface CaseBase {
  /** Unique within a run, e.g. "6.1/kw-ecc16-none". */
  readonly id: string;
  /** Kernel id ("5.10", "6.1", "6.12", "custom-6.1"). */
  readonly kernel: string;
  /** One line: what the case shows. */
  readonly title: string;
  /** The configuration the kernel boots with: ramoops, or pstore/blk on a virtio disk. */
  readonly params: CaseParams;
  /** Guest CPUs (the number of per-CPU ftrace zones). */
  readonly cpus?: number;
  /** Extra kernel command-line words. */
  readonly cmdline?: readonly string[];
  /** Sanity checks that the scenario really happened (beyond agreeing with pstore-ts). */
  readonly expect?: Expectation;
}

export interface Expectation {
  /** Files the kernel must show. */
  readonly files?: readonly string[];
  /** File name → text its bytes must start with. */
  readonly startsWith?: Readonly<Record<string, string>>;
  /** Zones whose ring must have wrapped (full, oldest byte not at offset 0). */
  readonly wrapped?: readonly ('console' | 'pmsg')[];
  /** At least one file must report ECC corrections (or unrecoverable blocks). */
  readonly eccErrors?: boolean;
  /** Text the pstore lines of the kernel log must hold ("Using crash dump compression: lz4"). */
  readonly klog?: readonly string[];
  /** File name → whether pstore-ts found that dump stored compressed ('C' in its header). */
  readonly compressed?: Readonly<Record<string, boolean>>;
  /**
   * Kernel version (x.y) of a reader without the writer's algorithm: decoding the region as
   * that kernel must name each compressed dump `.enc.z`, and `pstore inflate` of that file
   * (told the algorithm, and guessing it) must give the bytes the writing kernel showed.
   */
  readonly encZReader?: string;
  /**
   * `pstore decode --auto` (no parameters, no kernel: probe infers them, the compressor too)
   * must give exactly the files the kernel showed.
   */
  readonly auto?: boolean;
}

/** Direction 1: the kernel writes (crash cycle), pstore-ts decodes the dumped region. */
export interface KernelWritesCase extends CaseBase {
  readonly kind: 'kernel-writes';
  readonly actions: readonly GuestAction[];
}

/** Direction 2: an image from elsewhere, preloaded; the kernel reads it. */
export interface KernelReadsCase extends CaseBase {
  readonly kind: 'kernel-reads';
  readonly image: ImageSource;
}

/** One injected fault: XOR `count` bytes of a zone area with non-zero masks. */
export interface EccFault {
  readonly zone: 'dmesg' | 'console' | 'pmsg' | 'ftrace';
  readonly index?: number;
  /** 'data' (ECC block `block`), 'parity' (of block `block`), 'header', 'header-parity'. */
  readonly area: 'data' | 'parity' | 'header' | 'header-parity';
  readonly block?: number;
  /** Byte offset inside the area (or block) of the first flipped byte. */
  readonly offset?: number;
  readonly count: number;
}

/** ECC faults applied to the region a kernel-writes case dumped, read by a fresh VM. */
export interface EccFaultCase extends CaseBase {
  readonly kind: 'ecc-faults';
  readonly params: RamoopsParams;
  /** Id of the kernel-writes case whose region is corrupted. */
  readonly from: string;
  readonly faults: readonly EccFault[];
}

export type Case = KernelWritesCase | KernelReadsCase | EccFaultCase;

export interface CaseResult {
  readonly case: Case;
  /** "Debian 12 6.1.0-56-cloud-amd64 (6.1.192-2)" */
  readonly kernelLabel: string;
  /** Exact version the case was judged as ("6.1.192"), or the kernel id if it never ran. */
  readonly kernelVersion: string;
  readonly passed: boolean;
  /** Mismatches or the error, one line each (empty when passed). */
  readonly problems: readonly string[];
  /** File names the kernel showed, with their sizes. */
  readonly files: readonly string[];
  /** "corrected/bad" per ECC file, kernel side (equal to pstore-ts's when passed). */
  readonly ecc: readonly string[];
  readonly seconds: number;
}
