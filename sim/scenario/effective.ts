import type { CostLibrary, FenceType, HerbivoreKind, HomeKernels, Processes } from '../library/schema.js';
import type { Fence, HerbivorePopulation, Planting, Scenario } from './schema.js';

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
  gates: number;
  gatePerGate: number;
  /** Years between rebuilds; Infinity when it is never rebuilt. */
  renewEveryYears: number;
}

/** A planting zone's rates, in the scenario's currency: its own, else the scenario's, else the library's. */
export interface EffectivePlantingCosts {
  perTree: number;
  perHectare: number;
  maintenancePerHectarePerYear: number;
  maintenanceYears: number;
  /** Per sheltered tree; 0 without shelters. */
  shelterPerTree: number;
}

export interface EffectiveCosts {
  /** ISO 4217 code every cost is in. */
  currency: string;
  /** One per planting zone, in scenario order. */
  plantings: EffectivePlantingCosts[];
  /** Per hectare of roamed ground per year of deer control; 0 without deer control. */
  deerControlPerHectarePerYear: number;
  /**
   * One per measure, in scenario order: the rate it is paid at (per shelter put up; per hectare of
   * roamed ground per year of a cull's control; a restocking's plants at the zone's rate per tree).
   */
  measures: number[];
}

/**
 * A herbivore kind's values as a run uses them: the library's, with a population's overrides. Both
 * herbivore models read these and nothing else.
 */
export interface EffectiveKind {
  id: string;
  name: string;
  /** Height above which the kind no longer reaches a leader, m. */
  browseHeight: number;
  /** Relative chance of browsing a sapling by its height as a share of browseHeight, [share, weight] points. */
  browseProfile: readonly (readonly [number, number])[];
  /** Mean distance travelled per day, m. */
  dailyMovement: number;
  /** Radius of a circle of the kind's home-range area, m. */
  homeRadius: number;
  /** Rate of the turn home beyond that radius, per metre walked and metre out, in units of 1/radius². */
  homePull: number;
  /** Distance over which the walk's heading stays correlated, m. */
  persistenceLength: number;
  /** How much longer the animal stays where saplings are on offer, per weighted sapling per m². */
  forageResidence: number;
  /** Saplings browsed per day where they are plentiful. */
  saplingsBrowsedPerDay: number;
  /** Weighted saplings per m² at which browsing runs at half its plentiful rate. */
  browseHalfSaturation: number;
  /** Slope, degrees, above which the kind avoids the ground. */
  slopeLimit: number;
  /** The walk's home-range kernel at this kind's persistence over radius (the field spreads the herd with it). */
  homeKernel: KernelTable;
}

/** A radial time-use density in units of the home-range radius R: per R², at 0, step, 2·step, …; 0 beyond. */
export interface KernelTable {
  step: number;
  density: number[];
  /** The persistence over radius it was taken at, and whether that lay outside the measured ones (then the nearest is used). */
  persistenceOverRadius: number;
  extrapolated: boolean;
}

/**
 * How hard animals turn home beyond their home range's radius: a model constant, the same for every kind,
 * set so that a simulated year's 95% minimum convex polygon comes within 20% of each kind's telemetry
 * home range in the library (red deer, roe deer, sheep; the movement section of docs/validation.md
 * shows the figures). Weaker pulls give ranges two to three times too large.
 */
export const HOME_PULL = 30;

/**
 * Animals a population starts with on `usableKm2` of ground: its count, or its density times the area.
 * A run passes the ground the population may stand on; a check before the terrain is built passes the
 * area of its polygon or of the whole site, which is never less.
 */
export function startingAnimals(h: Pick<HerbivorePopulation, 'count' | 'densityPerKm2'>, usableKm2: number): number {
  return h.count ?? Math.round((h.densityPerKm2 ?? 0) * usableKm2);
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
  costs: EffectiveCosts;
  climate: EffectiveClimate;
  /** The beating-up rule a run follows; null when dead trees are not replaced. */
  beatingUp: EffectiveBeatingUp | null;
}

export interface EffectiveBeatingUp {
  /** Years after a zone's planting in which its dead trees are replaced. */
  years: number;
  /** Live stems per hectare each zone is restocked to. */
  targetPerHa: number;
}

export function effectiveBeatingUp(scenario: Scenario): EffectiveBeatingUp | null {
  const rule = scenario.beatingUp;
  if (rule === 'none') return null;
  return { years: rule.years ?? scenario.appraisal.stockingYear, targetPerHa: rule.targetPerHa ?? scenario.appraisal.stockingTargetPerHa };
}

/** The weather a run meets: the scenario's, else the library's (processes.json). */
export interface EffectiveClimate {
  /** Chance that a year is a drought year. */
  droughtProbability: number;
  /** Share of a year's growth a fully drought-sensitive species loses on a fully exposed site in a drought year. */
  droughtSeverity: number;
}

export function effectiveClimate(climate: Scenario['climate'], library: Processes['climate']): EffectiveClimate {
  if (climate === 'none') return { droughtProbability: 0, droughtSeverity: 0 };
  return {
    droughtProbability: climate.droughtProbability ?? library.droughtProbability.value,
    droughtSeverity: climate.droughtSeverity ?? library.droughtSeverity.value,
  };
}

export function effectiveParameters(
  scenario: Scenario,
  fenceTypes: Readonly<Record<string, FenceType>>,
  herbivoreKinds: Readonly<Record<string, HerbivoreKind>>,
  library: { costs: CostLibrary; homeKernels: HomeKernels; processes: Processes },
): EffectiveParameters {
  const costLibrary = library.costs;
  const rates = libraryRates(scenario, costLibrary);
  const fences = scenario.fences.map((f) => effectiveFence(f, fenceTypes[f.type], rates));
  const kinds: Record<string, EffectiveKind> = Object.create(null) as Record<string, EffectiveKind>;
  for (const id of new Set(scenario.herbivores.map((h) => h.kind))) {
    const lib = herbivoreKinds[id];
    const pops = scenario.herbivores.filter((h) => h.kind === id);
    const homeRadius = Math.sqrt((lib.homeRange.value * 1e6) / Math.PI);
    kinds[id] = {
      id,
      name: lib.name,
      browseHeight: pops.find((h) => h.browseHeight !== undefined)?.browseHeight ?? lib.browseHeight.value,
      browseProfile: lib.browseProfile.points,
      dailyMovement: pops.find((h) => h.dailyMovement !== undefined)?.dailyMovement ?? lib.dailyMovement.value,
      homeRadius,
      homePull: HOME_PULL,
      persistenceLength: lib.persistenceLength.value,
      forageResidence: lib.forageResidence.value,
      saplingsBrowsedPerDay: pops.find((h) => h.saplingsBrowsedPerDay !== undefined)?.saplingsBrowsedPerDay ?? lib.saplingsBrowsedPerDay.value,
      browseHalfSaturation: lib.browseHalfSaturation.value,
      slopeLimit: lib.slopeLimit.value,
      homeKernel: kernelAt(library.homeKernels, lib.persistenceLength.value / homeRadius),
    };
  }
  const maxBrowseHeight = Math.max(0, ...Object.values(kinds).map((k) => k.browseHeight));
  const costs: EffectiveCosts = {
    currency: scenario.currency ?? costLibrary.currency,
    plantings: scenario.plantings.map((p) => plantingCosts(p, rates)),
    deerControlPerHectarePerYear: scenario.deerControl ? (scenario.deerControl.perHectarePerYear ?? rates.deerControlPerHectarePerYear) : 0,
    measures: scenario.measures.map((m) => {
      if (m.type === 'shelters') return m.costPerTree ?? shelterRate(rates.shelters, m.height);
      if (m.type === 'cull') return m.perHectarePerYear ?? rates.deerControlPerHectarePerYear;
      const z = scenario.plantings.findIndex((p) => p.name === m.zone);
      return z >= 0 ? plantingCosts(scenario.plantings[z], rates).perTree : rates.plantsAndPlantingPerTree;
    }),
  };
  return { fences, kinds, maxBrowseHeight, costs, climate: effectiveClimate(scenario.climate, library.processes.climate), beatingUp: effectiveBeatingUp(scenario) };
}

/** The scenario-wide rates in the scenario's currency: its costRates over the library's, converted. */
interface ScenarioRates {
  /** Multiplies a library amount into the scenario's currency. */
  exchange: number;
  plantsAndPlantingPerTree: number;
  groundPreparationPerHectare: number;
  maintenancePerHectarePerYear: number;
  maintenanceYears: number;
  gatePerGate: number;
  deerControlPerHectarePerYear: number;
  shelters: readonly { height: number; perTree: number }[];
}

function libraryRates(scenario: Scenario, lib: CostLibrary): ScenarioRates {
  const own = scenario.costRates ?? {};
  const x = scenario.currency === undefined || scenario.currency === lib.currency ? 1 : (scenario.exchangeRate ?? NaN);
  return {
    exchange: x,
    plantsAndPlantingPerTree: own.plantsAndPlantingPerTree ?? lib.plantsAndPlantingPerTree.value * x,
    groundPreparationPerHectare: own.groundPreparationPerHectare ?? lib.groundPreparationPerHectare.value * x,
    maintenancePerHectarePerYear: own.maintenancePerHectarePerYear ?? lib.maintenancePerHectarePerYear.value * x,
    maintenanceYears: own.maintenanceYears ?? lib.maintenanceYears.value,
    gatePerGate: own.gatePerGate ?? lib.gatePerGate.value * x,
    deerControlPerHectarePerYear: own.deerControlPerHectarePerYear ?? lib.deerControlPerHectarePerYear.value * x,
    shelters: own.shelters ? [...own.shelters].sort((a, b) => a.height - b.height) : lib.shelters.byHeight.map((r) => ({ height: r.height, perTree: r.perTree * x })),
  };
}

/** The rate of the shortest listed shelter at least `height` tall; the tallest listed above them all. */
export function shelterRate(rows: readonly { height: number; perTree: number }[], height: number): number {
  return (rows.find((r) => r.height >= height - 1e-9) ?? rows[rows.length - 1]).perTree;
}

function plantingCosts(p: Planting, rates: ScenarioRates): EffectivePlantingCosts {
  return {
    perTree: p.costs.perTree ?? rates.plantsAndPlantingPerTree,
    perHectare: p.costs.perHectare ?? rates.groundPreparationPerHectare,
    maintenancePerHectarePerYear: p.costs.maintenancePerHectarePerYear ?? rates.maintenancePerHectarePerYear,
    maintenanceYears: p.costs.maintenanceYears ?? rates.maintenanceYears,
    shelterPerTree: p.shelters ? (p.shelters.costPerTree ?? shelterRate(rates.shelters, p.shelters.height)) : 0,
  };
}

/** One fence's values: its own overrides over its type's (converted to the scenario's currency). */
export function effectiveFence(
  f: Fence,
  type: FenceType,
  rates: Pick<ScenarioRates, 'exchange' | 'gatePerGate'> = { exchange: 1, gatePerGate: 0 },
): EffectiveFence {
  const x = rates.exchange;
  return {
    type: f.type,
    typeName: type.name,
    heightM: type.height.value,
    costPerMetre: f.costPerMetre ?? type.costPerMetre.value * x,
    maintenancePerMetrePerYear: f.maintenancePerMetrePerYear ?? type.maintenancePerMetrePerYear.value * x,
    removalCostPerMetre: type.removalCostPerMetre.value * x,
    breachRatePerKmPerYear: f.breachRatePerKmPerYear ?? type.breachRatePerKmPerYear.value,
    breachRateIncreasePerYear: type.breachRateIncreasePerYear.value,
    repairDelayDays: f.repairDelayDays ?? type.repairDelayDays.value,
    gapWidthM: type.gapWidth.value,
    gates: f.gates ?? (f.closed ? 1 : 0),
    renewEveryYears: f.renewEveryYears === 'never' ? Infinity : (f.renewEveryYears ?? type.serviceLifeYears?.value ?? Infinity),
    gatePerGate: rates.gatePerGate,
  };
}

/**
 * The walk's home-range kernel at a persistence-over-radius ratio: interpolated linearly between the two
 * measured kernels either side of it (the nearest outside their range), then scaled to integrate to 1.
 */
export function kernelAt(kernels: HomeKernels, ratio: number): KernelTable {
  const rows = kernels.kernels;
  let hi = rows.findIndex((k) => k.persistenceOverRadius >= ratio);
  const extrapolated = hi < 0 || (hi === 0 && rows[0].persistenceOverRadius > ratio);
  if (hi < 0) hi = rows.length - 1;
  const lo = Math.max(0, hi - 1);
  const a = rows[lo];
  const b = rows[hi];
  const span = b.persistenceOverRadius - a.persistenceOverRadius;
  const t = span > 0 ? Math.min(1, Math.max(0, (ratio - a.persistenceOverRadius) / span)) : 0;
  const n = Math.max(a.density.length, b.density.length);
  const density = Array.from({ length: n }, (_, i) => (1 - t) * (a.density[i] ?? 0) + t * (b.density[i] ?? 0));
  // ∫ K(ρ) 2πρ dρ over the piecewise-linear table (exact for each segment).
  const h = kernels.step;
  let mass = 0;
  for (let i = 0; i + 1 < n; i++) {
    const r0 = i * h;
    const r1 = r0 + h;
    const k0 = density[i];
    const k1 = density[i + 1];
    mass += 2 * Math.PI * ((k0 * (r1 * r1 - r0 * r0)) / 2 + ((k1 - k0) / h) * ((r1 ** 3 - r0 ** 3) / 3 - (r0 * (r1 * r1 - r0 * r0)) / 2));
  }
  return { step: h, density: density.map((d) => (mass > 0 ? d / mass : 0)), persistenceOverRadius: ratio, extrapolated };
}
