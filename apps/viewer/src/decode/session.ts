/**
 * What the worker keeps between calls: the opened image (never modified:
 * every decode works on a copy) and the symbol table, so that changing one
 * word of the layout re-decodes without moving 64 MiB again.
 * Errors the user can act on (a layout the kernel refuses, an image too
 * short, a map that is not one) come back as values: a thrown error would
 * reach the page as a bare message through comlink (TOOLCHAIN.md trap 8).
 */
import type { KallsymsTable } from '@pstore/pstore-fs';
import { decodeBlk } from './decode-blk.ts';
import { decodeRamoops } from './decode-ramoops.ts';
import { gunzip, isGzip } from './gzip.ts';
import { probeCandidates } from './probe.ts';
import { displayLines } from './display-lines.ts';
import { searchLines, type SearchResult } from './search.ts';
import { loadSymbols } from './symbols.ts';
import type {
  DecodeOutcome,
  DecodeSettings,
  OpenedImage,
  RecordView,
  SymbolsInfo
} from './types.ts';
import { zipRecords } from './zip.ts';

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class Session {
  private image: Uint8Array | null = null;
  private symbols: KallsymsTable | null = null;
  /** The last good decode's records, and their lines for the search box. */
  private records: readonly RecordView[] = [];
  private lines = new Map<string, readonly string[]>();

  async open(name: string, bytes: Uint8Array): Promise<Result<OpenedImage>> {
    const t0 = performance.now();
    try {
      const gzipped = isGzip(bytes);
      const image = gzipped ? await gunzip(bytes) : bytes;
      if (image.length === 0) return { ok: false, error: `${name} is empty (0 bytes)` };
      const { candidates, unknown } = probeCandidates(image);
      this.image = image;
      this.records = [];
      this.lines.clear();
      return {
        ok: true,
        value: {
          name,
          bytes: image.length,
          gzipped,
          candidates,
          unknown,
          ms: performance.now() - t0
        }
      };
    } catch (e) {
      return { ok: false, error: `cannot open ${name}: ${message(e)}` };
    }
  }

  async setSymbols(name: string, bytes: Uint8Array): Promise<Result<SymbolsInfo>> {
    try {
      const { table, symbols } = await loadSymbols(bytes);
      this.symbols = table;
      return { ok: true, value: { name, symbols } };
    } catch (e) {
      return { ok: false, error: `${name} is not a System.map or kallsyms text: ${message(e)}` };
    }
  }

  decode(settings: DecodeSettings): DecodeOutcome {
    if (!this.image) return { ok: false, failure: { settings, error: 'no image is open' } };
    const t0 = performance.now();
    try {
      const view =
        settings.backend === 'blk'
          ? decodeBlk(this.image, settings, this.symbols)
          : decodeRamoops(this.image, settings, this.symbols);
      this.records = view.records;
      this.lines = new Map(view.records.map((r) => [r.name, displayLines(r)]));
      return { ok: true, view: { ...view, ms: performance.now() - t0 } };
    } catch (e) {
      // A layout that fails shows nothing: stale files would pass for this layout's.
      this.records = [];
      this.lines.clear();
      return { ok: false, failure: { settings, error: message(e) } };
    }
  }

  /** Lines of the last decode's records holding `query` (any case). */
  search(query: string): SearchResult {
    return searchLines(this.lines, query);
  }

  /** The last decode's files as a zip of /sys/fs/pstore. */
  zip(): Uint8Array {
    return zipRecords(this.records);
  }
}
