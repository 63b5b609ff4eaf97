/**
 * `ram-core.prepare` (src/actor/ram-core.machine.ts): a worker started ahead
 * of its boot builds its Reed–Solomon codecs on request, once per code, and
 * refuses a code init_rs() would refuse, as data.
 */
import { describe, expect, it } from 'vitest';
import { createRamCoreHost, sharedRsCodec } from '../src/index.ts';

describe('ram-core.prepare', () => {
  it('builds each code once and reports how many codecs the thread holds', async () => {
    const host = createRamCoreHost();
    const first = await host.request({
      type: 'ram-core.prepare',
      codes: [{ nroots: 12, poly: 0x11d }]
    });
    expect(first).toMatchObject({ type: 'ram-core.prepared' });
    const held = (first as unknown as { codecs: number }).codecs;
    const again = await host.request({
      type: 'ram-core.prepare',
      codes: [
        { nroots: 12, poly: 0x11d },
        { nroots: 10, poly: 0x187 }
      ]
    });
    expect(again).toMatchObject({ type: 'ram-core.prepared', codecs: held + 1 });
    // The prepared codec is the one zones get: it encodes like any other.
    const codec = sharedRsCodec(12, 0x11d);
    expect(codec.encode(new Uint8Array([1, 2, 3]))).toHaveLength(12);
  });

  it('refuses a code the kernel would refuse, naming it', async () => {
    const reply = await createRamCoreHost().request({
      type: 'ram-core.prepare',
      codes: [{ nroots: 300, poly: 0x11d }]
    });
    expect(reply).toMatchObject({
      type: 'ram-core.failed',
      cause: 'ram-core.prepare',
      error: { errno: 22 }
    });
    expect((reply as unknown as { error: { message: string } }).error.message).toMatch(/300/);
  });
});
