import { readFileSync } from 'node:fs';
import { assetPath } from '../assets.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { Point } from '../shared/polygon.js';

/**
 * The named validation sites: small scenarios that isolate one process each, built the same way for
 * the report (`npm run validate-model`) and for the quick checks in the test suite.
 */

/** Site suitability 1 for every species: no limit from elevation, slope or wetness. */
export const IDEAL_SITE = { elevationOptimumMax: 5000, elevationLimit: 6000, slopeLimit: 89, wetnessOptimum: [-100, 100] };
/**
 * An average site: on flat ground at 100 m, suitability (350 − 100) / 350 = 0.71, which scales the
 * height curve's asymptote to 0.3 + 0.7 × 0.71 = 0.8 of the good site's.
 */
export const AVERAGE_SITE = { elevationOptimumMax: 0, elevationLimit: 350, slopeLimit: 89, wetnessOptimum: [-100, 100] };
/** Share of the good site's height the average site reaches. */
export const AVERAGE_SITE_HEIGHT = 0.8;

const NO_DROUGHT = 'none' as const;

function square(x: number, y: number, side: number): Point[] {
  return [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
  ];
}

export interface StandOptions {
  species: string;
  /** Planting spacing, m (stems/ha = 10,000 / spacing²). */
  spacing: number;
  site: 'good' | 'average';
  years: number;
  replicates: number;
  seed?: number;
}

/**
 * A pure stand without herbivores or drought: nine 1 ha squares planted alike on flat ground, so the
 * centre square ("core"), whose figures are read, has neighbours on every side like the inside of a
 * forest rather than a 1 ha island.
 */
export function standPlot(o: StandOptions): ScenarioInput {
  const plantings = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      plantings.push({
        name: r === 1 && c === 1 ? 'core' : `edge${r}${c}`,
        polygon: square(50 + c * 100, 50 + r * 100, 100),
        species: [{ species: o.species, fraction: 1 }],
        density: 10_000 / (o.spacing * o.spacing),
        layout: { type: 'grid' as const, jitter: Math.min(0.3, o.spacing / 5) },
      });
    }
  }
  return {
    schemaVersion: 1,
    name: `${o.species} at ${o.spacing} m, ${o.site} site`,
    seed: o.seed ?? 7,
    years: o.years,
    replicates: o.replicates,
    terrain: { type: 'procedural', width: 400, height: 400, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
    plantings,
    climate: NO_DROUGHT,
    species: { [o.species]: { site: o.site === 'good' ? IDEAL_SITE : AVERAGE_SITE } },
  };
}

export interface BrowsingOptions {
  /** Red deer per km² over the whole 4 km² site. */
  density: number;
  years: number;
  replicates: number;
  seed?: number;
  stepsPerDay?: number;
}

/**
 * Unprotected planting under red deer: a 2 km × 2 km open site (twice the radius of a hind's home
 * range across), with a block of Scots pine and a block of sessile oak side by side in its middle,
 * 8 ha each at 2,500 stems/ha on a good site, and red deer at a set density everywhere.
 */
export function browsingPlot(o: BrowsingOptions): ScenarioInput {
  const mix = (species: string) => [{ species, fraction: 1 }];
  return {
    schemaVersion: 1,
    name: `red deer at ${o.density} per km2`,
    seed: o.seed ?? 11,
    years: o.years,
    replicates: o.replicates,
    terrain: { type: 'procedural', width: 2000, height: 2000, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
    plantings: ['scots_pine', 'sessile_oak'].map((species, i) => ({
      name: species,
      polygon: [[800 + i * 200, 800], [1000 + i * 200, 800], [1000 + i * 200, 1200], [800 + i * 200, 1200]] as Point[],
      species: mix(species),
      density: 2500,
    })),
    herbivores: o.density > 0 ? [{ kind: 'red_deer', densityPerKm2: o.density }] : [],
    climate: NO_DROUGHT,
    species: { scots_pine: { site: IDEAL_SITE }, sessile_oak: { site: IDEAL_SITE } },
    ...(o.stepsPerDay ? { herbivoreSteps: { stepsPerDay: o.stepsPerDay, daysPerYear: 365 } } : {}),
  };
}

export interface ShelterTrialOptions {
  /** Shelter height on every tree, m (0: none). */
  shelter: number;
  /** Red deer per km² over the whole 4 km² site (0: none). */
  deer: number;
  years: number;
  replicates: number;
  seed?: number;
}

/**
 * A shelter trial: one 8 ha block of sessile oak at 2,500 stems/ha on a good, flat site in the middle of
 * a 2 km × 2 km open site without drought, every tree in a shelter of one height (or none), with red deer
 * at a set density everywhere (or none, as in a trial protected from browsing).
 */
export function shelterTrial(o: ShelterTrialOptions): ScenarioInput {
  return {
    schemaVersion: 1,
    name: `sessile oak, ${o.shelter > 0 ? `${o.shelter} m shelters` : 'no shelters'}, red deer at ${o.deer} per km2`,
    seed: o.seed ?? 13,
    years: o.years,
    replicates: o.replicates,
    terrain: { type: 'procedural', width: 2000, height: 2000, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
    plantings: [
      {
        name: 'oak',
        polygon: [[900, 800], [1100, 800], [1100, 1200], [900, 1200]] as Point[],
        species: [{ species: 'sessile_oak', fraction: 1 }],
        density: 2500,
        ...(o.shelter > 0 ? { shelters: { height: o.shelter } } : {}),
      },
    ],
    herbivores: o.deer > 0 ? [{ kind: 'red_deer', densityPerKm2: o.deer }] : [],
    climate: NO_DROUGHT,
    species: { sessile_oak: { site: IDEAL_SITE } },
  };
}

/** The built-in default scenario as written. */
export function defaultScenario(): ScenarioInput {
  return JSON.parse(readFileSync(assetPath('scenarios', 'default.json'), 'utf8')) as ScenarioInput;
}

/** The default scenario with its deer fence breaking at a set rate (breaches per km per year). */
export function breachedDefault(rate: number, replicates: number, years?: number): ScenarioInput {
  const sc = defaultScenario();
  sc.replicates = replicates;
  if (years) sc.years = years;
  sc.fences = (sc.fences ?? []).map((f) => ({ ...f, breachRatePerKmPerYear: rate }));
  sc.name = `default, fence breaking ${rate} times per km per year`;
  return sc;
}

/** The default scenario without its fence and with tree shelters of a set height (0: none) in the unfenced zone. */
export function shelteredDefault(height: number, replicates: number, years?: number): ScenarioInput {
  const sc = defaultScenario();
  sc.replicates = replicates;
  if (years) sc.years = years;
  sc.plantings = sc.plantings.map((p) => (p.name === 'unfenced' && height > 0 ? { ...p, shelters: { height, costPerTree: 0 } } : p));
  sc.name = height > 0 ? `default, ${height} m shelters in the unfenced zone` : 'default, no shelters';
  return sc;
}

/** The default scenario at a multiple of its herbivore steps per day. */
export function resolvedDefault(stepsPerDay: number, replicates: number, years?: number): ScenarioInput {
  const sc = defaultScenario();
  sc.replicates = replicates;
  if (years) sc.years = years;
  sc.herbivoreSteps = { stepsPerDay, daysPerYear: 365 };
  sc.name = `default at ${stepsPerDay} steps per day`;
  return sc;
}
