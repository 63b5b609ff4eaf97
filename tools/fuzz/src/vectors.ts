/**
 * The real kernel images the mutation generators start from, loaded once
 * from ../shared/vectors through @pstore/test-vectors (never copied into
 * the repository). Without them those generators step aside and the
 * others run alone.
 * Kernel counterpart: none (images a real kernel wrote, see vectors/kernel/README.md).
 */
import { kernelCaseNames, readKernelCase, vectorsAvailable } from '@pstore/test-vectors';

export interface Vector {
  readonly name: string;
  readonly image: Uint8Array;
  /** The ramoops.* / pstore.* words of the case's command line. */
  readonly params: string;
  readonly kernel: string;
}

let loaded: Vector[] | null = null;

/** Every kernel case (empty when ../shared/vectors is absent). */
export function kernelVectors(): readonly Vector[] {
  if (loaded) return loaded;
  loaded = [];
  if (!vectorsAvailable) return loaded;
  for (const name of kernelCaseNames()) {
    const c = readKernelCase(name);
    const params = c.cmdline
      .split(/\s+/)
      .filter((w) => w.startsWith('ramoops.') || w.startsWith('pstore.'))
      .join(' ');
    const m = /(\d+\.\d+\.\d+)/.exec(c.kernel);
    loaded.push({ name, image: c.image, params, kernel: m?.[1] ?? '6.1.192' });
  }
  return loaded;
}

/** Decode arguments of a vector's own configuration. */
export function vectorArgs(v: Vector): string[] {
  return ['--params', v.params, '--kernel', v.kernel];
}
