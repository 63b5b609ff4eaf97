/**
 * The README's usage example, run as written: the first ts block under "## Usage", its package
 * imports (pstore-fs, kmsg, console) pointed at the workspace sources, prints what the comments
 * beside its console.log calls say.
 * Kernel counterpart: none.
 */
import { printedBy, usageExample } from '@pstore/test-vectors/readme';
import { describe, expect, it } from 'vitest';

describe('README usage example', () => {
  it('runs and prints what its comments say', async () => {
    const example = usageExample(new URL('..', import.meta.url));
    expect(example.expected).toHaveLength(3);
    expect(await printedBy(() => import(/* @vite-ignore */ example.file))).toEqual(
      example.expected
    );
  });
});
