/**
 * A kernel symbol table built from a System.map or /proc/kallsyms text, answering the
 * question %ps/%pS ask: which symbol contains this address, at what offset, and how big is
 * it (distance to the next higher symbol, or to the end of the section for the last one).
 * Core-kernel lookups follow kallsyms exactly; module symbols (`[mod]` lines of
 * /proc/kallsyms) are resolved only between two symbols of the same module, because the
 * module's text end, which bounds its last symbol, is not in the text.
 * Kernel counterpart: kernel/kallsyms.c is_ksym_addr(), get_symbol_pos(),
 * kallsyms_lookup(); kernel/module/kallsyms.c find_kallsyms_symbol(); scripts/kallsyms.c
 * symbol_valid() for which System.map lines kallsyms keeps.
 */
import { PstoreFormatError } from '../format-error.ts';
import { compareSymbols, isIgnoredSymbol, type MapSymbol } from './kallsyms-filter.ts';

/** How the kernel was built. */
export interface KallsymsOptions {
  /** CONFIG_KALLSYMS_ALL: data symbols are in the table and lookups cover _stext.._end. */
  readonly all?: boolean;
}

/** What kallsyms_lookup() reports for an address. */
export interface SymbolHit {
  readonly name: string;
  readonly offset: bigint;
  readonly size: bigint;
  /** Module name, null for the core kernel. */
  readonly module: string | null;
}

interface Range {
  readonly start: bigint;
  /** Exclusive for lookups; scripts/kallsyms keeps symbols up to and including it. */
  readonly end: bigint;
}

const LINE = /^([0-9a-fA-F]{1,16})\s+(\S)\s+(\S+)(?:\s+\[([^\]\s]+)\])?\s*$/;

function parseLines(text: string): MapSymbol[] {
  const out: MapSymbol[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) {
      throw new PstoreFormatError(
        'EINVAL',
        `symbol map line ${i + 1} is not "<hex address> <type> <name> [module]": ` +
          JSON.stringify(line.slice(0, 80))
      );
    }
    const [, addr, type, name, module] = m;
    out.push({
      address: BigInt(`0x${addr}`),
      type: type!,
      name: name!,
      module: module ?? null,
      seq: i
    });
  }
  return out;
}

function byAddress(a: MapSymbol, b: MapSymbol): number {
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  return a.seq - b.seq;
}

/** The text, init text and (CONFIG_KALLSYMS_ALL) whole-kernel ranges named by the map. */
function sectionRanges(
  core: readonly MapSymbol[],
  all: boolean
): { text: Range; inittext: Range | null; kernel: Range | null } {
  const at = (name: string): bigint | undefined => core.find((s) => s.name === name)?.address;
  const stext = at('_stext');
  const etext = at('_etext');
  if (stext === undefined || etext === undefined) {
    throw new PstoreFormatError('EINVAL', 'symbol map has no _stext/_etext: not a kernel map');
  }
  const si = at('_sinittext');
  const ei = at('_einittext');
  const end = at('_end');
  if (all && end === undefined) {
    throw new PstoreFormatError('EINVAL', 'CONFIG_KALLSYMS_ALL lookups need _end in the map');
  }
  return {
    text: { start: stext, end: etext },
    inittext: si !== undefined && ei !== undefined ? { start: si, end: ei } : null,
    kernel: all && end !== undefined ? { start: stext, end } : null
  };
}

/** Module symbols by module, in address order ($-prefixed mapping symbols are skipped). */
function groupModules(symbols: readonly MapSymbol[]): Map<string, MapSymbol[]> {
  const modules = new Map<string, MapSymbol[]>();
  for (const s of symbols) {
    if (s.module === null || s.name.startsWith('$')) continue;
    const list = modules.get(s.module) ?? [];
    list.push(s);
    modules.set(s.module, list);
  }
  for (const list of modules.values()) list.sort(byAddress);
  return modules;
}

/** Symbol table of one kernel build. */
export class KallsymsTable {
  private readonly addresses: bigint[];

  private constructor(
    private readonly core: readonly MapSymbol[],
    private readonly modules: ReadonlyMap<string, readonly MapSymbol[]>,
    private readonly text: Range,
    private readonly inittext: Range | null,
    private readonly kernel: Range | null
  ) {
    this.addresses = core.map((s) => s.address);
  }

  /**
   * Parses System.map (`ffffffff81000000 T _stext`) or /proc/kallsyms text (`mapText`).
   * @throws PstoreFormatError EINVAL for unparsable lines, a map without _stext/_etext,
   *   all-zero addresses (/proc/kallsyms read without privilege), or `all` without _end.
   */
  static parse(mapText: string, options: KallsymsOptions = {}): KallsymsTable {
    const all = options.all ?? false;
    const symbols = parseLines(mapText);
    if (symbols.length > 0 && symbols.every((s) => s.address === 0n)) {
      throw new PstoreFormatError(
        'EINVAL',
        'every symbol address is 0: /proc/kallsyms was read without privilege (kptr_restrict)'
      );
    }
    const coreAll = symbols.filter((s) => s.module === null);
    const { text, inittext, kernel } = sectionRanges(coreAll, all);
    const within = (a: bigint, r: Range | null): boolean =>
      r !== null && a >= r.start && a <= r.end;
    const core = coreAll
      .filter((s) => {
        if (isIgnoredSymbol(s.name, s.type)) return false;
        if (all) return true;
        if (!within(s.address, text) && !within(s.address, inittext)) return false;
        // Symbols sharing _etext/_einittext's address can move between link passes.
        if (s.address === text.end && s.name !== '_etext') return false;
        return !(inittext && s.address === inittext.end && s.name !== '_einittext');
      })
      .sort(compareSymbols);
    return new KallsymsTable(core, groupModules(symbols), text, inittext, kernel);
  }

  /** Number of core-kernel symbols kallsyms would hold. */
  get size(): number {
    return this.core.length;
  }

  private isKsymAddr(a: bigint): boolean {
    if (this.kernel) return a >= this.kernel.start && a < this.kernel.end;
    const inText = a >= this.text.start && a < this.text.end;
    return inText || this.isInittext(a);
  }

  private isInittext(a: bigint): boolean {
    return this.inittext !== null && a >= this.inittext.start && a < this.inittext.end;
  }

  /** kallsyms_lookup(): the containing symbol, or null when the kernel prints the raw address. */
  lookup(address: bigint): SymbolHit | null {
    if (this.isKsymAddr(address)) return this.lookupCore(address);
    return this.lookupModule(address);
  }

  private lookupCore(a: bigint): SymbolHit | null {
    const addrs = this.addresses;
    if (addrs.length === 0) return null;
    let low = 0;
    let high = addrs.length;
    while (high - low > 1) {
      const mid = low + ((high - low) >> 1);
      if (addrs[mid]! <= a) low = mid;
      else high = mid;
    }
    while (low > 0 && addrs[low - 1] === addrs[low]) low--; // first alias
    const start = addrs[low]!;
    let end: bigint | undefined;
    for (let i = low + 1; i < addrs.length; i++) {
      if (addrs[i]! > start) {
        end = addrs[i];
        break;
      }
    }
    if (end === undefined) {
      if (this.isInittext(a)) end = this.inittext!.end;
      else end = this.kernel ? this.kernel.end : this.text.end;
    }
    return { name: this.core[low]!.name, offset: a - start, size: end - start, module: null };
  }

  private lookupModule(a: bigint): SymbolHit | null {
    for (const [module, list] of this.modules) {
      let best: MapSymbol | undefined;
      let next: bigint | undefined;
      for (const s of list) {
        if (s.address <= a) {
          if (best === undefined || s.address > best.address) best = s;
        } else {
          next = s.address;
          break;
        }
      }
      if (best !== undefined && next !== undefined) {
        return { name: best.name, offset: a - best.address, size: next - best.address, module };
      }
    }
    return null;
  }
}
