/**
 * @pstore/probe: what a ramoops region says about the kernel and the
 * configuration that wrote it, from its bytes alone.
 * Kernel counterpart: none (the kernel is always told its configuration).
 */
export {
  findFtraceSignatures,
  ftraceSignaturesAt,
  kernelFromFtraceSignatures,
  versionLabel,
  versionOfCode,
  versionOfFtraceSig,
  type FtraceSignature,
  type ImageKernel
} from './ftrace-signature.ts';
export { explainSignature, type SignatureMismatch } from './signature-mismatch.ts';
export { chooseKernel, type KernelChoice } from './kernel-choice.ts';
export { findZoneHeaders, type ZoneHeader } from './zone-headers.ts';
export { headerEccSize } from './header-ecc.ts';
export { inferLayouts, type InferredLayout, type InferredZone } from './infer-layout.ts';
export {
  PROBE_BASES,
  probeImage,
  type ProbeCandidate,
  type ProbeOptions,
  type ProbeResult
} from './probe-image.ts';
export { probeBlkImage, type BlkCandidate } from './probe-blk.ts';
