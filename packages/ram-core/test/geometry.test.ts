import { describe, expect, it } from 'vitest';
import { persistentRamGeometry, RamCoreError } from '../src/index.ts';

describe('persistentRamGeometry (persistent_ram_init_ecc)', () => {
  // WORKED-EXAMPLES.md §G: zone_size, E, ecc_blocks, ecc_total, buffer_size, par_buffer, par_header.
  it.each([
    [64, 0, 0, 0, 52, 64, 64],
    [256, 0, 0, 0, 244, 256, 256],
    [256, 16, 2, 48, 196, 208, 240],
    [1024, 16, 7, 128, 884, 896, 1008],
    [4096, 0, 0, 0, 4084, 4096, 4096],
    [4096, 16, 29, 480, 3604, 3616, 4080],
    [16384, 16, 114, 1840, 14532, 14544, 16368],
    [32768, 16, 228, 3664, 29092, 29104, 32752]
  ])(
    'zone %i with ECC %i: %i blocks, %i parity bytes, %i data bytes',
    (zone, ecc, blocks, total, data, parBuffer, parHeader) => {
      const g = persistentRamGeometry(zone, { eccSize: ecc });
      expect(g.eccBlocks).toBe(blocks);
      expect(g.eccTotal).toBe(total);
      expect(g.bufferSize).toBe(data);
      expect(g.parBufferOffset).toBe(parBuffer);
      expect(g.parHeaderOffset).toBe(parHeader);
      if (ecc) expect(g.parHeaderOffset + ecc).toBe(zone);
    }
  );

  it('puts the header parity in the last E bytes of the 6.1 dmesg zone (0x408a, ECC 16)', () => {
    const g = persistentRamGeometry(0x408a, { eccSize: 16 });
    expect(g.bufferSize).toBe(14654);
    expect(g.parHeaderOffset).toBe(0x408a - 16);
  });

  it('rejects a zone too small for its header', () => {
    expect(() => persistentRamGeometry(12)).toThrow(/zone size 12 .* too small/);
  });

  it('rejects ECC that leaves no room for data, naming the numbers (kernel: invalid ecc_size)', () => {
    const err = (() => {
      try {
        persistentRamGeometry(64, { eccSize: 32 });
      } catch (e) {
        return e as RamCoreError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(RamCoreError);
    expect(err!.code).toBe('EINVAL');
    expect(err!.message).toMatch(
      /ecc_size 32: parity needs 64 bytes but the zone of 64 bytes has 52/
    );
  });

  it('rejects a block size that is not a power of two', () => {
    expect(() => persistentRamGeometry(4096, { eccSize: 16, blockSize: 100 })).toThrow(
      /block size 100 is not a power of two/
    );
  });

  it('rejects an ECC size the codec cannot have', () => {
    expect(() => persistentRamGeometry(1 << 20, { eccSize: 255 })).toThrow(
      /ECC size 255 is out of range/
    );
  });

  it('selects the defaults for 0 like the kernel (?: 128, 8, 0x11d)', () => {
    const g = persistentRamGeometry(4096, { eccSize: 16, blockSize: 0, symsize: 0, poly: 0 });
    expect([g.blockSize, g.symsize, g.poly]).toEqual([128, 8, 0x11d]);
  });
});
