/**
 * The binary ftrace record ramoops stores, one per traced call, in native byte order:
 * - 4.9: `{ unsigned long ip; unsigned long parent_ip; [u32 cpu] }` (internal.h);
 * - 4.10+: `{ unsigned long ip; unsigned long parent_ip; u64 ts }` (include/linux/pstore.h),
 *   where ts = (counter << 8) | cpu, or on small ARM the CPU is OR-ed into ip and ts is the
 *   whole counter (PSTORE_CPU_IN_IP).
 * Encoding mirrors pstore_ftrace_call(); decoding works at any offset, because the file
 * view reads records at misaligned offsets when an ECC notice is present (render.ts).
 * Kernel counterpart: struct pstore_ftrace_record, pstore_ftrace_encode_cpu(),
 * pstore_ftrace_decode_cpu(), pstore_ftrace_read_timestamp(), pstore_ftrace_write_timestamp().
 */
import { atLeast, type KernelVersion } from '../era-version.ts';
import { PstoreFormatError } from '../format-error.ts';

/** The CPU properties that shape the record. */
export interface FtraceArch {
  /** sizeof(unsigned long). */
  readonly longBytes: 4 | 8;
  readonly endian: 'little' | 'big';
  /**
   * PSTORE_CPU_IN_IP: 0x1 on ARM with Thumb and NR_CPUS ≤ 2, 0x3 on ARM with NR_CPUS ≤ 4,
   * 0 (CPU kept in ts, or in the cpu field on 4.9) everywhere else.
   */
  readonly cpuInIp: 0 | 1 | 3;
}

/** x86-64, arm64, riscv64: 8-byte longs, little-endian, CPU in ts. */
export const FTRACE_ARCH_LE64: FtraceArch = { longBytes: 8, endian: 'little', cpuInIp: 0 };

/** Record layout of one kernel era on one architecture. */
export interface FtraceLayout {
  readonly arch: FtraceArch;
  /** `cpu-field` = 4.9 (no timestamp); `timestamp` = 4.10+ (u64 ts). */
  readonly kind: 'cpu-field' | 'timestamp';
  /** sizeof(struct pstore_ftrace_record), padding included. */
  readonly recSize: number;
}

/** TS_CPU_SHIFT / TS_CPU_MASK of include/linux/pstore.h. */
const TS_CPU_SHIFT = 8n;
const TS_CPU_MASK = 0xffn;

/**
 * Layout for a kernel version and architecture. 4.10 added the u64 ts counter together
 * with per-CPU zones.
 * @throws PstoreFormatError EINVAL for PSTORE_CPU_IN_IP with 8-byte longs (ARM32 only).
 */
export function ftraceLayout(version: KernelVersion, arch: FtraceArch): FtraceLayout {
  const L = arch.longBytes;
  if (arch.cpuInIp !== 0 && L !== 4) {
    throw new PstoreFormatError(
      'EINVAL',
      `PSTORE_CPU_IN_IP (mask ${arch.cpuInIp}) exists only on 32-bit ARM, not with ${L}-byte longs`
    );
  }
  if (atLeast(version, 4, 10)) return { arch, kind: 'timestamp', recSize: 2 * L + 8 };
  // 4.9: an u32 cpu after the two longs unless it lives in ip; the struct is padded to
  // the alignment of unsigned long (20 → 24 on 64-bit).
  const recSize = arch.cpuInIp !== 0 ? 2 * L : Math.ceil((2 * L + 4) / L) * L;
  return { arch, kind: 'cpu-field', recSize };
}

/** One traced call, as pstore_ftrace_call() gets it. */
export interface FtraceCall {
  /** Address of the traced function (without any CPU bits). */
  readonly ip: bigint;
  readonly parentIp: bigint;
  /** raw_smp_processor_id() of the writer. */
  readonly cpu: number;
  /** pstore_ftrace_stamp value; the 4.9 layout has no timestamp and drops it. */
  readonly counter?: bigint;
}

/** A record read back, decoded as the kernel's helpers decode it. */
export interface FtraceRecord {
  /** rec->ip as stored: with PSTORE_CPU_IN_IP it still carries the CPU bits. */
  readonly ip: bigint;
  readonly parentIp: bigint;
  /** pstore_ftrace_decode_cpu() (an unsigned int). */
  readonly cpu: number;
  /** pstore_ftrace_read_timestamp(); 0n for the 4.9 layout. */
  readonly timestamp: bigint;
}

function checkUlong(value: bigint, what: string, bytes: number): void {
  if (value < 0n || value >= 1n << BigInt(bytes * 8)) {
    throw new PstoreFormatError(
      'ERANGE',
      `${what} 0x${value.toString(16)} does not fit a ${bytes}-byte unsigned long`
    );
  }
}

function getUlong(dv: DataView, at: number, arch: FtraceArch): bigint {
  const le = arch.endian === 'little';
  return arch.longBytes === 8 ? dv.getBigUint64(at, le) : BigInt(dv.getUint32(at, le));
}

function setUlong(dv: DataView, at: number, value: bigint, arch: FtraceArch): void {
  const le = arch.endian === 'little';
  if (arch.longBytes === 8) dv.setBigUint64(at, value, le);
  else dv.setUint32(at, Number(value), le);
}

/**
 * Encodes one call into a record. Like the kernel, the CPU number is OR-ed in without
 * masking (ts |= cpu, ip |= cpu) and the counter shift wraps at 64 bits.
 * @throws PstoreFormatError ERANGE / EINVAL for values a kernel could not have stored.
 */
export function encodeFtraceRecord(call: FtraceCall, layout: FtraceLayout): Uint8Array {
  const { arch } = layout;
  const L = arch.longBytes;
  checkUlong(call.ip, 'ip', L);
  checkUlong(call.parentIp, 'parent_ip', L);
  if (!Number.isInteger(call.cpu) || call.cpu < 0 || call.cpu > 0xffffffff) {
    throw new PstoreFormatError('EINVAL', `cpu ${call.cpu} is not an unsigned int`);
  }
  const counter = call.counter ?? 0n;
  if (counter < 0n) throw new PstoreFormatError('EINVAL', `counter ${counter} is negative`);
  const cpu = BigInt(call.cpu);
  const out = new Uint8Array(layout.recSize);
  const dv = new DataView(out.buffer);
  const ip = arch.cpuInIp !== 0 ? BigInt.asUintN(L * 8, call.ip | cpu) : call.ip;
  setUlong(dv, 0, ip, arch);
  setUlong(dv, L, call.parentIp, arch);
  if (layout.kind === 'timestamp') {
    const ts = arch.cpuInIp !== 0 ? counter : (counter << TS_CPU_SHIFT) | cpu;
    dv.setBigUint64(2 * L, BigInt.asUintN(64, ts), arch.endian === 'little');
  } else if (arch.cpuInIp === 0) {
    dv.setUint32(2 * L, call.cpu, arch.endian === 'little');
  }
  return out;
}

/**
 * Decodes the record at `offset` (any offset: the file view may be misaligned).
 * @throws PstoreFormatError ERANGE when fewer than recSize bytes remain.
 */
export function decodeFtraceRecord(
  buf: Uint8Array,
  offset: number,
  layout: FtraceLayout
): FtraceRecord {
  if (offset < 0 || offset + layout.recSize > buf.length) {
    throw new PstoreFormatError(
      'ERANGE',
      `record at ${offset} needs ${layout.recSize} bytes, buffer has ${buf.length}`
    );
  }
  const { arch } = layout;
  const L = arch.longBytes;
  const dv = new DataView(buf.buffer, buf.byteOffset + offset, layout.recSize);
  const ip = getUlong(dv, 0, arch);
  const parentIp = getUlong(dv, L, arch);
  const ipCpu = Number(ip & BigInt(arch.cpuInIp));
  if (layout.kind === 'cpu-field') {
    const cpu = arch.cpuInIp !== 0 ? ipCpu : dv.getUint32(2 * L, arch.endian === 'little');
    return { ip, parentIp, cpu, timestamp: 0n };
  }
  const ts = dv.getBigUint64(2 * L, arch.endian === 'little');
  if (arch.cpuInIp !== 0) return { ip, parentIp, cpu: ipCpu, timestamp: ts };
  return { ip, parentIp, cpu: Number(ts & TS_CPU_MASK), timestamp: ts >> TS_CPU_SHIFT };
}

/**
 * pstore_ftrace_read_timestamp() of the record at `offset` — the merge key.
 * @throws PstoreFormatError EINVAL for the 4.9 layout, which has no timestamp.
 */
export function readFtraceTimestamp(buf: Uint8Array, offset: number, layout: FtraceLayout): bigint {
  if (layout.kind !== 'timestamp') {
    throw new PstoreFormatError('EINVAL', '4.9 ftrace records carry no timestamp');
  }
  return decodeFtraceRecord(buf, offset, layout).timestamp;
}
