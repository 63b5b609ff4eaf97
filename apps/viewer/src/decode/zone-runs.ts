/**
 * The zones as the map draws them: runs of alike dump zones folded into one
 * (a 1 MiB region has dozens of empty dump zones, a 64 MiB one thousands, as
 * `pstore decode`'s table folds them); on a map that would still have
 * hundreds of runs — a wrong layout of a large region rejects thousands of
 * zones, each with its own stray signature in its reason — runs in the same
 * state fold whatever their reasons. Folded in the worker, so that the page
 * receives a few hundred runs rather than tens of thousands of zones.
 */
import type { DecodeView, PageView, ZoneRun, ZoneView } from './types.ts';

/** Runs beyond which dump zones fold by state alone. */
const MAX_RUNS = 300;

/** Dump zones in the same state without a file of their own. */
function sameState(a: ZoneView, b: ZoneView): boolean {
  return (
    a.type === 'dmesg' &&
    b.type === 'dmesg' &&
    a.file === null &&
    b.file === null &&
    a.state === b.state
  );
}

/** Alike dump zones: also the same reason and size, and no ECC finding to show. */
function alike(a: ZoneView, b: ZoneView): boolean {
  return (
    sameState(a, b) &&
    a.reason === b.reason &&
    a.size === b.size &&
    !a.ecc?.blocks.length &&
    !b.ecc?.blocks.length
  );
}

function fold(zones: readonly ZoneView[], together: (a: ZoneView, b: ZoneView) => boolean) {
  const runs: ZoneView[][] = [];
  for (const z of zones) {
    const last = runs.at(-1);
    if (last && together(last[0]!, z)) last.push(z);
    else runs.push([z]);
  }
  return runs;
}

export function zoneRuns(zones: readonly ZoneView[]): ZoneRun[] {
  let runs = fold(zones, alike);
  if (runs.length > MAX_RUNS) runs = fold(zones, sameState);
  return runs.map((run) => {
    const last = run.at(-1)!;
    return {
      first: run[0]!,
      count: run.length,
      last: { index: last.index, end: last.offset + last.size },
      reasons: new Set(run.map((z) => z.reason)).size
    };
  });
}

/** What the page receives of a decode: the zones folded into runs. */
export function pageView({ zones, ...rest }: DecodeView): PageView {
  return {
    ...rest,
    runs: zoneRuns(zones),
    zoneCount: zones.length,
    rejectedCount: zones.filter((z) => z.rejected).length
  };
}
