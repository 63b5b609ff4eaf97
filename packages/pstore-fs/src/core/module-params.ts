/**
 * The pstore module parameters of one boot (`pstore.*=` on the command line)
 * and their checks per era.
 * Kernel counterpart: the module_param()s of fs/pstore/platform.c (backend,
 * compress, kmsg_bytes, update_ms) and fs/pstore/ftrace.c (record_ftrace),
 * CONFIG_PSTORE_DEFAULT_KMSG_BYTES.
 */
import { PstoreError } from '../errors.ts';
import { versionString, type KernelVersion } from '../era-version.ts';
import type { PstoreCoreEra } from './pstore-era.ts';

/** kmsg_bytes when nothing sets it (CONFIG_PSTORE_DEFAULT_KMSG_BYTES; 4.9 hard-coded). */
const PSTORE_DEFAULT_KMSG_BYTES = 10240;

/** `pstore.*` parameters; every field has the kernel's default. */
export interface PstoreModuleParams {
  /** pstore.backend: only this backend may register. Default: any. */
  readonly backend?: string;
  /** pstore.compress (4.17+), e.g. 'deflate' or 'none'; undefined = the era's default. */
  readonly compress?: string;
  /**
   * Bytes of kernel log one dump saves (kmsg_bytes). The module parameter
   * exists from 6.2; on older kernels the same value comes from
   * CONFIG_PSTORE_DEFAULT_KMSG_BYTES or the kmsg_bytes mount option, so it is
   * accepted for every era. Default 10240.
   */
  readonly kmsgBytes?: number;
  /** pstore.update_ms: rescan period after an oops; −1 (default) = off. */
  readonly updateMs?: number;
  /** pstore.record_ftrace (5.14+): record function calls from registration on. */
  readonly recordFtrace?: boolean;
}

/** Parameters with defaults applied. */
export interface ResolvedPstoreParams {
  readonly backend: string | null;
  readonly compress: string | undefined;
  readonly kmsgBytes: number;
  readonly updateMs: number;
  readonly recordFtrace: boolean;
}

/** kmsg_bytes is an unsigned long (module param) / u32 (mount option). */
export function checkKmsgBytes(bytes: number): void {
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > 0xffffffff) {
    throw new PstoreError('EINVAL', `kmsg_bytes ${bytes} is not an integer in 0..4294967295`);
  }
}

/**
 * Applies defaults and refuses what the kernel would not take.
 * @throws PstoreError EINVAL for a negative/non-integer size or period, an
 *   empty backend name, or pstore.record_ftrace on a kernel before 5.14.
 */
export function resolvePstoreParams(
  kernel: KernelVersion,
  era: PstoreCoreEra,
  params: PstoreModuleParams = {}
): ResolvedPstoreParams {
  const kmsgBytes = params.kmsgBytes ?? PSTORE_DEFAULT_KMSG_BYTES;
  checkKmsgBytes(kmsgBytes);
  const updateMs = params.updateMs ?? -1;
  if (!Number.isSafeInteger(updateMs) || updateMs < -0x80000000 || updateMs > 0x7fffffff) {
    throw new PstoreError('EINVAL', `pstore.update_ms ${updateMs} is not an int`);
  }
  if (params.backend === '') {
    throw new PstoreError('EINVAL', 'pstore.backend is empty: omit it to accept any backend');
  }
  if (params.recordFtrace !== undefined && !era.recordFtraceParam) {
    throw new PstoreError(
      'EINVAL',
      `pstore.record_ftrace does not exist before Linux 5.14 (kernel ${versionString(kernel)}); ` +
        'turn recording on with setRecordFtrace(true), the debugfs pstore/record_ftrace knob'
    );
  }
  return {
    backend: params.backend ?? null,
    compress: params.compress,
    kmsgBytes,
    // Any negative value disables the timer, as the kernel's "< 0" test does.
    updateMs: updateMs < 0 ? -1 : updateMs,
    recordFtrace: params.recordFtrace ?? false
  };
}
