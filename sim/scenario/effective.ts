import type { FenceType, HerbivoreKind } from '../library/schema.js';
import type { Fence, Scenario } from './schema.js';

/**
 * The values the model and the page use for each fence and each herbivore kind: the scenario's own
 * value where it gives one, else the library's. Worked out here once, so the simulation, the cost
 * schedule and the page's panels cannot disagree about what a run used.
 */
export interface EffectiveFence {
  /** Library fence type id and its display name. */
  type: string;
  typeName: string;
  heightM: number;
  costPerMetre: number;
  maintenancePerMetrePerYear: number;
  removalCostPerMetre: number;
  /** New breaches per km per year when the fence is new. */
  breachRatePerKmPerYear: number;
  breachRateIncreasePerYear: number;
  repairDelayDays: number;
  gapWidthM: number;
}

export interface EffectiveKind {
  id: string;
  name: string;
  /** Height above which the kind no longer reaches a leader, m. */
  browseHeight: number;
  dailyMovement: number;
  saplingsBrowsedPerDay: number;
}

export interface EffectiveParameters {
  /** One per scenario fence, in scenario order. */
  fences: EffectiveFence[];
  /**
   * Per herbivore kind present. A population may override its kind's browse height, daily movement
   * and intake; the kind takes the first population's override (populations of one kind share them).
   */
  kinds: Record<string, EffectiveKind>;
  /** Tallest browse height of the kinds present, m (0 without herbivores). */
  maxBrowseHeight: number;
}

export function effectiveParameters(
  scenario: Scenario,
  fenceTypes: Readonly<Record<string, FenceType>>,
  herbivoreKinds: Readonly<Record<string, HerbivoreKind>>,
): EffectiveParameters {
  const fences = scenario.fences.map((f) => effectiveFence(f, fenceTypes[f.type]));
  const kinds: Record<string, EffectiveKind> = Object.create(null) as Record<string, EffectiveKind>;
  for (const id of new Set(scenario.herbivores.map((h) => h.kind))) {
    const lib = herbivoreKinds[id];
    const pops = scenario.herbivores.filter((h) => h.kind === id);
    kinds[id] = {
      id,
      name: lib.name,
      browseHeight: pops.find((h) => h.browseHeight !== undefined)?.browseHeight ?? lib.browseHeight.value,
      dailyMovement: pops.find((h) => h.dailyMovement !== undefined)?.dailyMovement ?? lib.dailyMovement.value,
      saplingsBrowsedPerDay: pops.find((h) => h.saplingsBrowsedPerDay !== undefined)?.saplingsBrowsedPerDay ?? lib.saplingsBrowsedPerDay.value,
    };
  }
  const maxBrowseHeight = Math.max(0, ...Object.values(kinds).map((k) => k.browseHeight));
  return { fences, kinds, maxBrowseHeight };
}

/** One fence's values: its own overrides over its type's. */
export function effectiveFence(f: Fence, type: FenceType): EffectiveFence {
  return {
    type: f.type,
    typeName: type.name,
    heightM: type.height.value,
    costPerMetre: f.costPerMetre ?? type.costPerMetre.value,
    maintenancePerMetrePerYear: f.maintenancePerMetrePerYear ?? type.maintenancePerMetrePerYear.value,
    removalCostPerMetre: type.removalCostPerMetre.value,
    breachRatePerKmPerYear: f.breachRatePerKmPerYear ?? type.breachRatePerKmPerYear.value,
    breachRateIncreasePerYear: type.breachRateIncreasePerYear.value,
    repairDelayDays: f.repairDelayDays ?? type.repairDelayDays.value,
    gapWidthM: type.gapWidth.value,
  };
}
