/**
 * A record's lines in a scrolling box that renders only the lines in view,
 * so a console record of a million lines opens at once. Lines have a fixed
 * height (styles.css: 18px); each gets a class from `classify` (dmesg levels,
 * logcat priorities) and search matches are marked.
 */
import { h } from './dom.ts';

const LINE = 18;
/** Lines rendered beyond each edge of the view, so fast scrolling shows no gap. */
const OVERSCAN = 30;

export class LineView {
  readonly element: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private query = '';
  private flash = -1;
  private pending = false;

  constructor(
    private readonly lines: readonly string[],
    private readonly classify: (line: string, index: number) => string,
    label: string
  ) {
    this.spacer = h('div', { class: 'spacer', style: `height:${lines.length * LINE}px` });
    this.body = h('div', { class: 'lines' });
    this.element = h(
      'div',
      {
        class: 'line-view',
        tabindex: 0,
        role: 'region',
        'aria-label': `${label}: ${lines.length} lines`
      },
      this.spacer,
      this.body
    );
    this.element.addEventListener('scroll', () => this.schedule());
    // The box's height decides how many lines to render. Removing the view from the page
    // resizes it to nothing: that is when the observer lets go of it.
    const resized = new ResizeObserver(() => {
      if (this.element.isConnected) this.schedule();
      else resized.disconnect();
    });
    resized.observe(this.element);
  }

  /** Marks `query` (any case) in the lines shown. */
  mark(query: string): void {
    this.query = query.toLowerCase();
    this.schedule();
  }

  /** Scrolls line `i` into the middle of the view and highlights it. */
  reveal(i: number): void {
    this.flash = i;
    this.element.scrollTop = Math.max(0, i * LINE - this.element.clientHeight / 3);
    this.render();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  private render(): void {
    const first = Math.max(0, Math.floor(this.element.scrollTop / LINE) - OVERSCAN);
    const last = Math.min(
      this.lines.length,
      Math.ceil((this.element.scrollTop + this.element.clientHeight) / LINE) + OVERSCAN
    );
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const text = this.lines[i]!;
      const cls = `line ${this.classify(text, i)}${i === this.flash ? ' flash' : ''}`;
      rows.push(h('div', { class: cls, 'data-line': i }, ...this.marked(text)));
    }
    this.body.style.transform = `translateY(${first * LINE}px)`;
    this.body.replaceChildren(...rows);
  }

  private marked(text: string): (string | HTMLElement)[] {
    const lower = text.toLowerCase();
    // A character whose lower case has another length would shift the marks: leave such lines plain.
    if (!this.query || lower.length !== text.length) return [text || ' '];
    const out: (string | HTMLElement)[] = [];
    let at = 0;
    for (let i = lower.indexOf(this.query); i >= 0; i = lower.indexOf(this.query, at)) {
      out.push(text.slice(at, i), h('mark', {}, text.slice(i, i + this.query.length)));
      at = i + this.query.length;
    }
    out.push(text.slice(at));
    return out;
  }
}
