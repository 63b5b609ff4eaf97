/**
 * @pstore/ram-core — persistent RAM zones with kernel-exact Reed–Solomon ECC.
 * Kernel counterparts: fs/pstore/ram_core.c, lib/reed_solomon.
 */
export { ERRNO, EBADMSG, ERANGE, RamCoreError, type ErrnoCode } from './errno.ts';
export { createRsCodec, type RsCodec } from './rs/codec.ts';
export { createReferenceRsCodec } from './rs/reference.ts';
export type { RsParams, RsCode } from './rs/params.ts';
export { galoisField, NN, type GaloisField } from './rs/galois-field.ts';
export {
  compareKernel,
  DEFAULT_KERNEL,
  formatKernelVersion,
  kernelAtLeast,
  linuxVersionCode,
  parseKernelVersion,
  type KernelVersion
} from './kernel-version.ts';
