import { describe, expect, it } from 'vitest';
import { PersistentRamZone, PRZ_FLAG_ZAP_OLD } from '../src/index.ts';

const dump = (b: Uint8Array) => Buffer.from(b).toString('hex');
const text = (s: string) => new TextEncoder().encode(s);

describe('zone images from WORKED-EXAMPLES.md', () => {
  it('Z1: one write into a fresh 256-byte zone gives start = size = 15', () => {
    const mem = new Uint8Array(256);
    const zone = PersistentRamZone.attach(mem);
    expect(zone.probe.found).toEqual({ state: 'no-signature', found: 0, expected: 0x43474244 });
    zone.write(text('Hello, pstore!\n'));
    expect(dump(mem.subarray(0, 0x20))).toBe(
      '444247430f0000000f00000048656c6c6f2c2070' + '73746f7265210a0000000000'
    );
    expect(mem.subarray(0x1b).every((b) => b === 0)).toBe(true);
  });

  it('Z2: with ECC 16 block 0 and the header get parity, block 1 is left alone', () => {
    const mem = new Uint8Array(256);
    const zone = PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
    // A freshly zapped empty ECC-16 zone carries vector R3 at par_header.
    expect(dump(mem.subarray(0xf0))).toBe('aa25d52132e2353a385519c02bcbad5f');
    zone.write(text('Hello, pstore!\n'));
    expect(dump(mem.subarray(0xd0, 0xe0))).toBe('785f57f14fe6d34be2b2e9c417c9324b');
    expect(mem.subarray(0xe0, 0xf0).every((b) => b === 0)).toBe(true);
    expect(dump(mem.subarray(0xf0))).toBe('7fae4cc05e366fdd4fd48a6ecacbe318');
  });

  it('E1: header decode then block decode correct 4 bytes; the notice says so in both spellings', () => {
    const mem = new Uint8Array(256);
    PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } }).write(text('Hello, pstore!\n'));
    const clean = mem.slice();
    mem[12] = mem[12]! ^ 0xff;
    mem[12 + 5] = mem[12 + 5]! ^ 0x01;
    mem[12 + 100] = mem[12 + 100]! ^ 0x80;
    mem[8] = mem[8]! ^ 0x40;
    const zone = PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
    expect(zone.probe.headerEcc).toBe(1);
    expect(zone.probe.found).toEqual({ state: 'valid', start: 15, size: 15 });
    expect(zone.correctedBytes).toBe(4);
    expect(zone.badBlocks).toBe(0);
    expect(mem).toEqual(clean);
    expect(new TextDecoder().decode(zone.old)).toBe('Hello, pstore!\n');
    expect(zone.eccNotice(true)).toBe('\nECC: 4 Corrected bytes, 0 unrecoverable blocks\n');
    expect(zone.eccNotice(true)).toHaveLength(48);
    expect(zone.eccNotice(false)).toBe('\n4 Corrected bytes, 0 unrecoverable blocks\n');
  });

  it('eccBlocks says which data blocks were corrected and which were beyond repair', () => {
    const mem = new Uint8Array(1024);
    const data = new Uint8Array(300).map((_, i) => (i * 7) & 0xff);
    PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } }).write(data);
    // Blocks are 128 bytes: two errors in block 0, nine (more than 16/2) in block 2.
    mem[12 + 3] = mem[12 + 3]! ^ 0x11;
    mem[12 + 70] = mem[12 + 70]! ^ 0x22;
    for (let i = 0; i < 9; i++) mem[12 + 256 + i * 4] = mem[12 + 256 + i * 4]! ^ 0x5a;
    const zone = PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
    expect(zone.eccBlocks).toEqual([
      { block: 0, numerr: 2 },
      { block: 2, numerr: -74 }
    ]);
    expect([zone.correctedBytes, zone.badBlocks]).toEqual([2, 1]);
    // A clean zone lists none; a zone without ECC has nothing to list.
    expect(
      PersistentRamZone.attach(new Uint8Array(256), { ecc: { eccSize: 16 } }).eccBlocks
    ).toEqual([]);
  });

  it('no-error notices are 25 bytes (5.18+) and 20 bytes (before), and empty without ECC', () => {
    const ecc = PersistentRamZone.attach(new Uint8Array(256), { ecc: { eccSize: 16 } });
    expect(ecc.eccNotice(true)).toBe('\nECC: No errors detected\n');
    expect(ecc.eccNotice(false)).toBe('\nNo errors detected\n');
    expect(PersistentRamZone.attach(new Uint8Array(256)).eccNotice(true)).toBe('');
  });

  it('Z3: a write that reaches the end of a 64-byte ring splits and wraps (start 8, size 52)', () => {
    const mem = new Uint8Array(64);
    const zone = PersistentRamZone.attach(mem);
    zone.write(text('A'.repeat(40)));
    zone.write(text('0123456789abcdefghij'));
    expect(dump(mem)).toBe(
      '44424743080000003400000063646566' +
        '6768696a414141414141414141414141' +
        '41414141414141414141414141414141' +
        '41414141303132333435363738396162'
    );
    const again = PersistentRamZone.attach(mem);
    expect(new TextDecoder().decode(again.old)).toBe('A'.repeat(32) + '0123456789abcdefghij');
  });

  it('Z4: an oversize write keeps its last 52 bytes at start 0', () => {
    const mem = new Uint8Array(64);
    const zone = PersistentRamZone.attach(mem);
    const bytes = Uint8Array.from({ length: 70 }, (_, i) => 0x30 + i);
    expect(zone.write(bytes)).toBe(70);
    expect([zone.start, zone.size]).toEqual([0, 52]);
    expect(mem.subarray(12)).toEqual(bytes.subarray(18));
  });

  it('Z5: a 6.x dmesg dump of 106 bytes gives start = size = 0x6a', () => {
    const mem = new Uint8Array(512);
    const zone = PersistentRamZone.attach(mem);
    zone.write(
      text(
        '====1700000000.123456-D\nPanic#1 Part1\n' +
          '<0>[    1.234567] Kernel panic - not syncing: sysrq triggered crash\n'
      )
    );
    expect(dump(mem.subarray(0, 0x14))).toBe('444247436a0000006a0000003d3d3d3d31373030');
    expect(dump(mem.subarray(0x70, 0x78))).toBe('63726173680a0000');
  });
});

describe('attach (persistent_ram_post_init)', () => {
  const make = () => {
    const mem = new Uint8Array(128);
    PersistentRamZone.attach(mem).write(text('old boot'));
    return mem;
  };

  it('saves a valid zone and leaves it alone', () => {
    const mem = make();
    const z = PersistentRamZone.attach(mem);
    expect(z.probe).toEqual({
      found: { state: 'valid', start: 8, size: 8 },
      headerEcc: 0,
      zapped: false
    });
    expect(new TextDecoder().decode(z.old)).toBe('old boot');
    expect(z.size).toBe(8);
  });

  it('ZAP_OLD saves the old content, then resets the zone', () => {
    const z = PersistentRamZone.attach(make(), { flags: PRZ_FLAG_ZAP_OLD });
    expect(new TextDecoder().decode(z.old)).toBe('old boot');
    expect([z.start, z.size, z.probe.zapped]).toEqual([0, 0, true]);
  });

  it('a zone whose start exceeds its size is zapped, its data bytes kept', () => {
    const mem = make();
    new DataView(mem.buffer).setUint32(4, 9, true);
    const z = PersistentRamZone.attach(mem);
    expect(z.probe.found).toEqual({ state: 'invalid', start: 9, size: 8, capacity: 116 });
    expect([z.start, z.size, z.old]).toEqual([0, 0, null]);
    expect(new TextDecoder().decode(mem.subarray(12, 20))).toBe('old boot');
  });

  it('a size beyond the capacity (a "huge" size) is zapped', () => {
    const mem = make();
    new DataView(mem.buffer).setUint32(8, 0x40000000, true);
    const z = PersistentRamZone.attach(mem);
    expect(z.probe.found).toMatchObject({ state: 'invalid', size: 0x40000000 });
  });

  it('a flipped signature bit rewrites the signature and zaps; the payload survives', () => {
    const mem = make();
    mem[0] = mem[0]! ^ 0x01;
    const z = PersistentRamZone.attach(mem);
    expect(z.probe.found).toEqual({
      state: 'no-signature',
      found: 0x43474245,
      expected: 0x43474244
    });
    expect(z.sig).toBe(0x43474244);
    expect(new TextDecoder().decode(mem.subarray(12, 20))).toBe('old boot');
  });

  it('size 0 with start ≠ 0 is zapped on 6.5+, kept as empty by older kernels', () => {
    const mem = make();
    new DataView(mem.buffer).setUint32(8, 0, true);
    const legacy = PersistentRamZone.attach(mem.slice(), { emptyRequiresZeroStart: false });
    expect([legacy.probe.found.state, legacy.start]).toEqual(['empty', 8]);
    const current = PersistentRamZone.attach(mem);
    expect(current.probe.found).toMatchObject({ state: 'invalid', start: 8, size: 0 });
    expect(current.start).toBe(0);
  });

  it('ftrace zones carry the LINUX_VERSION_CODE in their signature (6.6.14 → 4a 44 41 43)', () => {
    const mem = new Uint8Array(64);
    PersistentRamZone.attach(mem, { sig: 0x06060e });
    expect(dump(mem.subarray(0, 4))).toBe('4a444143');
  });

  it('big-endian headers store the same words in the other byte order', () => {
    const mem = new Uint8Array(64);
    PersistentRamZone.attach(mem, { endian: 'big' }).write(text('abc'));
    expect(dump(mem.subarray(0, 12))).toBe('434742440000000300000003');
    expect(PersistentRamZone.attach(mem, { endian: 'big' }).probe.found.state).toBe('valid');
  });

  it('an uncorrectable header counts one bad block before the signature check', () => {
    const mem = new Uint8Array(256);
    PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } }).write(text('x'));
    for (let i = 0; i < 12; i++) mem[i] = mem[i]! ^ 0x5a;
    const z = PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
    expect(z.probe.headerEcc).toBe(-74);
    expect(z.badBlocks).toBe(1);
    expect(z.eccNotice(true)).toBe('\nECC: 0 Corrected bytes, 1 unrecoverable blocks\n');
  });

  it('zap clears start and size only, and re-encodes the header parity', () => {
    const mem = new Uint8Array(256);
    const z = PersistentRamZone.attach(mem, { ecc: { eccSize: 16 } });
    z.write(text('payload'));
    z.zap();
    expect([z.start, z.size]).toEqual([0, 0]);
    expect(dump(mem.subarray(0xf0))).toBe('aa25d52132e2353a385519c02bcbad5f');
    expect(new TextDecoder().decode(mem.subarray(12, 19))).toBe('payload');
  });
});
