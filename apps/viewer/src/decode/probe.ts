/**
 * The readings of an image nobody described: `pstore probe`'s logic (apps/cli
 * commands/probe.ts) — the ramoops configurations and kernels that explain
 * it, and whether it is a pstore/blk partition — turned into the settings the
 * form shows, best first.
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe() and zone.c
 * psz_alloc_zones(), inverted by @pstore/probe.
 */
import { probeBlkImage, probeImage } from '@pstore/probe';
import type { Candidate, DecodeSettings } from './types.ts';

/** How much of an image the probe reads: `pstore probe` reads as far. */
const PROBE_LIMIT = 256 * 1024 * 1024;

/** What the page decodes with when nothing fits: the image as a region of pstore-ts's default board. */
export const FALLBACK_SETTINGS: DecodeSettings = {
  backend: 'ramoops',
  params: '',
  kernel: '',
  offset: 0,
  size: null,
  cpus: 1
};

export function probeCandidates(image: Uint8Array): {
  candidates: Candidate[];
  unknown: string | null;
} {
  const bytes = image.subarray(0, PROBE_LIMIT);
  const result = probeImage(bytes, { endian: 'little' });
  const candidates: Candidate[] = result.candidates.map((c) => ({
    settings: {
      backend: 'ramoops',
      params: c.params,
      kernel: c.decodeKernel,
      offset: c.offset,
      size: null,
      cpus: c.cpus
    },
    kernelLabel: c.kernel,
    confidence: c.confidence,
    evidence: c.evidence
  }));
  const blk = probeBlkImage(bytes);
  if (blk) {
    candidates.push({
      settings: {
        backend: 'blk',
        params: blk.params,
        kernel: blk.decodeKernel,
        offset: blk.offset,
        size: blk.size,
        cpus: blk.cpus
      },
      kernelLabel: blk.kernel,
      confidence: blk.confidence,
      evidence: blk.evidence
    });
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  return { candidates, unknown: candidates.length ? null : result.unknown };
}
