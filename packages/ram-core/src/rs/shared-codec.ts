/**
 * One codec per (nroots, poly): a layout of hundreds of zones shares it, as
 * its tables cost ~64 KiB and a few milliseconds to build. Codecs are not
 * re-entrant, which is fine: JavaScript runs one zone operation at a time
 * per thread, and each worker thread has its own module instance.
 */
import { RamCoreError } from '../errno.ts';
import { createRsCodec, type RsCodec } from './codec.ts';
import { plantRsCodecSeed, type RsCodecSeed } from './codec-seed.ts';

const codecs = new Map<string, RsCodec>();

/** The cached codec for ramoops' code (fcr 0, prim 1) with these parameters. */
export function sharedRsCodec(nroots: number, poly: number): RsCodec {
  const key = `${nroots}/${poly}`;
  let codec = codecs.get(key);
  if (!codec) {
    codec = createRsCodec({ nroots, poly, fcr: 0, prim: 1 });
    codecs.set(key, codec);
  }
  return codec;
}

/**
 * Builds the codecs of `codes` now, so that the zones needing them later find
 * them ready (a spare worker does this before the boot that uses it), from
 * the seed another thread made where one comes with the code.
 * Returns how many codecs this thread holds.
 * @throws RamCoreError for a code init_rs() would refuse, or a seed that is
 *   not the code's.
 */
export function prepareRsCodecs(
  codes: readonly {
    readonly nroots: number;
    readonly poly: number;
    readonly seed?: RsCodecSeed;
  }[]
): number {
  for (const { nroots, poly, seed } of codes) {
    if (seed && !codecs.has(`${nroots}/${poly}`)) {
      if (seed.nroots !== nroots || seed.poly !== poly) {
        throw new RamCoreError(
          'EINVAL',
          `codec seed for nroots ${seed.nroots}, poly 0x${seed.poly.toString(16)} ` +
            `offered for nroots ${nroots}, poly 0x${poly.toString(16)}`
        );
      }
      plantRsCodecSeed(seed);
    }
    sharedRsCodec(nroots, poly);
  }
  return codecs.size;
}
