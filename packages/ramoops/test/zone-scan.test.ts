import { parseKernelVersion } from '@pstore/ram-core';
import { readKernelCase, skipMessage, vectorsAvailable } from '@pstore/test-vectors';
import { describe, expect, it } from 'vitest';
import { ramoopsFromCmdline } from '../src/config/module-params.ts';
import { ramoopsEra } from '../src/era.ts';
import { ramoopsDumpZone, ramoopsLayout } from '../src/layout.ts';
import { misplacedZonesNote, scanZoneHeaders } from '../src/zone-scan.ts';

if (!vectorsAvailable) skipMessage();

const era = ramoopsEra(parseKernelVersion('6.1.192'));

/** Every zone offset of a configuration. */
function offsets(params: string): number[] {
  const layout = ramoopsLayout(ramoopsFromCmdline(params, era), era, { nrCpus: 1 });
  const dumps = Array.from(
    { length: layout.dumpCount },
    (_, i) => ramoopsDumpZone(layout, i).offset
  );
  return [...dumps, ...layout.afterDumps.map((z) => z.offset)];
}

describe('scanZoneHeaders', () => {
  it('finds nothing in zeros or in bytes without a plausible header', () => {
    expect(scanZoneHeaders(new Uint8Array(4096))).toEqual({ count: 0, offsets: [] });
    const b = new Uint8Array(64);
    new DataView(b.buffer).setUint32(8, 0x43474244, true);
    new DataView(b.buffer).setUint32(16, 1000, true); // size beyond the region
    expect(scanZoneHeaders(b).count).toBe(0);
  });

  it('finds the dmesg and ftrace signatures (sig ^ LINUX_VERSION_CODE) at any byte offset', () => {
    const b = new Uint8Array(96);
    const v = new DataView(b.buffer);
    v.setUint32(1, 0x43474244, true);
    v.setUint32(41, (0x43474244 ^ 0x0601c0) >>> 0, true);
    expect(scanZoneHeaders(b)).toEqual({ count: 2, offsets: [1, 41] });
    const be = new Uint8Array(96);
    new DataView(be.buffer).setUint32(70, 0x43474244, false);
    expect(scanZoneHeaders(be, { endian: 'big' })).toEqual({ count: 1, offsets: [70] });
  });
});

describe.skipIf(!vectorsAvailable)('misplacedZonesNote on a real kernel image', () => {
  it('names the headers a wrong record_size misses (custom-6.1-ecc16-all read with 0x1000)', () => {
    const image = readKernelCase('custom-6.1-ecc16-all').image;
    const right = offsets(
      'ramoops.mem_size=0x100000 ramoops.record_size=0x4000 ramoops.console_size=0x8000 ramoops.ftrace_size=0x2000 ramoops.pmsg_size=0x8000 ramoops.ecc=16'
    );
    // With the kernel's own layout every header is where it looks.
    expect(misplacedZonesNote(image, right)).toBeNull();
    const wrong = offsets(
      'ramoops.mem_size=0x100000 ramoops.record_size=0x1000 ramoops.console_size=0x1000 ramoops.ecc=16'
    );
    const scan = scanZoneHeaders(image, { exclude: new Set(wrong) });
    // 58 dump zones after the first (0x408a apart), console, ftrace, pmsg.
    expect(scan.count).toBe(61);
    expect(scan.offsets.slice(0, 3)).toEqual([0x408a, 0x8114, 0xc19e]);
    expect(misplacedZonesNote(image, wrong)).toMatch(
      /^every zone of this layout was rejected, but the image holds 61 persistent-RAM zone header\(s\) at 0x408a, 0x8114, .* where this layout puts no zone \(its zones are at 0x0, 0x1000, .*record_size/
    );
  });
});
