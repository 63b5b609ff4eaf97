/**
 * The search box over every record: a case-insensitive substring of the
 * lines the page shows, run in the worker so that a console record of
 * millions of lines never blocks typing.
 */
interface SearchHit {
  readonly record: string;
  /** 0-based line in the record's displayed lines. */
  readonly line: number;
  readonly text: string;
}

export interface SearchResult {
  readonly query: string;
  readonly total: number;
  /** Matching lines per record, in record order. */
  readonly counts: readonly { readonly record: string; readonly count: number }[];
  /** The first hits, in record then line order. */
  readonly hits: readonly SearchHit[];
}

/** Hits listed at most; the counts stay exact. */
const MAX_HITS = 500;

export function searchLines(
  records: ReadonlyMap<string, readonly string[]>,
  query: string
): SearchResult {
  const needle = query.toLowerCase();
  const counts: { record: string; count: number }[] = [];
  const hits: SearchHit[] = [];
  let total = 0;
  if (needle === '') return { query, total, counts, hits };
  for (const [record, lines] of records) {
    let count = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.toLowerCase().includes(needle)) continue;
      count++;
      if (hits.length < MAX_HITS) hits.push({ record, line: i, text: lines[i]! });
    }
    total += count;
    counts.push({ record, count });
  }
  return { query, total, counts, hits };
}
