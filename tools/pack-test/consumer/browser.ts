/**
 * The entry of the consumer's browser bundle: the decoder, published on `globalThis` for the
 * page the pack test opens in Chromium (the test calls it with a kernel's image it fetched).
 * Kernel counterpart: none.
 */
import { decodeRamoops } from './decode.js';

/** What the page offers the test. */
export interface DecoderPage {
  pstoreDecode?: typeof decodeRamoops;
}

(globalThis as typeof globalThis & DecoderPage).pstoreDecode = decodeRamoops;
