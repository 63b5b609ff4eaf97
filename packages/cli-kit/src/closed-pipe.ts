/**
 * A closed pipe ends the command quietly. When the reader of our output goes
 * away (`pstore layout --all | head -1`), writes to stdout fail with EPIPE;
 * Node reports that as an 'error' event which, unhandled, prints a stack
 * trace and kills the process. A command-line tool should instead stop
 * writing and exit as if it had finished: what the reader wanted, it got.
 * Kernel counterpart: none (user space; the shell convention a SIGPIPE
 * gives C programs, whose default action ends them without a word).
 */

export interface PipeGuard {
  /** True once stdout's reader has gone: further output is dropped. */
  readonly stdoutClosed: boolean;
}

type Stream = NodeJS.WriteStream;

/**
 * Installs the handlers on stdout and stderr. `onStdoutClosed` runs once,
 * when stdout's reader goes away (e.g. to stop a long run early).
 */
export function guardClosedPipes(
  onStdoutClosed?: () => void,
  streams: { readonly stdout: Stream; readonly stderr: Stream } = process
): PipeGuard {
  const state = { stdoutClosed: false };
  const watch = (stream: Stream, isStdout: boolean) => {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // After EPIPE, Node may report further writes as ERR_STREAM_DESTROYED:
      // the same closed pipe, not a new problem.
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
      if (isStdout && !state.stdoutClosed) {
        state.stdoutClosed = true;
        onStdoutClosed?.();
      }
    });
  };
  watch(streams.stdout, true);
  watch(streams.stderr, false);
  return state;
}
