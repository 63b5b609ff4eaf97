/** What a command may do to the outside world; tests capture it. */
import { colourWanted, painter, type Paint } from '@pstore/cli-kit';
import { CliError } from '../cli-error.ts';

export interface CommandIo {
  out(text: string): void;
  /** Bytes to stdout as they are (a record's text need not be UTF-8). */
  outBytes?(bytes: Uint8Array): void;
  err(text: string): void;
  /** Reports bad input and stops the command (exit 2). */
  fail(message: string): never;
  /** Colours for stdout: escapes on a terminal, none otherwise (default none). */
  readonly paint?: Paint;
}

/** No colours. */
export const plain: Paint = painter(false);

export const processIo: CommandIo = {
  out: (t) => void process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  outBytes: (b) => void process.stdout.write(b),
  err: (t) => void process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  fail: (m) => {
    throw new CliError(m);
  },
  paint: painter(colourWanted(process.stdout))
};
