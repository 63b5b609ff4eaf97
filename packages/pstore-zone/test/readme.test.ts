/**
 * The README's Usage example, run as written: the first ts block under "## Usage", its package
 * imports pointed at the sources, prints what the `// …` comment after each console.log says.
 * Kernel counterpart: none.
 */
import { printedBy, usageExample } from '@pstore/test-vectors/readme';
import { describe, expect, it } from 'vitest';

describe('README usage example', () => {
  it('runs and prints what its comments say', async () => {
    const example = usageExample(new URL('..', import.meta.url));
    expect(example.expected.length).toBeGreaterThan(0);
    expect(await printedBy(() => import(/* @vite-ignore */ example.file))).toEqual(
      example.expected
    );
  });
});
