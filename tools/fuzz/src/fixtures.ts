/**
 * Regression fixtures: every failing case is saved as JSON beside the
 * package (fixtures/<generator>-<case seed>.json) with the seed that made
 * it, its arguments and its image (gzip, base64), so that it is replayed by
 * the tests long after the generators have changed.
 * Kernel counterpart: none.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FuzzCase } from './case.ts';
import type { Problem } from './invariants.ts';

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface Fixture {
  readonly name: string;
  /** The run's --seed and the case's index in it: `pstore-fuzz --seed S --runs I+1` reaches it. */
  readonly seed: number;
  readonly caseIndex: number;
  readonly caseSeed: number;
  readonly generator: string;
  readonly what: string;
  readonly args: readonly string[];
  readonly gz: boolean;
  /** The image, gzip-compressed and base64-encoded. */
  readonly image: string;
  /** What went wrong when it was found. */
  readonly found: readonly string[];
}

export function saveFixture(
  c: FuzzCase,
  where: { seed: number; caseIndex: number; caseSeed: number },
  problems: readonly Problem[],
  dir = FIXTURE_DIR
): string {
  const name = `${c.generator}-${(where.caseSeed >>> 0).toString(16).padStart(8, '0')}`;
  const f: Fixture = {
    name,
    ...where,
    generator: c.generator,
    what: c.what,
    args: c.args,
    gz: c.gz ?? false,
    image: gzipSync(c.image, { level: 9 }).toString('base64'),
    found: problems.map((p) => `${p.kind}: ${p.message}`)
  };
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(f, null, 2)}\n`);
  return path;
}

/** Every saved fixture, as cases. */
export function loadFixtures(dir = FIXTURE_DIR): { fixture: Fixture; case: FuzzCase }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => {
      const fixture = JSON.parse(readFileSync(join(dir, n), 'utf8')) as Fixture;
      return {
        fixture,
        case: {
          generator: fixture.generator,
          image: new Uint8Array(gunzipSync(Buffer.from(fixture.image, 'base64'))),
          args: fixture.args,
          gz: fixture.gz,
          what: fixture.what
        }
      };
    });
}
