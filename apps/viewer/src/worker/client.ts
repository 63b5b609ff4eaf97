/**
 * The page's end of the decode worker: the only place the page meets
 * comlink. The worker is built into the page itself (Vite's
 * `?worker&inline`: a Blob URL at run time), because a page opened from
 * file:// may not start a worker from a file. Files go over as File handles
 * (cloned for free) and are read in the worker: the page's thread never
 * touches a dump's bytes.
 */
import { wrap } from 'comlink';
import type { DecodeApi } from './decode-worker.ts';
import DecodeWorker from './decode-worker.ts?worker&inline';

export interface DecodeClient {
  open(file: File): ReturnType<DecodeApi['open']>;
  symbols(file: File): ReturnType<DecodeApi['symbols']>;
  decode(...a: Parameters<DecodeApi['decode']>): Promise<ReturnType<DecodeApi['decode']>>;
  search(...a: Parameters<DecodeApi['search']>): Promise<ReturnType<DecodeApi['search']>>;
  zip(): Promise<Uint8Array>;
}

export function startWorker(): DecodeClient {
  const remote = wrap<DecodeApi>(new DecodeWorker());
  return {
    open: (file) => remote.open(file, file.name),
    symbols: (file) => remote.symbols(file, file.name),
    decode: (settings) => remote.decode(settings),
    search: (query) => remote.search(query),
    zip: () => remote.zip()
  };
}
