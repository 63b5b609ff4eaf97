/**
 * The board's command language, one command a line (`#` starts a comment):
 * what scripts, the shell and the tests run. Parsing only; the runner
 * executes.
 * Kernel counterpart: none (the test bench's console).
 */
import { parseComponent, type Component } from '../components.ts';
import { HEADER_FAULTS, type HeaderFault } from '../faults/ram-faults.ts';
import { DeviceError } from '../hardware/ram.ts';

export type Command =
  | { readonly kind: 'printk'; readonly level: number | null; readonly text: string }
  | { readonly kind: 'pmsg' | 'oops' | 'panic'; readonly text: string }
  | { readonly kind: 'boot' | 'reboot' | 'poweroff' | 'ls' | 'selftest' | 'zones' }
  | { readonly kind: 'cat' | 'rm'; readonly name: string }
  | { readonly kind: 'export'; readonly dir: string; readonly force: boolean }
  | { readonly kind: 'flip'; readonly target: string; readonly count: number }
  | { readonly kind: 'corrupt'; readonly zone: string; readonly fault: HeaderFault }
  | { readonly kind: 'powercut'; readonly keep: boolean }
  | { readonly kind: 'kill'; readonly component: Component; readonly afterBytes: number | null }
  | { readonly kind: 'losewrite'; readonly afterBytes: number }
  | { readonly kind: 'sleep'; readonly ms: number };

/** Every command word, with its arguments, for help and completion. */
export const COMMAND_HELP: readonly (readonly [string, string])[] = [
  ['printk [LEVEL] TEXT', 'log a kernel message (LEVEL 0-7 or emerg…debug; default 4)'],
  ['pmsg TEXT', 'write TEXT and a newline to /dev/pmsg0'],
  ['oops TEXT', 'an oops: trace, kmsg_dump(OOPS); the kernel keeps running'],
  ['panic TEXT', 'panic(): dump, then every kernel worker is terminated (RAM kept)'],
  ['boot', 'power on (commands that need a kernel boot it anyway)'],
  ['reboot', 'warm reboot: RAM kept; the next boot shows what the last one left'],
  ['poweroff', 'power off: RAM lost unless --retain'],
  ['ls', 'the pstore filesystem: name, size, mtime'],
  ['cat NAME', 'a file of the pstore filesystem'],
  ['rm NAME', 'unlink: the backend erases the record'],
  [
    'export [--force] DIR',
    'write every file to DIR, replacing an earlier export (--force: DIR may hold other files; they stay)'
  ],
  ['zones', 'the zone map and what the last probe found in each zone'],
  ['flip ZONE|OFFSET COUNT', 'flip bits in RAM (a zone: COUNT random bits of its data)'],
  [
    `corrupt ZONE ${HEADER_FAULTS.join('|')}`,
    'corrupt a zone header (-parity: with its ECC parity made consistent, so the kernel must reject it)'
  ],
  ['powercut keep|lose', 'cut the power with no shutdown path; RAM kept or lost'],
  ['kill COMPONENT [AFTER_BYTES]', 'kill its worker now, or mid-store after AFTER_BYTES to RAM'],
  [
    'losewrite AFTER_BYTES',
    'blk: the disk acknowledges the write crossing AFTER_BYTES more bytes and drops it'
  ],
  ['sleep MS', "advance the board's clock (kernel time, pstore's update timer)"],
  ['selftest', "the kernel's pstore selftests: uuid to pmsg, panic, reboot, checks, rm"]
];

export const COMMAND_WORDS = COMMAND_HELP.map(([usage]) => usage.split(' ')[0]!);

const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

function int(text: string | undefined, what: string, line: number): number {
  const n = text !== undefined && /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new DeviceError(`line ${line}: ${what} must be a number (got "${text ?? ''}")`);
  }
  return n;
}

/** Parses one line; null for a blank or comment line. */
export function parseCommand(source: string, line = 1): Command | null {
  const text = source.trim();
  if (!text || text.startsWith('#')) return null;
  const [word = '', ...words] = text.split(/\s+/);
  const rest = text.slice(word.length).trim();
  const need = (what: string) => {
    if (!rest) throw new DeviceError(`line ${line}: ${word} needs ${what}`);
    return rest;
  };
  switch (word) {
    case 'printk': {
      const first = words[0]?.toLowerCase() ?? '';
      const level = /^[0-7]$/.test(first) ? Number(first) : LEVELS.indexOf(first);
      if (level >= 0 && words.length > 1) {
        return { kind: 'printk', level, text: rest.slice(words[0]!.length).trim() };
      }
      return { kind: 'printk', level: null, text: need('a message') };
    }
    case 'pmsg':
    case 'oops':
    case 'panic':
      return { kind: word, text: need('a message') };
    case 'boot':
    case 'reboot':
    case 'poweroff':
    case 'ls':
    case 'selftest':
    case 'zones':
      if (rest) throw new DeviceError(`line ${line}: ${word} takes no argument (got "${rest}")`);
      return { kind: word };
    case 'cat':
    case 'rm':
      return { kind: word, name: need('a file name') };
    case 'export': {
      const force = words[0] === '--force';
      const dir = force ? rest.slice('--force'.length).trim() : rest;
      if (!dir) throw new DeviceError(`line ${line}: export needs a directory`);
      return { kind: 'export', dir, force };
    }
    case 'flip':
      if (words.length !== 2) throw new DeviceError(`line ${line}: flip takes ZONE|OFFSET COUNT`);
      return { kind: 'flip', target: words[0]!, count: int(words[1], 'COUNT', line) };
    case 'corrupt': {
      const fault = words[1] as HeaderFault;
      if (words.length !== 2 || !HEADER_FAULTS.includes(fault)) {
        throw new DeviceError(`line ${line}: corrupt takes ZONE ${HEADER_FAULTS.join('|')}`);
      }
      return { kind: 'corrupt', zone: words[0]!, fault };
    }
    case 'powercut':
      if (words[0] !== 'keep' && words[0] !== 'lose') {
        throw new DeviceError(`line ${line}: powercut takes keep or lose`);
      }
      return { kind: 'powercut', keep: words[0] === 'keep' };
    case 'kill': {
      const component = parseComponent(words[0] ?? '');
      if (!component || words.length > 2) {
        throw new DeviceError(
          `line ${line}: kill takes COMPONENT [AFTER_BYTES] (ram-core, ramoops, pstore-blk, kmsg, console, pstore-fs, pmsg)`
        );
      }
      const afterBytes = words[1] === undefined ? null : int(words[1], 'AFTER_BYTES', line);
      return { kind: 'kill', component, afterBytes };
    }
    case 'sleep':
      return { kind: 'sleep', ms: int(words[0], 'MS', line) };
    case 'losewrite':
      if (words.length !== 1) throw new DeviceError(`line ${line}: losewrite takes AFTER_BYTES`);
      return { kind: 'losewrite', afterBytes: int(words[0], 'AFTER_BYTES', line) };
    default:
      throw new DeviceError(
        `line ${line}: unknown command "${word}" (commands: ${COMMAND_WORDS.join(', ')})`
      );
  }
}

/** Parses a whole script; the first bad line is an error naming it. */
export function parseScript(text: string): { readonly line: number; readonly command: Command }[] {
  const out: { line: number; command: Command }[] = [];
  text.split(/\r?\n/).forEach((source, i) => {
    const command = parseCommand(source, i + 1);
    if (command) out.push({ line: i + 1, command });
  });
  return out;
}
