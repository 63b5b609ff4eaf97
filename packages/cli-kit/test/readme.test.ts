/**
 * The README's usage example, run as written in a separate process (its
 * stdout a pipe, as in a script): the package import points at the sources,
 * and what it prints is what its comments say.
 */
import { runAsScript, usageExample } from '@pstore/test-vectors/readme';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../src/testing/index.ts';

describe('README usage example', () => {
  it('runs and prints what its comments say', () => {
    const r = runAsScript(usageExample(new URL('..', import.meta.url)), cleanEnv());
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('record\ncomplete -F _tool_complete tool\n');
  });
});
