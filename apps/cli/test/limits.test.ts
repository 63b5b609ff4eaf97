/**
 * Layouts at the kernel's size limits, through the built command: sizes a
 * kernel takes answer at once (the dump zones are described, not listed);
 * sizes it refuses, or that a JS number cannot hold exactly, are one line
 * naming the limit. The time and memory figures are measured by hand
 * (see the project's issue 10), never asserted here.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs() (kcalloc of the
 * prz array), ramoops_probe() (psinfo->buf); include/linux/slab.h
 * KMALLOC_MAX_SIZE.
 */
import { describe, expect, it } from 'vitest';
import { expectBadInput } from '@pstore/cli-kit/testing';
import { pstoreProcess } from './helpers.ts';

/** mem_size holding the largest dmesg prz array kcalloc() gives: 524288 zones of 4 KiB + 3 zones. */
const AT_LIMIT = String((524288 + 3) * 4096);

describe('pstore layout at the kernel limits', () => {
  it('refuses --mem-size 100G (26 million 4 KiB dump zones) naming KMALLOC_MAX_SIZE', () => {
    expectBadInput(
      pstoreProcess(['layout', '--mem-size', '100G']),
      /^pstore layout: ramoops: the 0x18ffffd000-byte dump area \/ record_size 0x1000 = 26214397 dmesg zones: .*KMALLOC_MAX_SIZE 4194304, so at most 524288 zones\): ramoops_init_przs\(\) fails with ENOMEM; use a larger record_size\n$/
    );
  });

  it('refuses ramoops.mem_size=0x10000000000 (1 TiB) the same way', () => {
    expectBadInput(
      pstoreProcess(['layout', '--params', 'ramoops.mem_size=0x10000000000']),
      /= 268435453 dmesg zones: their pointer array needs 2147483624 bytes/
    );
  });

  it('lays out 100G with 1 GiB records (99 zones)', () => {
    const r = pstoreProcess(['layout', '--mem-size', '100G', '--record-size', '1G']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/mem_size 0x1900000000 .* 99 dump zone\(s\)/);
    expect(r.stdout).toMatch(/^dmesg 0\.\.98 +0x000000 +0x0 +99 × 0x40a57e38 /m);
  });

  it('lays out the largest count the kernel allocates, folded into one row', () => {
    const folded = pstoreProcess(['layout', '--mem-size', AT_LIMIT]);
    expect(folded.code).toBe(0);
    expect(folded.stdout).toMatch(/524288 dump zone\(s\)/);
    expect(folded.stdout).toMatch(/^dmesg 0\.\.524287 +0x000000 +0x0 +524288 × 0x1000 +4084 /m);
  });

  // 65536 zones here to keep the suite quick; the full 524288 are measured by hand.
  const MANY = String((65536 + 3) * 4096);

  it('lists every dump zone with --all, aligned', () => {
    const all = pstoreProcess(['layout', '--mem-size', MANY, '--all']);
    expect(all.code).toBe(0);
    const rows = all.stdout.split('\n').filter((l) => /^(dmesg|console|pmsg|ftrace)\b/.test(l));
    expect(rows).toHaveLength(65536 + 3);
    expect(rows[0]).toMatch(/^dmesg 0 +0x000000 +0x0 +0x1000 +4084 +0x43474244 +-$/);
    expect(rows[65535]).toMatch(/^dmesg 65535 +0xffff000 +0xffff000 +0x1000 +4084 +0x43474244 +-$/);
    // One table: the offset column starts at the same place in every row.
    expect(rows[0]!.indexOf('0x000000')).toBe(rows[65535]!.indexOf('0xffff000'));
    expect(rows[65536]).toMatch(/^console {6}0x10000000 /);
  });

  it('writes every dump zone with --json', () => {
    const json = pstoreProcess(['layout', '--mem-size', MANY, '--json']);
    expect(json.code).toBe(0);
    const j = JSON.parse(json.stdout) as {
      dumpCount: number;
      zones: { type: string; index: number; offset: number; label: string }[];
    };
    expect(j.dumpCount).toBe(65536);
    expect(j.zones).toHaveLength(65536 + 3);
    expect(j.zones[65535]).toEqual({
      type: 'dmesg',
      index: 65535,
      offset: 0xffff000,
      size: 0x1000,
      dataCapacity: 4084,
      sig: '0x43474244',
      flags: '-',
      label: 'ramoops:dmesg(65535/65535)'
    });
  });

  it('refuses one dump zone more than that', () => {
    expectBadInput(
      pstoreProcess(['layout', '--mem-size', String((524289 + 3) * 4096)]),
      /= 524289 dmesg zones: .* at most 524288 zones/
    );
  });

  it('refuses an 8 MiB record on 6.1 (kzalloc of the dump buffer) and takes it on 6.12', () => {
    const args = ['layout', '--mem-size', '32M', '--record-size', '8M'];
    expectBadInput(
      pstoreProcess([...args, '--kernel', '6.1']),
      /dump buffer .* with kmalloc\(\), which gives at most KMALLOC_MAX_SIZE 4194304 bytes: the probe fails with ENOMEM/
    );
    expect(pstoreProcess([...args, '--kernel', '6.12']).code).toBe(0);
  });
});

describe('numbers a JS number or a kernel cannot hold', () => {
  it('refuses mem_size 2^53, naming 2^53', () => {
    expectBadInput(
      pstoreProcess(['layout', '--params', 'ramoops.mem_size=9007199254740992']),
      /ramoops\.mem_size 0x20000000000000 is 2\^53 \(9007199254740992\) or more: pstore-ts computes layouts in JavaScript numbers, which are exact only below 2\^53\n$/
    );
    expectBadInput(
      pstoreProcess(['layout', '--mem-size', '9007199254740993']),
      /ramoops\.mem_size 0x20000000000001 is 2\^53/
    );
  });

  it('refuses more than ULONG_MAX as kstrtoul() does', () => {
    expectBadInput(
      pstoreProcess(['layout', '--params', 'ramoops.mem_size=0x10000000000000000']),
      /does not fit an unsigned long \(ULONG_MAX 0xffffffffffffffff\): kstrtoul\(\) fails with ERANGE/
    );
  });

  it('refuses decoding with a mem_size beyond 2^53 before reading anything', () => {
    expectBadInput(
      pstoreProcess(['decode', '-', '--mem-size', '0x40000000000000'], { input: 'x' }),
      /is 2\^53 .* or more/
    );
  });
});
