/**
 * The zone map: an SVG tile per zone (or folded run of dump zones), coloured
 * by type, with the fill level, the ring head, the ECC health of every data
 * block, and rejected zones hatched in red. Hover or focus shows the details;
 * arrow keys move between tiles (one tab stop for the whole map), Enter opens
 * the zone's file, Escape hides the details.
 */
import type { ZoneRun, ZoneView } from '../decode/types.ts';
import { h, s } from './dom.ts';
import { eccSummary, zoneDetails } from './zone-details.ts';
import { layoutTiles, MAP_WIDTH, tileName, type Tile } from './zone-tiles.ts';

const PAD = 10;
/** Sizes on a tile: bytes below 1 KiB, else KiB with one decimal. */
const kib = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`);

/**
 * A label cut to the tile's width (13px DejaVu Sans averages under 8.6px a character, bold
 * included); the whole text is in the tile's accessible name and its details.
 */
function fit(text: string, width: number): string {
  const room = Math.floor((width - 2 * PAD) / 8.6);
  return text.length <= room ? text : `${text.slice(0, Math.max(1, room - 1))}…`;
}

/** The second line of a tile: how full it is, or what is wrong with it. */
function tileStatus(t: Tile): string {
  const z = t.run.first;
  const n = t.run.count > 1 ? `×${t.run.count} ` : '';
  // Rejected tiles are hatched and outlined in red (the legend says so): the words name the fault.
  if (z.rejected) return `${n}✕ ${z.state.replace(/-/g, ' ')}`;
  if (!z.used) return `${n}${z.state === 'record' ? 'no data' : z.state.replace(/-/g, ' ')}`;
  return `${n}${kib(z.used)} of ${kib(z.capacity)}`;
}

function eccStrip(z: ZoneView, w: number, y: number): SVGGElement | null {
  const e = z.ecc;
  if (!e || !e.total) return null;
  const width = w - 2 * PAD;
  const g = s('g', { class: 'ecc', 'aria-hidden': 'true' });
  const checked = (width * e.checked) / e.total;
  g.append(s('rect', { class: 'ecc-unchecked', x: PAD, y, width, height: 7 }));
  if (checked > 0) {
    g.append(s('rect', { class: 'ecc-clean', x: PAD, y, width: checked, height: 7 }));
  }
  for (const b of e.blocks) {
    const x = PAD + (width * b.index) / e.total;
    const tall = b.state === 'unrecoverable' ? 3 : 0;
    g.append(
      s('rect', {
        class: `ecc-${b.state}`,
        x,
        y: y - 2 - tall,
        width: Math.max(4, width / e.total),
        height: 11 + 2 * tall
      })
    );
  }
  return g;
}

function tileElement(t: Tile, index: number): SVGGElement {
  const z = t.run.first;
  const barW = t.w - 2 * PAD;
  const g = s(
    'g',
    {
      class: 'zone',
      transform: `translate(${t.x},${t.y})`,
      tabindex: index === 0 ? 0 : -1,
      role: 'button',
      'data-index': index,
      'data-type': z.type,
      'data-state': z.state,
      'data-rejected': String(z.rejected),
      'data-name': tileName(t),
      'aria-label': `${tileName(t)}: ${z.rejected ? 'rejected, ' : ''}${tileStatus(t).replace('✕ ', '')}; ${eccSummary(z)}`
    },
    s('rect', { class: 'tile', x: 1, y: 1, width: t.w - 2, height: t.h - 2, rx: 5 }),
    s('text', { class: 'name', x: PAD, y: 20 }, fit(tileName(t), t.w)),
    s('text', { class: 'status', x: PAD, y: 37 }, fit(tileStatus(t), t.w)),
    s('rect', { class: 'track', x: PAD, y: 46, width: barW, height: 9 })
  );
  if (z.used && z.capacity) {
    g.append(
      s('rect', {
        class: 'fill',
        x: PAD,
        y: 46,
        width: (barW * Math.min(z.used, z.capacity)) / z.capacity,
        height: 9
      })
    );
  }
  if (z.type !== 'dmesg' && z.used && z.start !== null && z.capacity) {
    // The ring head: where the next write goes (the oldest byte, once the ring wrapped).
    const x = PAD + (barW * z.start) / z.capacity;
    g.append(
      s('path', { class: 'head', d: `M${x - 5},40 L${x + 5},40 L${x},46 Z` }),
      s('line', { class: 'head', x1: x, y1: 46, x2: x, y2: 55 })
    );
  }
  const strip = eccStrip(z, t.w, t.h - 15);
  if (strip) g.append(strip);
  g.append(
    s('rect', { class: 'focus-ring', x: -3, y: -3, width: t.w + 6, height: t.h + 6, rx: 8 })
  );
  return g;
}

export class ZoneMap {
  private tiles: Tile[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly tooltip: HTMLElement,
    private readonly onOpen: (file: string) => void
  ) {}

  clear(message: string): void {
    this.tiles = [];
    this.root.replaceChildren(h('p', { class: 'empty' }, message));
    this.hide();
  }

  render(runs: readonly ZoneRun[], zoneCount: number): void {
    const { tiles, height } = layoutTiles(runs);
    this.tiles = tiles;
    const svg = s(
      'svg',
      {
        viewBox: `-4 -4 ${MAP_WIDTH + 8} ${height + 8}`,
        role: 'group',
        'aria-label': `zone map: ${zoneCount} zones in ${tiles.length} tiles; arrow keys move, Enter opens a zone's file`,
        'aria-roledescription': 'zone map'
      },
      s(
        'defs',
        {},
        s(
          'pattern',
          {
            id: 'hatch',
            width: 8,
            height: 8,
            patternUnits: 'userSpaceOnUse',
            patternTransform: 'rotate(45)'
          },
          s('rect', { width: 8, height: 8, class: 'hatch-bg' }),
          s('line', { x1: 0, y1: 0, x2: 0, y2: 8, class: 'hatch-line' })
        )
      ),
      ...tiles.map(tileElement)
    );
    svg.addEventListener('keydown', (e) => this.key(e));
    svg.addEventListener('focusin', (e) => this.show(e.target));
    svg.addEventListener('focusout', () => this.hide());
    svg.addEventListener('mouseover', (e) => this.show(e.target));
    svg.addEventListener('mouseleave', () => this.hide());
    svg.addEventListener('click', (e) => this.open(e.target));
    this.root.replaceChildren(svg);
    this.hide();
  }

  private tileOf(target: EventTarget | null): SVGGElement | null {
    return target instanceof Element ? target.closest<SVGGElement>('g.zone') : null;
  }

  private show(target: EventTarget | null): void {
    const g = this.tileOf(target);
    const tile = g ? this.tiles[Number(g.dataset['index'])] : undefined;
    if (!g || !tile) return;
    this.tooltip.replaceChildren(
      ...zoneDetails(tile).map((l, i) => h(i ? 'div' : 'strong', {}, l))
    );
    this.tooltip.hidden = false;
    g.setAttribute('aria-describedby', this.tooltip.id);
    // Below the tile, or above it when the window has no room below; within the map's width.
    const box = (this.root.parentElement ?? this.root).getBoundingClientRect();
    const r = g.getBoundingClientRect();
    const left = Math.min(r.left - box.left, box.width - this.tooltip.offsetWidth);
    const roomBelow = r.bottom + 6 + this.tooltip.offsetHeight <= window.innerHeight;
    const top = roomBelow
      ? r.bottom - box.top + 6
      : r.top - box.top - this.tooltip.offsetHeight - 6;
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${top}px`;
  }

  private hide(): void {
    this.tooltip.hidden = true;
  }

  private open(target: EventTarget | null): void {
    const g = this.tileOf(target);
    const file = g ? this.tiles[Number(g.dataset['index'])]?.run.first.file : null;
    if (file) this.onOpen(file);
  }

  private key(e: KeyboardEvent): void {
    const g = this.tileOf(e.target);
    if (!g) return;
    const i = Number(g.dataset['index']);
    const last = this.tiles.length - 1;
    const to: Readonly<Record<string, number>> = {
      ArrowRight: Math.min(last, i + 1),
      ArrowDown: Math.min(last, i + 1),
      ArrowLeft: Math.max(0, i - 1),
      ArrowUp: Math.max(0, i - 1),
      Home: 0,
      End: last
    };
    if (e.key in to) {
      e.preventDefault();
      this.focusTile(to[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.open(g);
    } else if (e.key === 'Escape') {
      this.hide();
    }
  }

  private focusTile(i: number): void {
    const all = this.root.querySelectorAll<SVGGElement>('g.zone');
    all.forEach((t, k) => t.setAttribute('tabindex', k === i ? '0' : '-1'));
    all[i]?.focus();
  }
}
