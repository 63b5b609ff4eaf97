import { describe, expect, it } from 'vitest';
import { encodeAndroidPmsgFrame } from '@pstore/android-logger';
import { renderPmsg } from '../src/render-pmsg.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (u: Uint8Array): string => new TextDecoder().decode(u);

// 1700000000 is 2023-11-14 22:13:20 UTC.
const frame = (message: string, priority = 4, tag = 'init'): Uint8Array =>
  encodeAndroidPmsgFrame({
    logId: 'main',
    uid: 1000,
    pid: 1234,
    tid: 1240,
    sec: 1_700_000_000,
    nsec: 678_000_000,
    priority,
    tag,
    message
  });

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const THREE = concat(frame('boot'), frame('dying gasp', 6, 'watchdog'), frame('last\nwords', 7));
const THREE_LOGCAT =
  '11-14 22:13:20.678  1234  1240 I init    : boot\n' +
  '11-14 22:13:20.678  1234  1240 E watchdog: dying gasp\n' +
  '11-14 22:13:20.678  1234  1240 F init    : last\n' +
  '11-14 22:13:20.678  1234  1240 F init    : words\n';

describe('renderPmsg (pstore decode --pmsg-format)', () => {
  it('renders Android logger frames as logcat threadtime lines', () => {
    const out = renderPmsg(THREE, 'android');
    expect(out.format).toBe('android');
    expect(dec(out.bytes)).toBe(THREE_LOGCAT);
    expect(out.unparsed).toEqual([]);
  });

  it('returns the bytes as they are for raw', () => {
    const out = renderPmsg(THREE, 'raw');
    expect(out).toEqual({ format: 'raw', bytes: THREE, unparsed: [] });
  });

  it('chooses android in auto for frames and raw for plain text', () => {
    expect(renderPmsg(THREE, 'auto').format).toBe('android');
    const text = enc('Testing pstore: uuid=3f0c2a9e\n');
    expect(renderPmsg(text, 'auto')).toEqual({ format: 'raw', bytes: text, unparsed: [] });
  });

  it('marks bytes that are not part of any frame where they were, with the reason', () => {
    const torn = frame('cut by the crash').subarray(0, 25);
    const bytes = concat(enc('xyz'), THREE, torn);
    const out = renderPmsg(bytes, 'android');
    expect(dec(out.bytes)).toBe(
      '--------- pmsg: 3 bytes at offset 0 not decoded (resync)\n' +
        THREE_LOGCAT +
        `--------- pmsg: 25 bytes at offset ${3 + THREE.length} not decoded (torn-frame)\n`
    );
    expect(out.unparsed.map((r) => r.reason)).toEqual(['resync', 'torn-frame']);
  });

  it('leaves the marks out on request, as logcat prints it', () => {
    const bytes = concat(enc('xyz'), THREE);
    expect(dec(renderPmsg(bytes, 'android', { markUnparsed: false }).bytes)).toBe(THREE_LOGCAT);
  });
});
