/**
 * Persistent ftrace records (fs/pstore/ftrace.c, inode.c): re-exports only.
 */
export { combinePerCpuLogs, pstoreFtraceCombineLog } from './combine.ts';
export { KallsymsTable } from './kallsyms.ts';
export { compareSymbols } from './kallsyms-filter.ts';
export {
  FTRACE_ARCH_LE64,
  decodeFtraceRecord,
  encodeFtraceRecord,
  ftraceLayout,
  readFtraceTimestamp,
  type FtraceArch,
  type FtraceCall,
  type FtraceLayout
} from './record.ts';
export { ftraceLineFormat, renderFtraceFile } from './render.ts';
export { formatSymbol } from './symbol-format.ts';
