/**
 * Which symbols of a System.map end up in the kernel's kallsyms table, and in which order
 * symbols sharing an address are kept (the first one is the name %ps prints). A System.map
 * is `nm -n vmlinux` minus a few types; kallsyms is built from the same nm output by
 * scripts/kallsyms, which drops more and re-sorts aliases.
 * Kernel counterpart: scripts/kallsyms.c is_ignored_symbol(), symbol_valid() (its range
 * rule is applied in kallsyms.ts), may_be_linker_script_provide_symbol(), compare_symbols()
 * as of 6.1.
 */

/** One line of a symbol map, in file order. */
export interface MapSymbol {
  readonly address: bigint;
  /** nm type letter: T t W w D d B b R r A a … */
  readonly type: string;
  readonly name: string;
  /** Module name from a /proc/kallsyms `[mod]` column, null for the core kernel. */
  readonly module: string | null;
  /** Position in the input (compare_symbols' start_pos tie-breaker). */
  readonly seq: number;
}

const IGNORED_NAMES = new Set([
  'kallsyms_addresses',
  'kallsyms_offsets',
  'kallsyms_relative_base',
  'kallsyms_num_syms',
  'kallsyms_names',
  'kallsyms_markers',
  'kallsyms_token_table',
  'kallsyms_token_index',
  '_SDA_BASE_',
  '_SDA2_BASE_'
]);
const IGNORED_PREFIXES = [
  '__efistub_',
  '__kvm_nvhe_$',
  '__kvm_nvhe_.L',
  '__AArch64ADRPThunk_',
  '__ARMV5PureThunk_',
  '__ARMV7PILongThunk_',
  '__ThumbV7PILongThunk_',
  '__LA25Thunk_',
  '__microLA25Thunk_',
  '__kcfi_typeid_'
];
const IGNORED_SUFFIXES = ['_from_arm', '_from_thumb', '_veneer'];
const IGNORED_MATCHES = ['.long_branch.', '.plt_branch.'];
/** Absolute symbols kallsyms keeps anyway. */
const KEPT_ABSOLUTE = new Set([
  '__kernel_syscall_via_break',
  '__kernel_syscall_via_epc',
  '__kernel_sigtramp',
  '__gp'
]);

/** scripts/kallsyms.c is_ignored_symbol(): linker noise, undefined, debug and absolute symbols. */
export function isIgnoredSymbol(name: string, type: string): boolean {
  if (IGNORED_NAMES.has(name)) return true;
  if (IGNORED_PREFIXES.some((p) => name.startsWith(p))) return true;
  if (IGNORED_SUFFIXES.some((s) => name.endsWith(s))) return true;
  if (IGNORED_MATCHES.some((m) => name.includes(m))) return true;
  if (type === 'U' || type === 'u' || type === 'N' || type === 'n') return true;
  return type.toUpperCase() === 'A' && !KEPT_ABSOLUTE.has(name);
}

/** `__start_X`, `__stop_X`, `__end_X`, `__X_start`, `__X_end`: section markers from the linker script. */
function mayBeLinkerScriptProvideSymbol(name: string): boolean {
  if (name.length < 8 || !name.startsWith('__')) return false;
  return (
    name.startsWith('__start_') ||
    name.startsWith('__stop_') ||
    name.startsWith('__end_') ||
    name.endsWith('_start') ||
    name.endsWith('_end')
  );
}

function leadingUnderscores(name: string): number {
  let n = 0;
  while (name.charCodeAt(n) === 0x5f) n++;
  return n;
}

/**
 * kallsyms' sort order: by address; among aliases non-weak before weak, ordinary names before
 * linker-script markers, fewer leading underscores first, then input order. So at _stext the
 * kernel names `startup_64`, not `_stext`.
 */
export function compareSymbols(a: MapSymbol, b: MapSymbol): number {
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  const weak = (s: MapSymbol): number => (s.type === 'w' || s.type === 'W' ? 1 : 0);
  const wa = weak(a) - weak(b);
  if (wa !== 0) return wa;
  const pa =
    (mayBeLinkerScriptProvideSymbol(a.name) ? 1 : 0) -
    (mayBeLinkerScriptProvideSymbol(b.name) ? 1 : 0);
  if (pa !== 0) return pa;
  const ua = leadingUnderscores(a.name) - leadingUnderscores(b.name);
  if (ua !== 0) return ua;
  return a.seq - b.seq;
}
