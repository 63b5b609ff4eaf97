/**
 * Colours on a terminal, none in a pipe or a file: the convention of ls,
 * grep and systemd tools. NO_COLOR (https://no-color.org) set to anything
 * non-empty turns colours off; FORCE_COLOR turns them on (for `less -R`);
 * TERM=dumb has none.
 * Kernel counterpart: none (user space).
 */

export type Style = 'red' | 'yellow' | 'green' | 'blue' | 'magenta' | 'cyan' | 'dim' | 'bold';

const SGR: Readonly<Record<Style, string>> = {
  red: '31',
  yellow: '33',
  green: '32',
  blue: '34',
  magenta: '35',
  cyan: '36',
  dim: '2',
  bold: '1'
};

/** Paints text in one style, or returns it unchanged when colours are off. */
export type Paint = (style: Style | null, text: string) => string;

/** Whether output to `stream` should be coloured, from the environment and the stream. */
export function colourWanted(
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env
): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export function painter(enabled: boolean): Paint {
  if (!enabled) return (_style, text) => text;
  return (style, text) => (style && text ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text);
}

/** The width a string takes on a terminal: its length without colour escapes. */
export function visibleLength(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/**
 * The colour of a kernel log level (0 emerg … 7 debug), as `dmesg --color`
 * shows them: emergencies to errors red, warnings yellow, notices bold,
 * debug dim.
 */
export function levelStyle(level: number): Style | null {
  if (level <= 3) return 'red';
  if (level === 4) return 'yellow';
  if (level === 5) return 'bold';
  if (level === 7) return 'dim';
  return null;
}

/**
 * Colours the lines of kernel log text by their level: lines that start with
 * the syslog prefix `<N>` (dmesg records, /dev/kmsg) take the colour of level
 * N & 7; other lines stay as they are.
 */
export function paintKernelLog(text: string, paint: Paint): string {
  return text
    .split('\n')
    .map((line) => {
      const m = /^<(\d{1,3})>/.exec(line);
      return m ? paint(levelStyle(Number(m[1]) & 7), line) : line;
    })
    .join('\n');
}
