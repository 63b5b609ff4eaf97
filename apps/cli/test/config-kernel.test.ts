/**
 * --kernel V through the built command: the modelled range is 4.9 and
 * later; older versions and releases that never existed are refused with
 * the range or the series' last release; later releases than pstore-ts
 * knows are taken with a note.
 * Kernel counterpart: LINUX_VERSION_CODE and the release history.
 */
import { describe, expect, it } from 'vitest';
import { expectBadInput } from '@pstore/cli-kit/testing';
import { pstoreProcess } from './helpers.ts';

describe('pstore --kernel', () => {
  it.each(['2.6', '3.0', '4.8'])('refuses %s, naming the range', (v) => {
    expectBadInput(
      pstoreProcess(['layout', '--kernel', v]),
      `pstore layout: kernel ${v} is older than 4.9, the oldest kernel pstore-ts models ` +
        "(supported: 4.9 to 6.12; later releases get 6.12's rules)"
    );
  });

  it.each([
    ['4.21', '4.x series ended at 4.20 (then came 5.0)'],
    ['5.20', '5.x series ended at 5.19 (then came 6.0)']
  ])('refuses %s, which never existed, naming the last release of its series', (v, why) => {
    expectBadInput(
      pstoreProcess(['layout', '--kernel', v]),
      `pstore layout: kernel ${v} never existed: the ${why}`
    );
  });

  it.each(['6.20', '7.0', '99.1'])("takes %s with a note that 6.12's rules apply", (v) => {
    const r = pstoreProcess(['layout', '--kernel', v]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `note: kernel ${v} is newer than 6.12, the newest release pstore-ts knows: 6.12's rules are applied`
    );
    // The layout is 6.12's: pmsg before ftrace.
    expect(r.stdout).toMatch(/^pmsg .*\nftrace /m);
  });

  it('refuses them in decode and encode as well', () => {
    expect(pstoreProcess(['decode', '-', '--kernel', '3.18'], { input: 'x' }).stderr).toMatch(
      /^pstore decode: kernel 3\.18 is older than 4\.9/
    );
    expect(pstoreProcess(['encode', '--out', '/dev/null', '--kernel', '5.20']).stderr).toMatch(
      /^pstore encode: kernel 5\.20 never existed/
    );
  });

  it('takes every release of the range without a note', () => {
    for (const v of ['4.9', '4.20', '5.19', '6.12.3']) {
      const r = pstoreProcess(['layout', '--kernel', v]);
      expect(r.code, v).toBe(0);
      expect(r.stdout).not.toMatch(/newer than 6\.12/);
    }
  });
});
