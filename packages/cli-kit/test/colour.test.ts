import { describe, expect, it } from 'vitest';
import { colourWanted, levelStyle, paintKernelLog, painter, visibleLength } from '../src/colour.ts';

describe('colours', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('are on for a terminal and off for a pipe or a file', () => {
    expect(colourWanted(tty, {})).toBe(true);
    expect(colourWanted(pipe, {})).toBe(false);
    expect(colourWanted({}, {})).toBe(false);
  });
  it('NO_COLOR wins over a terminal; FORCE_COLOR turns them on in a pipe', () => {
    expect(colourWanted(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(tty, { NO_COLOR: '' })).toBe(true);
    expect(colourWanted(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourWanted(tty, { TERM: 'dumb' })).toBe(false);
  });
  it('painting is SGR escapes when on, the text itself when off', () => {
    expect(painter(true)('red', 'x')).toBe('\x1b[31mx\x1b[0m');
    expect(painter(false)('red', 'x')).toBe('x');
    expect(painter(true)(null, 'x')).toBe('x');
    expect(visibleLength(painter(true)('bold', 'abc'))).toBe(3);
  });
  it('kernel levels are coloured as dmesg --color does', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(levelStyle)).toEqual([
      'red',
      'red',
      'red',
      'red',
      'yellow',
      'bold',
      null,
      'dim'
    ]);
  });
  it("kernel log lines take their level's colour; other lines and facility bits are handled", () => {
    const text = '<3>[    1.000000] mmc0: timeout\n<12>[ 2.0] user warning\nPanic#1 Part1\n<6>info';
    expect(paintKernelLog(text, painter(true)).split('\n')).toEqual([
      '\x1b[31m<3>[    1.000000] mmc0: timeout\x1b[0m',
      '\x1b[33m<12>[ 2.0] user warning\x1b[0m',
      'Panic#1 Part1',
      '<6>info'
    ]);
    expect(paintKernelLog(text, painter(false))).toBe(text);
  });
});
