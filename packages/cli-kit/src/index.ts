/**
 * @pstore/cli-kit: the conventions every pstore-ts command keeps, in one
 * place — a closed pipe ends the command quietly, colours only on a
 * terminal, `--version`, completion scripts.
 * Kernel counterpart: none (user space).
 */
export { guardClosedPipes, type PipeGuard } from './closed-pipe.ts';
export {
  colourWanted,
  levelStyle,
  paintKernelLog,
  painter,
  visibleLength,
  type Paint,
  type Style
} from './colour.ts';
export { versionLine } from './version.ts';
export {
  COMPLETION_SHELLS,
  commandCompletion,
  completionCommand,
  completionHelp,
  completionScript,
  type Completion,
  type CompletionOption,
  type CompletionShell,
  type CompletionSpec,
  type CompletionSubcommand
} from './completion.ts';
