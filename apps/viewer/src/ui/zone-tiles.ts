/**
 * Where each run of zones (decode/zone-runs.ts) goes on the map: one tile
 * per run, in address order, flowing in rows like words in a paragraph, the
 * width growing with the zone's size (within bounds that keep every label
 * legible).
 */
import type { ZoneRun } from '../decode/types.ts';

export interface Tile {
  readonly run: ZoneRun;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export const MAP_WIDTH = 960;
const TILE_HEIGHT = 76;
const GAP = 8;
const MIN_W = 118;
const MAX_W = 300;

export function layoutTiles(runs: readonly ZoneRun[]): { tiles: Tile[]; height: number } {
  const largest = runs.reduce((m, r) => Math.max(m, r.first.size), 1);
  const tiles: Tile[] = [];
  let x = 0;
  let y = 0;
  for (const run of runs) {
    const w = Math.round(MIN_W + ((MAX_W - MIN_W) * run.first.size) / largest);
    if (x > 0 && x + w > MAP_WIDTH) {
      x = 0;
      y += TILE_HEIGHT + GAP;
    }
    tiles.push({ run, x, y, w, h: TILE_HEIGHT });
    x += w + GAP;
  }
  return { tiles, height: tiles.length ? y + TILE_HEIGHT : 0 };
}

/** The tile's label: "dmesg 0", or "dmesg 1–58" for a folded run. */
export function tileName(t: Tile): string {
  const { first, count, last } = t.run;
  return count === 1 ? first.name : `${first.type} ${first.index}–${last.index}`;
}
