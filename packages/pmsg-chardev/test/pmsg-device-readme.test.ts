/**
 * The README's Usage example, run as written: the first ts block under "## Usage" is
 * extracted, its package imports pointed at the workspace sources, and what it prints is
 * compared with the `// …` comment after each console.log.
 */
import { printedBy, usageExample } from '@pstore/test-vectors/readme';
import { describe, expect, it } from 'vitest';

describe('README usage example', () => {
  it('runs and prints what its comments say', async () => {
    const example = usageExample(new URL('..', import.meta.url));
    expect(example.expected).toHaveLength(8);
    expect(await printedBy(() => import(/* @vite-ignore */ example.file))).toEqual(
      example.expected
    );
  });
});
