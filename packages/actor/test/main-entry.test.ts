/**
 * The main entry stays usable in a browser: no module it reaches imports a
 * node: builtin or comlink; only the worker entry (`@pstore/actor/worker`) does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every module of src/ that `entry` reaches through relative imports, with its bare imports. */
function reach(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (url: URL) => {
    if (seen.has(url.href)) return;
    const text = readFileSync(url, 'utf8');
    const specifiers = [...text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map(
      (m) => m[1]!
    );
    seen.set(
      url.href,
      specifiers.filter((s) => !s.startsWith('.'))
    );
    for (const s of specifiers) if (s.startsWith('.')) visit(new URL(s, url));
  };
  visit(new URL(entry, import.meta.url));
  return seen;
}

describe('the main entry', () => {
  it('imports nothing but xstate outside its own files', () => {
    const bare = [...reach('../src/index.ts').values()].flat();
    expect(new Set(bare)).toEqual(new Set(['xstate']));
  });

  it('leaves worker_threads and comlink to the worker entry', () => {
    const bare = [...reach('../src/worker-entry.ts').values()].flat();
    expect(bare).toEqual(expect.arrayContaining(['comlink', 'node:worker_threads']));
  });
});
