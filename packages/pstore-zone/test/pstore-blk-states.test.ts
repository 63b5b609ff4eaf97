/**
 * The pstore-blk machine as the README draws it.
 * Kernel counterpart: fs/pstore/blk.c register_pstore_blk().
 */
import { readFileSync } from 'node:fs';
import { mermaidStateDiagram } from '@pstore/actor';
import { describe, expect, it } from 'vitest';
import { pstoreBlkMachine } from '../src/index.ts';

describe('pstore-blk states', () => {
  it('the README shows the machine as it is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme.includes(mermaidStateDiagram(pstoreBlkMachine))).toBe(true);
  });
});
