/**
 * Where the data, the data parity and the header parity sit inside a zone.
 * Kernel counterpart: fs/pstore/ram_core.c persistent_ram_init_ecc(),
 * persistent_ram_buffer_map().
 */
import { RamCoreError } from '../errno.ts';
import { NN } from '../rs/galois-field.ts';
import { PRZ_HEADER_SIZE } from './header.ts';

/** ECC settings of a zone (struct persistent_ram_ecc_info). */
export interface EccInfo {
  /** Parity bytes per block; 0 turns ECC off. */
  readonly eccSize: number;
  /** Data bytes per block, a power of two; 0 selects the default 128. */
  readonly blockSize?: number;
  /** Bits per symbol; 0 selects 8 (the only value supported). */
  readonly symsize?: number;
  /** Field polynomial; 0 selects 0x11d. */
  readonly poly?: number;
}

/** The layout of one zone; offsets are from the zone's first byte. */
export interface ZoneGeometry {
  readonly zoneSize: number;
  /** Ring capacity: bytes of data the zone holds (prz->buffer_size). */
  readonly bufferSize: number;
  /** Always 12: the data starts right after the header. */
  readonly dataOffset: number;
  /** 0 when ECC is off. */
  readonly eccSize: number;
  readonly blockSize: number;
  readonly symsize: number;
  readonly poly: number;
  /** Parity slots reserved for data blocks (may exceed the blocks in use). */
  readonly eccBlocks: number;
  /** Parity bytes in all: (eccBlocks + 1) · eccSize, the +1 for the header. */
  readonly eccTotal: number;
  /** Parity of data block i lives at parBufferOffset + i · eccSize. */
  readonly parBufferOffset: number;
  /** Parity of the 12-byte header: the zone's last eccSize bytes. */
  readonly parHeaderOffset: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * Computes a zone's geometry, failing (EINVAL) where the kernel's zone init
 * fails: a zone too small for its header, ECC parity that does not leave
 * room for data, a block size that is not a power of two, an ECC size the
 * codec cannot have.
 *
 * @example
 * ```ts
 * persistentRamGeometry(4096, { eccSize: 16 });
 * // { bufferSize: 3604, eccBlocks: 29, eccTotal: 480, parBufferOffset: 3616, parHeaderOffset: 4080, … }
 * ```
 */
export function persistentRamGeometry(zoneSize: number, ecc?: EccInfo | null): ZoneGeometry {
  if (!Number.isInteger(zoneSize) || zoneSize <= PRZ_HEADER_SIZE) {
    throw new RamCoreError(
      'EINVAL',
      `zone size ${zoneSize} (${hex(zoneSize)}) is too small for the ${PRZ_HEADER_SIZE}-byte header and any data`
    );
  }
  const raw = zoneSize - PRZ_HEADER_SIZE;
  const eccSize = ecc?.eccSize ?? 0;
  if (!eccSize) {
    return {
      zoneSize,
      bufferSize: raw,
      dataOffset: PRZ_HEADER_SIZE,
      eccSize: 0,
      blockSize: 0,
      symsize: 0,
      poly: 0,
      eccBlocks: 0,
      eccTotal: 0,
      parBufferOffset: zoneSize,
      parHeaderOffset: zoneSize
    };
  }
  const blockSize = ecc?.blockSize || 128;
  const symsize = ecc?.symsize || 8;
  const poly = ecc?.poly || 0x11d;
  if (!Number.isInteger(eccSize) || eccSize < 1 || eccSize >= NN) {
    throw new RamCoreError(
      'EINVAL',
      `ECC size ${eccSize} is out of range (1..${NN - 1} parity bytes)`
    );
  }
  if (!Number.isInteger(blockSize) || blockSize < 1 || (blockSize & (blockSize - 1)) !== 0) {
    throw new RamCoreError(
      'EINVAL',
      `ECC block size ${blockSize} is not a power of two (parity slots are found by masking offsets)`
    );
  }
  // DIV_ROUND_UP on size_t: when the ECC size exceeds the data area the
  // kernel's subtraction wraps around, and the check below fails as well.
  const eccBlocks = raw > eccSize ? Math.ceil((raw - eccSize) / (blockSize + eccSize)) : Infinity;
  const eccTotal = (eccBlocks + 1) * eccSize;
  if (!(eccTotal < raw)) {
    throw new RamCoreError(
      'EINVAL',
      `invalid ecc_size ${eccSize}: parity needs ${Number.isFinite(eccTotal) ? eccTotal : 'more than'} bytes but the zone of ${zoneSize} bytes has ${raw} after its header`
    );
  }
  const bufferSize = raw - eccTotal;
  const parBufferOffset = PRZ_HEADER_SIZE + bufferSize;
  return {
    zoneSize,
    bufferSize,
    dataOffset: PRZ_HEADER_SIZE,
    eccSize,
    blockSize,
    symsize,
    poly,
    eccBlocks,
    eccTotal,
    parBufferOffset,
    parHeaderOffset: parBufferOffset + eccBlocks * eccSize
  };
}
