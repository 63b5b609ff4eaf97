import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeAndroidPmsgFrame } from '@pstore/android-logger';
import { pstore, tmp } from './helpers.ts';

function androidPmsg(): Uint8Array {
  const frames = [
    { tag: 'init', message: 'starting services', priority: 4 },
    { tag: 'DyingGasp', message: 'watchdog about to fire', priority: 6 }
  ].map((f, i) =>
    encodeAndroidPmsgFrame({
      logId: 'main',
      uid: 1000,
      pid: 321,
      tid: 322 + i,
      sec: 1700000000 + i,
      nsec: 5_000_000,
      ...f
    })
  );
  const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

describe('pstore decode --pmsg-format', () => {
  const dir = tmp('pmsg');
  const pmsg = join(dir, 'pmsg.bin');
  writeFileSync(pmsg, androidPmsg());
  const image = join(dir, 'image.bin');
  const params = 'ramoops.mem_size=0x10000 ramoops.record_size=0x1000';
  expect(pstore('encode', '--out', image, '--params', params, '--pmsg', pmsg).code).toBe(0);

  it('auto-detects Android logger frames and prints logcat threadtime lines', () => {
    const r = pstore('decode', image, '--params', params);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pmsg-ramoops-0 as Android logger frames');
    expect(r.stdout).toMatch(/11-14 22:13:20\.005 +321 +322 I init +: starting services/);
    expect(r.stdout).toMatch(/11-14 22:13:21\.005 +321 +323 E DyingGasp: watchdog about to fire/);
  });

  it('--json carries the logcat lines; --out keeps the file byte-exact', () => {
    const out = join(dir, 'out');
    const r = pstore('decode', image, '--params', params, '--json', '--out', out);
    const j = JSON.parse(r.stdout) as { pmsg: { format: string; lines: string[] } };
    expect(j.pmsg.lines).toHaveLength(2);
    expect(readFileSync(join(out, 'pmsg-ramoops-0'))).toEqual(Buffer.from(androidPmsg()));
  });

  it('raw turns it off, and plain text pmsg is never taken for frames', () => {
    expect(
      pstore('decode', image, '--params', params, '--pmsg-format', 'raw').stdout
    ).not.toContain('logcat');
    const text = join(dir, 'text.txt');
    writeFileSync(text, 'Testing pstore: uuid=0123\n');
    const img2 = join(dir, 'image2.bin');
    pstore('encode', '--out', img2, '--params', params, '--pmsg', text);
    expect(pstore('decode', img2, '--params', params).stdout).not.toContain('logcat');
  });

  it('rejects an unknown format', () => {
    const r = pstore('decode', image, '--params', params, '--pmsg-format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--pmsg-format must be android, raw or auto \(got "json"\)/);
  });
});
