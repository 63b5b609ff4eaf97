/**
 * The command language as scripts use it: every command parses, runs on the
 * board, and says what happened.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand, parseScript } from '../src/script/commands.ts';
import { runScript } from '../src/script/runner.ts';
import { testBoard } from './helpers.ts';

describe('parsing commands', () => {
  it('reads levels by number or name, and ignores comments and blank lines', () => {
    expect(parseCommand('printk 3 disk error')).toEqual({
      kind: 'printk',
      level: 3,
      text: 'disk error'
    });
    expect(parseCommand('printk err disk error')).toEqual({
      kind: 'printk',
      level: 3,
      text: 'disk error'
    });
    expect(parseCommand('printk 3')).toEqual({ kind: 'printk', level: null, text: '3' });
    expect(parseCommand('kill pmsg-chardev 120')).toEqual({
      kind: 'kill',
      component: 'pmsg',
      afterBytes: 120
    });
    expect(parseScript('# a comment\n\n  ls\n')).toEqual([{ line: 3, command: { kind: 'ls' } }]);
  });

  it.each([
    ['frobnicate', /unknown command "frobnicate"/],
    ['kill kernel', /kill takes COMPONENT/],
    ['corrupt console gone', /corrupt takes ZONE sig\|size0\|size-huge/],
    ['ls -l', /ls takes no argument/],
    ['pmsg', /pmsg needs a message/]
  ])('refuses "%s"', (line, message) => {
    expect(() => parseCommand(line, 4)).toThrow(message);
  });
});

describe('a script', () => {
  it('logs, writes, crashes, injects faults, reboots, lists, exports and removes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'device-script-'));
    const board = testBoard('single');
    const lines: string[] = [];
    const script = parseScript(`
printk 6 hello
printk warning careful
pmsg Testing pstore
sleep 100
panic scripted
flip console 3
corrupt dmesg0 size-huge
reboot
zones
ls
cat pmsg-ramoops-0
export ${dir}
rm pmsg-ramoops-0
ls
`);
    const { failures } = await runScript(board, script, (l) => lines.push(l));
    expect(failures).toBe(0);
    const out = lines.join('\n');
    expect(out).toContain('printk: 2 line(s) logged');
    expect(out).toContain('pmsg: 15 bytes written');
    expect(out).toContain('sleep: 100 ms');
    expect(out).toContain('flip: console: flipped 3 bit(s) in its');
    expect(out).toContain('corrupt: dmesg0: size overwritten with 0x40000000 (1 GiB)');
    expect(out).toContain('Testing pstore\n\nECC: No errors detected');
    expect(out).toContain('rm: pmsg-ramoops-0 erased');
    expect(readdirSync(dir).sort()).toEqual([
      '.pstore-ts', // the list of what export wrote (see pstore-fs's output-dir.ts)
      'console-ramoops-0',
      'dmesg-ramoops-0',
      'pmsg-ramoops-0'
    ]);
    expect(board.lastBoot!.faults.corrected).toContain('console: 3 byte(s) corrected');
    // ECC put the dump zone's header back: the panic dump survived the corruption.
    expect(board.lastBoot!.faults.corrected.some((l) => l.startsWith('dmesg 0: '))).toBe(true);
  });
});
