import type { SiteView, ZoneView } from '../../sim/hostApi/api.js';

/** A zone as it is planted and protected: everything but its place in its plan's list. */
const asPlanted = (zone: ZoneView) => JSON.stringify([zone.name, zone.polygon, zone.density, zone.year, zone.species, zone.fences]);

/**
 * The zone of a run that a zone of an edited plan still is (same name, outline, density, year, mix
 * and fences), or null: what the edit changed has no run yet.
 */
export function runZoneOf(run: SiteView, zone: ZoneView): ZoneView | null {
  const planted = asPlanted(zone);
  return run.zones.find((z) => asPlanted(z) === planted) ?? null;
}

/**
 * By the run's zone index (planting index + 1): 1 for each zone of the run that the edited plan
 * still has as it was, whose trees the map keeps showing; null when the run's trees cannot be shown
 * on the plan at all (another terrain, or other species, whose indices the run's trees carry).
 */
export function zonesKept(run: SiteView, plan: SiteView): Uint8Array | null {
  if (run.terrain !== plan.terrain || JSON.stringify(run.species) !== JSON.stringify(plan.species)) return null;
  const kept = new Uint8Array(run.zones.length + 1);
  for (const zone of plan.zones) {
    const was = runZoneOf(run, zone);
    if (was) kept[was.zoneIndex] = 1;
  }
  return kept;
}
