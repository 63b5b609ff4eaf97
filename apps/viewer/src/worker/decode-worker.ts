/**
 * The Web Worker the page's heavy work runs in: opening (gunzip, probe),
 * decoding, searching and zipping happen here, so the page stays responsive
 * on a 64 MiB dump. Only transport lives in this file; the work is
 * decode/session.ts, which the tests also run in Node.
 */
import { expose, transfer } from 'comlink';
import { Session } from '../decode/session.ts';
import type { DecodeSettings, PageOutcome } from '../decode/types.ts';
import { pageView } from '../decode/zone-runs.ts';

const session = new Session();

const api = {
  /**
   * Files arrive as the page's File objects (a handle, cloned for free) and are read here:
   * reading 64 MiB is work the page's thread never does.
   */
  open: async (file: Blob, name: string) =>
    session.open(name, new Uint8Array(await file.arrayBuffer())),
  symbols: async (file: Blob, name: string) =>
    session.setSymbols(name, new Uint8Array(await file.arrayBuffer())),
  /** The page gets the zones folded into the map's runs: thousands of zones cost it nothing. */
  decode: (settings: DecodeSettings): PageOutcome => {
    const out = session.decode(settings);
    return out.ok ? { ok: true, view: pageView(out.view) } : out;
  },
  search: (query: string) => session.search(query),
  zip: () => {
    const zip = session.zip();
    return transfer(zip, [zip.buffer]);
  }
};

export type DecodeApi = typeof api;

expose(api);
