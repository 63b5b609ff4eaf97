/** What a command may do to the outside world; tests capture it. */
import { CliError } from '../cli-error.ts';

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Reports bad input and stops the command (exit 2). */
  fail(message: string): never;
}

export const processIo: CommandIo = {
  out: (t) => void process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => void process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  fail: (m) => {
    throw new CliError(m);
  }
};
