/**
 * One codec per (nroots, poly): a layout of hundreds of zones shares it, as
 * its tables cost ~64 KiB and a few milliseconds to build. Codecs are not
 * re-entrant, which is fine: JavaScript runs one zone operation at a time
 * per thread, and each worker thread has its own module instance.
 */
import { createRsCodec, type RsCodec } from './codec.ts';

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
