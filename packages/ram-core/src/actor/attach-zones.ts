/**
 * Attaching every zone of a region at boot, in the worker that received the
 * command, and copying out what each held.
 * Kernel counterpart: fs/pstore/ram.c ramoops_init_przs()/ramoops_init_prz()
 * calling fs/pstore/ram_core.c persistent_ram_new() per zone.
 */
import { RamCoreError } from '../errno.ts';
import { createSharedZoneLock } from '../zone/lock.ts';
import { PersistentRamZone } from '../zone/persistent-ram-zone.ts';
import type { AttachedZone, RamCoreAttach } from './protocol.ts';
import { threadRamLayer } from './ram-layer.ts';

/**
 * Runs the probe of each zone over the shared RAM: header ECC decode,
 * signature and start/size checks, save of the old content, zap where the
 * zone asks for it. The saved content is copied, so it can leave the worker.
 * @throws RamCoreError ENOMEM for a zone beyond the region, EINVAL for a
 *   lock table too small or an impossible geometry.
 */
export function attachZones(cmd: RamCoreAttach): AttachedZone[] {
  const mem = new Uint8Array(cmd.ram);
  const words = new Int32Array(cmd.locks);
  return cmd.zones.map((spec) => {
    if (spec.offset + spec.size > mem.length) {
      throw new RamCoreError(
        'ENOMEM',
        `zone ${spec.label} (0x${spec.size.toString(16)} bytes at 0x${spec.offset.toString(16)}) ` +
          `lies beyond the 0x${mem.length.toString(16)}-byte region`
      );
    }
    if (spec.index >= words.length) {
      throw new RamCoreError(
        'EINVAL',
        `no lock word for zone ${spec.index} (${words.length} words)`
      );
    }
    const zone = PersistentRamZone.attach(mem.subarray(spec.offset, spec.offset + spec.size), {
      sig: spec.sig,
      ecc: spec.ecc,
      flags: spec.flags,
      endian: cmd.endian,
      lock: createSharedZoneLock(words, spec.index, cmd.owner),
      label: spec.label,
      emptyRequiresZeroStart: spec.emptyRequiresZeroStart,
      budget: threadRamLayer.budget ?? undefined
    });
    threadRamLayer.adopt(zone);
    return {
      index: spec.index,
      label: spec.label,
      probe: zone.probe,
      correctedBytes: zone.correctedBytes,
      badBlocks: zone.badBlocks,
      old: zone.old ? zone.old.slice() : null
    };
  });
}
