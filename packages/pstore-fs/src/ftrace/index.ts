/**
 * Persistent ftrace records (fs/pstore/ftrace.c, inode.c): re-exports only.
 */
export { combinePerCpuLogs, pstoreFtraceCombineLog } from './combine.ts';
export { KallsymsTable, type KallsymsOptions, type SymbolHit } from './kallsyms.ts';
export {
  compareSymbols,
  isIgnoredSymbol,
  mayBeLinkerScriptProvideSymbol,
  type MapSymbol
} from './kallsyms-filter.ts';
export {
  FTRACE_ARCH_LE64,
  decodeFtraceRecord,
  encodeFtraceRecord,
  ftraceLayout,
  readFtraceTimestamp,
  type FtraceArch,
  type FtraceCall,
  type FtraceLayout,
  type FtraceRecord
} from './record.ts';
export {
  ftraceLineFormat,
  renderFtraceFile,
  type FtraceLineFormat,
  type FtraceRenderOptions,
  type FtraceRendering
} from './render.ts';
export { formatSymbol, type FormattedSymbol } from './symbol-format.ts';
