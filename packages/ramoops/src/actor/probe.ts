/**
 * ramoops_probe() split across actors: the zone table the ram-core actor
 * attaches, and the context built over zones that were attached there
 * (opened shared here, given what the attach saved).
 * Kernel counterpart: fs/pstore/ram.c ramoops_probe(), ramoops_init_przs().
 */
import {
  createSharedZoneLock,
  ERRNO,
  threadRamLayer,
  WriterStoppedError,
  type AttachedZone,
  type ZoneAttachSpec
} from '@pstore/ram-core';
import { ramoopsEra } from '../era.ts';
import { ramoopsLayout } from '../layout.ts';
import { RamoopsContext } from '../ramoops-context.ts';
import type {
  RamoopsErrorData,
  RamoopsProbe,
  RamoopsReattach,
  RamoopsZoneReport
} from './protocol.ts';

/** The zones of the configuration, as `ram-core.attach` wants them. */
export function attachSpecs(probe: RamoopsProbe): ZoneAttachSpec[] {
  const era = ramoopsEra(probe.kernel);
  const layout = ramoopsLayout(probe.config, era, { nrCpus: probe.nrCpus });
  return layout.zones.map((z, index) => ({
    index,
    offset: z.offset,
    size: z.size,
    sig: z.sigXor,
    ecc: probe.config.ecc.eccSize ? probe.config.ecc : null,
    flags: z.flags,
    label: z.label,
    emptyRequiresZeroStart: era.emptyZoneCheck !== 'size'
  }));
}

/**
 * The backend over zones already attached in the shared RAM (by the ram-core
 * actor, or by the kernel a restarted worker joins): opened shared, with the
 * zone locks every writer of the region takes, each zone in this thread's
 * RAM layer (fault injection arms it there).
 */
function sharedContext(m: Omit<RamoopsProbe, 'type'>): RamoopsContext {
  const words = new Int32Array(m.locks);
  const cxt = RamoopsContext.probe(new Uint8Array(m.ram), m.config, {
    era: ramoopsEra(m.kernel),
    nrCpus: m.nrCpus,
    endian: m.endian,
    longBytes: m.longBytes,
    lockFor: (_spec, i) => createSharedZoneLock(words, i, m.owner),
    attach: 'share'
  });
  for (const z of cxt.zones) threadRamLayer.adopt(z.zone);
  return cxt;
}

/** The backend over zones the ram-core actor attached, with their saved state. */
export function probeAttached(
  probe: RamoopsProbe,
  attached: readonly AttachedZone[]
): RamoopsContext {
  const cxt = sharedContext(probe);
  for (const [i, z] of cxt.zones.entries()) {
    const saved = attached.find((a) => a.index === i);
    if (saved) z.zone.adoptSaved(saved);
  }
  return cxt;
}

/**
 * The backend over zones a running kernel already writes, for a restarted
 * worker: opened shared, nothing adopted (what the probe saved died with
 * the worker that held it), the dump counter carried on.
 */
export function reattached(cmd: RamoopsReattach): RamoopsContext {
  const cxt = sharedContext(cmd);
  cxt.dumpWriteCnt = cxt.dprzs.length ? cmd.dumpWriteCnt % cxt.dprzs.length : 0;
  return cxt;
}

export function zoneReports(cxt: RamoopsContext): RamoopsZoneReport[] {
  return cxt.zones.map(({ spec, zone }) => ({
    type: spec.type,
    index: spec.index,
    offset: spec.offset,
    size: spec.size,
    dataCapacity: spec.dataCapacity,
    label: spec.label,
    probe: zone.probe,
    correctedBytes: zone.correctedBytes,
    badBlocks: zone.badBlocks,
    oldSize: zone.old?.length ?? 0
  }));
}

/** A failure as data. A write budget running out is the worker stopping dead: rethrown. */
export function ramoopsErrorData(e: unknown): RamoopsErrorData {
  if (e instanceof WriterStoppedError) throw e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : e instanceof RangeError ? 'ERANGE' : 'EIO';
  return {
    code,
    errno: ERRNO[code as keyof typeof ERRNO] ?? ERRNO.EIO,
    message: typeof err.message === 'string' ? err.message : String(e)
  };
}
