/**
 * The ftrace file as a table: one row per line the kernel prints (CPU,
 * timestamp, function, caller, both addresses), sortable by any column with
 * a click or Enter on its header. Rows are shown a thousand at a time.
 */
import type { FtraceRow } from '../decode/types.ts';
import { h } from './dom.ts';

type Column = {
  readonly key: keyof FtraceRow | 'line';
  readonly title: string;
  readonly compare: (a: Indexed, b: Indexed) => number;
};
type Indexed = { readonly row: FtraceRow; readonly line: number };

const PAGE = 1000;
const big = (s: string | null) => (s === null ? -1n : BigInt(s));
const cmp = <T>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

const COLUMNS: readonly Column[] = [
  { key: 'line', title: '#', compare: (a, b) => a.line - b.line },
  { key: 'cpu', title: 'CPU', compare: (a, b) => a.row.cpu - b.row.cpu },
  { key: 'ts', title: 'timestamp', compare: (a, b) => cmp(big(a.row.ts), big(b.row.ts)) },
  { key: 'func', title: 'function', compare: (a, b) => cmp(a.row.func, b.row.func) },
  { key: 'caller', title: 'called from', compare: (a, b) => cmp(a.row.caller, b.row.caller) },
  {
    key: 'ip',
    title: 'ip',
    compare: (a, b) => cmp(BigInt(`0x${a.row.ip}`), BigInt(`0x${b.row.ip}`))
  },
  {
    key: 'parentIp',
    title: 'parent ip',
    compare: (a, b) => cmp(BigInt(`0x${a.row.parentIp}`), BigInt(`0x${b.row.parentIp}`))
  }
];

export class FtraceTable {
  readonly element: HTMLDivElement;
  private sortBy = 0;
  private descending = false;
  private shown = PAGE;
  private readonly rows: Indexed[];

  constructor(rows: readonly FtraceRow[], label: string) {
    this.rows = rows.map((row, line) => ({ row, line }));
    this.element = h('div', { class: 'ftrace', role: 'region', 'aria-label': label, tabindex: 0 });
    this.render();
  }

  private sorted(): Indexed[] {
    const c = COLUMNS[this.sortBy]!;
    const out = [...this.rows].sort((a, b) => c.compare(a, b) || a.line - b.line);
    return this.descending ? out.reverse() : out;
  }

  private render(): void {
    const head = h(
      'tr',
      {},
      ...COLUMNS.map((c, i) => {
        const sort = i === this.sortBy ? (this.descending ? 'descending' : 'ascending') : 'none';
        const button = h(
          'button',
          { type: 'button', class: 'sort' },
          c.title,
          h(
            'span',
            { 'aria-hidden': 'true' },
            sort === 'none' ? '' : sort === 'ascending' ? ' ▲' : ' ▼'
          )
        );
        button.addEventListener('click', () => {
          this.descending = i === this.sortBy ? !this.descending : false;
          this.sortBy = i;
          this.render();
          this.element.querySelectorAll<HTMLButtonElement>('button.sort')[i]?.focus();
        });
        return h('th', { scope: 'col', 'aria-sort': sort }, button);
      })
    );
    const rows = this.sorted().slice(0, this.shown);
    const body = h(
      'tbody',
      {},
      ...rows.map(({ row, line }) =>
        h(
          'tr',
          { 'data-line': line },
          h('td', { class: 'num' }, String(line + 1)),
          h('td', { class: 'num' }, String(row.cpu)),
          h('td', { class: 'num' }, row.ts ?? '–'),
          h('td', { class: 'sym' }, row.func),
          h('td', { class: 'sym' }, row.caller),
          h('td', { class: 'addr' }, row.ip),
          h('td', { class: 'addr' }, row.parentIp)
        )
      )
    );
    const more =
      this.rows.length > this.shown
        ? h(
            'button',
            { type: 'button', class: 'more' },
            `show ${Math.min(PAGE, this.rows.length - this.shown)} more of ${this.rows.length - this.shown}`
          )
        : null;
    more?.addEventListener('click', () => {
      this.shown += PAGE;
      this.render();
    });
    this.element.replaceChildren(
      h(
        'table',
        {},
        h('caption', {}, `${this.rows.length} ftrace records`),
        h('thead', {}, head),
        body
      ),
      more ?? ''
    );
  }

  /** Brings the row of file line `line` into view and highlights it. */
  reveal(line: number): void {
    const at = this.sorted().findIndex((r) => r.line === line);
    if (at >= this.shown) {
      this.shown = at + 1;
      this.render();
    }
    const tr = this.element.querySelector<HTMLElement>(`tr[data-line="${line}"]`);
    this.element.querySelectorAll('tr.flash').forEach((t) => t.classList.remove('flash'));
    tr?.classList.add('flash');
    tr?.scrollIntoView({ block: 'center' });
  }
}
