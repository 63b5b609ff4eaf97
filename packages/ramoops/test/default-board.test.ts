/**
 * pstore-ts's default board and the rules that combine it with the words a
 * user gives: nothing → the board; words without mem_size → the board with
 * those parameters replaced; words with mem_size → a whole kernel command
 * line with the module defaults; a known region size → the board's other
 * parameters over that region.
 * Kernel counterpart: fs/pstore/ram.c module parameter defaults (4096-byte
 * zones, ecc 0) for the kernel-command-line case.
 */
import { parseKernelVersion } from '@pstore/ram-core';
import { describe, expect, it } from 'vitest';
import {
  cmdlineSetsRegion,
  PSTORE_TS_DEFAULT_BOARD,
  PSTORE_TS_DEFAULT_MEM_SIZE,
  ramoopsBoardConfig
} from '../src/config/default-board.ts';
import { ramoopsEra } from '../src/era.ts';

const era = ramoopsEra(parseKernelVersion('6.12'));
const sizes = (c: ReturnType<typeof ramoopsBoardConfig>['config']) => ({
  memSize: c.memSize,
  recordSize: c.recordSize,
  consoleSize: c.consoleSize,
  pmsgSize: c.pmsgSize,
  ftraceSize: c.ftraceSize,
  ecc: c.ecc.eccSize
});
const BOARD = {
  memSize: 0x100000,
  recordSize: 0x4000,
  consoleSize: 0x20000,
  pmsgSize: 0x10000,
  ftraceSize: 0x1000,
  ecc: 16
};

describe('pstore-ts default board', () => {
  it('is 1 MiB, 16 KiB records, 128 KiB console, 64 KiB pmsg, 4 KiB ftrace, ECC 16', () => {
    expect(PSTORE_TS_DEFAULT_MEM_SIZE).toBe(0x100000);
    expect(PSTORE_TS_DEFAULT_BOARD).toContain('ramoops.mem_size=0x100000');
    const b = ramoopsBoardConfig('', era);
    expect(b.basis).toBe('default-board');
    expect(sizes(b.config)).toEqual(BOARD);
    expect(b.note).toMatch(
      /^no configuration given: pstore-ts's default board \(ramoops\.mem_size=0x100000 .*\), not a kernel default/
    );
  });

  it('(a) ignores words that are not ramoops.* or pstore.* (a /proc/cmdline without ramoops)', () => {
    const b = ramoopsBoardConfig('BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet', era);
    expect(sizes(b.config)).toEqual(BOARD);
    expect(b.note).toMatch(/^no configuration given/);
  });

  it('(b) replaces single parameters of the board', () => {
    const b = ramoopsBoardConfig('ramoops.ecc=0 ramoops.record-size=0x2000', era);
    expect(b.basis).toBe('default-board');
    expect(sizes(b.config)).toEqual({ ...BOARD, ecc: 0, recordSize: 0x2000 });
    expect(b.note).toMatch(
      /^ramoops\.mem_size not given: the parameters not given come from pstore-ts's default board/
    );
  });

  it('(b) takes pstore.* words on top of the board', () => {
    const b = ramoopsBoardConfig('pstore.compress=none', era);
    expect(sizes(b.config)).toEqual(BOARD);
    expect(b.config.pstore.compress).toBe('none');
  });

  it('(c) takes words with mem_size as a whole kernel command line: module defaults for the rest', () => {
    const b = ramoopsBoardConfig('quiet ramoops.mem_size=0x100000 ramoops.ecc=1', era);
    expect(b.basis).toBe('kernel-cmdline');
    expect(b.note).toBeNull();
    expect(sizes(b.config)).toEqual({
      memSize: 0x100000,
      recordSize: 4096,
      consoleSize: 4096,
      pmsgSize: 4096,
      ftraceSize: 4096,
      ecc: 16
    });
  });

  it('(c) counts ramoops.mem-size (dash) and ramoops.mem_name as giving the region', () => {
    expect(ramoopsBoardConfig('ramoops.mem-size=0x20000', era).config.recordSize).toBe(4096);
    const named = ramoopsBoardConfig(
      'reserve_mem=2M:4096:oops ramoops.mem_name=oops',
      ramoopsEra(parseKernelVersion('6.12'))
    );
    expect(named.basis).toBe('kernel-cmdline');
    expect(named.config.memSize).toBe(0x200000);
  });

  it('(d) lays the board over a region of known size', () => {
    const b = ramoopsBoardConfig('', era, { memSize: 0x40000, from: 'the image after --offset' });
    expect(sizes(b.config)).toEqual({ ...BOARD, memSize: 0x40000 });
    expect(b.note).toBe(
      'ramoops.mem_size not given: the region is the image after --offset (0x40000 bytes); the other ' +
        "parameters are pstore-ts's default board (ramoops.record_size=0x4000 ramoops.console_size=0x20000 " +
        'ramoops.pmsg_size=0x10000 ramoops.ftrace_size=0x1000 ramoops.ecc=16), not a kernel default ' +
        '(with ramoops.mem_size, the words are a whole kernel command line and the rest takes the module defaults)'
    );
    const words = ramoopsBoardConfig('ramoops.ecc=0', era, { memSize: 0x40000, from: 'x' });
    expect(sizes(words.config)).toEqual({ ...BOARD, memSize: 0x40000, ecc: 0 });
  });

  it('tells words that give the region from words that do not', () => {
    expect(cmdlineSetsRegion('quiet ramoops.mem_size=0x1000')).toBe(true);
    expect(cmdlineSetsRegion('"ramoops.mem-size=0x1000"')).toBe(true);
    expect(cmdlineSetsRegion('ramoops.mem_name=oops')).toBe(true);
    expect(cmdlineSetsRegion('ramoops.ecc=0 pstore.compress=none')).toBe(false);
    expect(cmdlineSetsRegion('xramoops.mem_size=1 -- ramoops.mem_size=1')).toBe(false);
  });

  it('(d) yields to mem_size in the words', () => {
    const b = ramoopsBoardConfig('ramoops.mem_size=0x8000', era, { memSize: 0x40000, from: 'x' });
    expect(b.config.memSize).toBe(0x8000);
    expect(b.basis).toBe('kernel-cmdline');
  });
});
