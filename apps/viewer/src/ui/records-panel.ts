/**
 * The records: one tab per /sys/fs/pstore file, the file's lines (coloured
 * dmesg levels, logcat lines for Android pmsg, a sortable table for ftrace),
 * and its download. Tabs follow the WAI-ARIA tabs pattern: one tab stop,
 * arrow keys move, the panel follows the selected tab.
 */
import { displayLines } from '../decode/display-lines.ts';
import type { RecordView } from '../decode/types.ts';
import { bytes, h } from './dom.ts';
import { FtraceTable } from './ftrace-table.ts';
import { lineClassifier } from './line-classes.ts';
import { LineView } from './line-view.ts';

interface Shown {
  readonly name: string;
  readonly view: LineView | FtraceTable;
}

function describe(r: RecordView): string {
  const parts = [`${r.size} bytes`];
  if (r.time) parts.push(r.time.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
  if (r.compressed) {
    parts.push(
      r.stillCompressed
        ? 'compressed in RAM, not expanded (.enc.z: shown as hex)'
        : 'compressed in RAM, expanded'
    );
  }
  if (r.ecc) {
    parts.push(
      r.ecc.bad || r.ecc.header < 0
        ? `ECC: ${r.ecc.corrected} corrected, ${r.ecc.bad} unrecoverable block(s)`
        : r.ecc.corrected || r.ecc.header
          ? `ECC: ${r.ecc.corrected + Math.max(0, r.ecc.header)} byte(s) corrected`
          : 'ECC: clean'
    );
  }
  if (r.logcat) parts.push('Android logger frames, shown as logcat lines (threadtime, UTC)');
  return parts.join(' · ');
}

export class RecordsPanel {
  private records: readonly RecordView[] = [];
  private shown: Shown | null = null;
  private query = '';

  constructor(
    private readonly tabs: HTMLElement,
    private readonly panel: HTMLElement,
    private readonly onDownload: (r: RecordView) => void
  ) {
    tabs.addEventListener('keydown', (e) => this.key(e));
  }

  clear(message: string): void {
    this.records = [];
    this.shown = null;
    this.tabs.replaceChildren();
    this.panel.replaceChildren(h('p', { class: 'empty' }, message));
  }

  render(records: readonly RecordView[]): void {
    const keep = this.shown?.name;
    this.records = records;
    // A new decode may change a file kept by name (a System.map renames ftrace's functions).
    this.shown = null;
    this.tabs.replaceChildren(
      ...records.map((r) => {
        const tab = h(
          'button',
          {
            type: 'button',
            role: 'tab',
            id: `tab-${r.name}`,
            'aria-controls': 'record-panel',
            'data-record': r.name,
            class: `kind-${r.kind}`
          },
          r.name,
          h('span', { class: 'size' }, bytes(r.size))
        );
        tab.addEventListener('click', () => this.show(r.name));
        return tab;
      })
    );
    if (!records.length) {
      this.shown = null;
      this.panel.replaceChildren(
        h(
          'p',
          { class: 'empty' },
          'No files: a kernel with this layout would show an empty /sys/fs/pstore (the notes and the zone map say why).'
        )
      );
      return;
    }
    this.show(records.some((r) => r.name === keep) ? keep! : records[0]!.name, undefined, false);
  }

  /** Selects a record; with `line`, scrolls to that line and highlights it. */
  show(name: string, line?: number, focus = true): void {
    const r = this.records.find((x) => x.name === name);
    if (!r) return;
    for (const tab of this.tabs.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
      const selected = tab.dataset['record'] === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected && focus && line === undefined) tab.focus();
    }
    if (this.shown?.name !== name) {
      const view =
        r.ftrace && r.ftrace.length
          ? new FtraceTable(r.ftrace, `${r.name} as a table`)
          : new LineView(displayLines(r), lineClassifier(r), r.name);
      const download = h('button', { type: 'button', class: 'download' }, `Download ${r.name}`);
      download.addEventListener('click', () => this.onDownload(r));
      this.panel.setAttribute('aria-labelledby', `tab-${r.name}`);
      this.panel.replaceChildren(
        h('div', { class: 'record-head' }, h('p', { class: 'meta' }, describe(r)), download),
        view.element
      );
      this.shown = { name, view };
      if (view instanceof LineView) view.mark(this.query);
    }
    if (line !== undefined) this.shown.view.reveal(line);
  }

  /** Marks the search query in the record shown (and in any shown later). */
  mark(query: string): void {
    this.query = query;
    if (this.shown?.view instanceof LineView) this.shown.view.mark(query);
  }

  private key(e: KeyboardEvent): void {
    const tabs = [...this.tabs.querySelectorAll<HTMLButtonElement>('[role=tab]')];
    const i = tabs.findIndex((t) => t === document.activeElement);
    if (i < 0) return;
    const moves: Readonly<Record<string, number>> = {
      ArrowRight: i + 1,
      ArrowLeft: i - 1,
      Home: 0,
      End: tabs.length - 1
    };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length]!;
    this.show(next.dataset['record']!);
  }
}
