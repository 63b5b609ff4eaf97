/**
 * The ECC notice appended to every record read from an ECC zone.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_ecc_string(); the
 * "ECC: " prefix arrived with "pstore: Add prefix to ECC messages" (5.18).
 */

/** ECC correction counters of a zone (prz->corrected_bytes, prz->bad_blocks). */
export interface EccCounters {
  readonly correctedBytes: number;
  readonly badBlocks: number;
}

/**
 * The notice text: "\nECC: No errors detected\n" (25 bytes) or
 * "\nECC: N Corrected bytes, M unrecoverable blocks\n"; without the prefix
 * before 5.18. Empty when the zone has no ECC.
 */
export function eccNotice(eccEnabled: boolean, counters: EccCounters, prefixed: boolean): string {
  if (!eccEnabled) return '';
  const p = prefixed ? 'ECC: ' : '';
  if (counters.correctedBytes || counters.badBlocks) {
    return `\n${p}${counters.correctedBytes} Corrected bytes, ${counters.badBlocks} unrecoverable blocks\n`;
  }
  return `\n${p}No errors detected\n`;
}
