/**
 * The search box over every record: typing asks the worker (debounced) for
 * the lines holding the text, in any case; the answer lists them, each a
 * button that opens its record at that line, and the record shown marks them.
 */
import type { SearchResult } from '../decode/search.ts';
import { byId, h } from './dom.ts';

export class SearchBox {
  private readonly input = byId<HTMLInputElement>('search');
  private readonly out = byId<HTMLElement>('search-results');
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(
    private readonly search: (query: string) => Promise<SearchResult>,
    private readonly onQuery: (query: string) => void,
    private readonly onHit: (record: string, line: number) => void
  ) {
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.run(), 150);
    });
  }

  /** Runs the current query again (after a new decode). */
  async run(): Promise<void> {
    const query = this.input.value;
    const n = ++this.asked;
    this.onQuery(query);
    if (query === '') {
      this.out.replaceChildren();
      return;
    }
    const r = await this.search(query);
    if (n === this.asked) this.show(r);
  }

  private show(r: SearchResult): void {
    const summary =
      r.total === 0
        ? `No line holds “${r.query}”.`
        : `${r.total} line(s) hold “${r.query}”: ` +
          r.counts
            .filter((c) => c.count)
            .map((c) => `${c.count} in ${c.record}`)
            .join(', ') +
          (r.hits.length < r.total ? ` (the first ${r.hits.length} are listed)` : '');
    const list = h(
      'ul',
      { 'aria-label': 'search hits' },
      ...r.hits.map((hit) => {
        const b = h('button', { type: 'button' }, `${hit.record}:${hit.line + 1}  ${hit.text}`);
        b.addEventListener('click', () => this.onHit(hit.record, hit.line));
        return h('li', {}, b);
      })
    );
    this.out.replaceChildren(h('p', {}, summary), ...(r.hits.length ? [list] : []));
  }
}
