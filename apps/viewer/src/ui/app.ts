/**
 * The page: a dump is opened (or dropped), the worker probes it, the form
 * takes the best reading, and every change of the layout decodes again —
 * the newest answer wins, older ones still in flight are dropped. The body's
 * data-state (empty, busy, ready, failed) and data-decodes (a counter) say
 * where it is, for people on the status line and for the browser tests.
 */
import { FALLBACK_SETTINGS } from '../decode/probe.ts';
import type { DecodeSettings, PageView, RecordView } from '../decode/types.ts';
import { startWorker, type DecodeClient } from '../worker/client.ts';
import { byId, bytes, h } from './dom.ts';
import { saveBytes } from './download.ts';
import { RecordsPanel } from './records-panel.ts';
import { SearchBox } from './search-box.ts';
import { SettingsForm } from './settings-form.ts';
import { ZoneMap } from './zone-map.ts';

/** A map file is told from a dump by its name (System.map-6.1.0, kallsyms, *.map[.gz]). */
const SYMBOLS_NAME = /system\.map|kallsyms|\.map(\.gz)?$/i;

export class App {
  private readonly client: DecodeClient = startWorker();
  private readonly status = byId('status');
  private readonly notes = byId('notes');
  private readonly zip = byId<HTMLButtonElement>('zip');
  private readonly form = new SettingsForm((s) => this.schedule(s));
  private readonly map = new ZoneMap(byId('zone-map'), byId('zone-tooltip'), (f) =>
    this.records.show(f)
  );
  private readonly records = new RecordsPanel(byId('record-tabs'), byId('record-panel'), (r) =>
    this.download(r)
  );
  private readonly search = new SearchBox(
    (q) => this.client.search(q),
    (q) => this.records.mark(q),
    (record, line) => this.records.show(record, line)
  );
  private imageName: string | null = null;
  private imageLine = '';
  private asked = 0;
  private decodes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    byId<HTMLInputElement>('dump-file').addEventListener('change', (e) => {
      const f = (e.target as HTMLInputElement).files?.[0];
      if (f) void this.openDump(f);
    });
    byId<HTMLInputElement>('symbols-file').addEventListener('change', (e) => {
      const f = (e.target as HTMLInputElement).files?.[0];
      if (f) void this.openSymbols(f);
    });
    this.zip.addEventListener('click', () => void this.downloadAll());
    this.dropTarget();
  }

  private dropTarget(): void {
    const body = document.body;
    body.addEventListener('dragover', (e) => {
      e.preventDefault();
      body.classList.add('dragging');
    });
    body.addEventListener('dragleave', (e) => {
      if (e.relatedTarget === null) body.classList.remove('dragging');
    });
    body.addEventListener('drop', (e) => {
      e.preventDefault();
      body.classList.remove('dragging');
      void this.dropped([...(e.dataTransfer?.files ?? [])]);
    });
  }

  private async dropped(files: File[]): Promise<void> {
    const maps = files.filter((f) => SYMBOLS_NAME.test(f.name));
    const dumps = files.filter((f) => !SYMBOLS_NAME.test(f.name));
    if (dumps[0]) await this.openDump(dumps[0], false);
    if (maps[0]) await this.openSymbols(maps[0]);
    else if (dumps[0]) this.decodeNow();
  }

  private state(s: 'empty' | 'busy' | 'ready' | 'failed', message: string): void {
    document.body.dataset['state'] = s;
    this.status.textContent = message;
    this.status.classList.toggle('error', s === 'failed');
  }

  async openDump(file: File, decode = true): Promise<void> {
    this.state('busy', `Opening ${file.name} (${bytes(file.size)})…`);
    const r = await this.client.open(file);
    if (!r.ok) {
      this.state('failed', r.error);
      return;
    }
    const o = r.value;
    this.imageName = o.name;
    this.imageLine =
      `${o.name}: ${bytes(o.bytes)}${o.gzipped ? ' (inflated from gzip)' : ''}, probed in ${Math.round(o.ms)} ms` +
      (o.candidates.length ? '' : `; the probe found no layout (${o.unknown ?? 'nothing fits'})`);
    this.form.offer(o.candidates, FALLBACK_SETTINGS);
    if (decode) this.decodeNow();
  }

  async openSymbols(file: File): Promise<void> {
    const r = await this.client.symbols(file);
    if (!r.ok) {
      this.state('failed', r.error);
      return;
    }
    this.status.textContent = `${r.value.name}: ${r.value.symbols} symbols for ftrace records`;
    if (this.imageName) this.decodeNow();
  }

  private decodeNow(): void {
    const s = this.form.read();
    if (s) void this.decode(s);
  }

  /** Typing in the form decodes a quarter of a second after the last key. */
  private schedule(s: DecodeSettings): void {
    if (!this.imageName) return;
    clearTimeout(this.timer);
    // Busy from the first key: what is shown no longer matches the form.
    this.state('busy', `Decoding ${this.imageName} when you stop typing…`);
    this.timer = setTimeout(() => void this.decode(s), 250);
  }

  private async decode(s: DecodeSettings): Promise<void> {
    clearTimeout(this.timer);
    const n = ++this.asked;
    this.state('busy', `Decoding ${this.imageName ?? ''}…`);
    const out = await this.client.decode(s);
    if (n !== this.asked) return;
    document.body.dataset['decodes'] = String(++this.decodes);
    if (!out.ok) {
      this.map.clear('No zone map: this layout cannot be decoded.');
      this.records.clear('No records: this layout cannot be decoded.');
      this.notes.replaceChildren(h('li', { class: 'error' }, out.failure.error));
      this.zip.disabled = true;
      this.state(
        'failed',
        `${this.imageLine}. This layout cannot be decoded: ${out.failure.error}`
      );
      return;
    }
    this.show(out.view);
  }

  private show(v: PageView): void {
    this.map.render(v.runs, v.zoneCount);
    this.records.render(v.records);
    this.notes.replaceChildren(...v.notes.map((n) => h('li', {}, n)));
    this.zip.disabled = v.records.length === 0;
    const rejected = v.rejectedCount;
    const from =
      v.kernelFrom === 'image'
        ? ' (from its ftrace zone header)'
        : v.kernelFrom === 'default'
          ? ' (the default)'
          : '';
    this.state(
      'ready',
      `${this.imageLine}. Decoded as kernel ${v.kernel}${from} in ${Math.round(v.ms)} ms: ` +
        `${v.zoneCount} zones${rejected ? `, ${rejected} rejected` : ''}, ${v.records.length} file(s).`
    );
    void this.search.run();
  }

  private download(r: RecordView): void {
    saveBytes(r.name, r.bytes);
  }

  private async downloadAll(): Promise<void> {
    const zip = await this.client.zip();
    const base = (this.imageName ?? 'pstore').replace(/\.gz$/, '').replace(/\.[^.]*$/, '');
    saveBytes(`${base}-pstore.zip`, zip, 'application/zip');
  }
}
