/**
 * Moving a zone's boot-time state between workers: a zone that another
 * worker attached is opened here with PersistentRamZone.share(), and given
 * what that attach saved (old content, ECC counters, probe result); a zone
 * of this worker gets the worker's write budget after it was created.
 * Kernel counterpart: none (one address space needs neither).
 *
 * PersistentRamZone has no public setter for the saved copy or the budget
 * (the budget is a constructor option, and ramoops builds its zones without
 * one), so this module writes those two fields directly; it lives in
 * ram-core, beside the class, and the actor tests pin the behaviour.
 */
import type { PersistentRamZone } from '../zone/persistent-ram-zone.ts';
import type { WriteBudget } from '../zone/write-budget.ts';
import type { AttachedZone } from './protocol.ts';

interface ZoneInternals {
  budget: WriteBudget | null;
  oldLog: Uint8Array | null;
}

/** Gives a shared zone what attaching it in another worker found and saved. */
export function adoptAttachedZone(zone: PersistentRamZone, attached: AttachedZone): void {
  (zone as unknown as ZoneInternals).oldLog = attached.old;
  zone.correctedBytes = attached.correctedBytes;
  zone.badBlocks = attached.badBlocks;
  zone.probe = attached.probe;
}

/** Makes every later store of `zone` draw from `budget` (null: unlimited again). */
export function setZoneBudget(zone: PersistentRamZone, budget: WriteBudget | null): void {
  (zone as unknown as ZoneInternals).budget = budget;
}
