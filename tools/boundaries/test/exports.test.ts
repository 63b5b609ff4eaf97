/**
 * Every project's package.json `exports` names files that exist: the `development` target (the
 * sources tests and `--conditions=development` run) is there, and the `types`/`default` targets
 * are what tsc emits for it (src/x.ts → dist/x.d.ts, dist/x.js), so a file moved out of a package
 * cannot leave an entry point that resolves to nothing once built.
 * Kernel counterpart: none.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Conditions {
  readonly development?: string;
  readonly types?: string;
  readonly default?: string;
}

interface Manifest {
  readonly name: string;
  readonly exports?: Readonly<Record<string, string | Conditions>>;
}

/** Every workspace project with a package.json, as [folder, manifest]. */
function projects(): [string, Manifest][] {
  return ['packages', 'apps', 'tools'].flatMap((group) =>
    fs
      .readdirSync(join(ROOT, group))
      .map((name) => `${group}/${name}`)
      .filter((dir) => fs.existsSync(join(ROOT, dir, 'package.json')))
      .map((dir): [string, Manifest] => [
        dir,
        JSON.parse(fs.readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest
      ])
  );
}

describe.each(projects().filter(([, m]) => m.exports !== undefined))('%s exports', (dir, m) => {
  for (const [subpath, target] of Object.entries(m.exports ?? {})) {
    it(`${m.name}${subpath.slice(1)} has its files`, () => {
      if (typeof target === 'string') {
        expect(fs.existsSync(join(ROOT, dir, target)), target).toBe(true);
        return;
      }
      const dev = target.development;
      expect(dev, 'a development condition (the sources)').toMatch(/^\.\/src\/.+\.ts$/);
      expect(fs.existsSync(join(ROOT, dir, dev ?? '')), dev).toBe(true);
      const built = (dev ?? '').replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '');
      expect([target.types, target.default]).toEqual([`${built}.d.ts`, `${built}.js`]);
    });
  }
});
