/**
 * The text printk's %ps/%pS (and the older %pf/%pF) produce for a code address:
 * `name` or `name+0xoff/0xsize`, plus ` [module]` for module symbols, or the bare address
 * `0x…` when kallsyms knows no symbol for it. The kernel's %#lx always writes the 0x
 * prefix, even for 0 (`+0x0/0x40`), unlike C libraries.
 * %pf/%pF differ from %ps/%pS only on architectures with function descriptors (ppc64
 * ELFv1, ia64, parisc), where they first dereference the descriptor; pstore-ts renders the
 * plain code-address form.
 * Kernel counterpart: lib/vsprintf.c symbol_string(); kernel/kallsyms.c __sprint_symbol(),
 * sprint_symbol(), sprint_symbol_no_offset().
 */
import type { KallsymsTable } from './kallsyms.ts';

/** One formatted address. */
export interface FormattedSymbol {
  readonly text: string;
  /** False when the raw address was printed. */
  readonly resolved: boolean;
}

/**
 * Formats `address` as %ps (`withOffset` false) or %pS (true). With no table the result is
 * what a kernel prints for an address it has no symbol for.
 */
export function formatSymbol(
  address: bigint,
  table: KallsymsTable | null,
  withOffset: boolean
): FormattedSymbol {
  const hit = table?.lookup(address) ?? null;
  if (hit === null) return { text: `0x${address.toString(16)}`, resolved: false };
  let text = hit.name;
  if (withOffset) text += `+0x${hit.offset.toString(16)}/0x${hit.size.toString(16)}`;
  if (hit.module !== null) text += ` [${hit.module}]`;
  return { text, resolved: true };
}
