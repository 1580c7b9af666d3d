import type { z } from 'zod';
import { boundsOf, findSelfIntersection, openRing, polygonArea, type Point } from '../shared/polygon.js';
import { zoneOverlapM2 } from './zoneOverlap.js';
import { fenceTypeSchema, herbivoreKindSchema, speciesSchema, type HerbivoreKind, type Library } from '../library/schema.js';
import { type Terrain, isInsideSite, terrainSouth } from '../terrain/terrain.js';
import { issueFromZod, type ScenarioIssue } from './issues.js';
import { mergeOverride } from './overrides.js';
import { effectiveParameters, startingAnimals } from './effective.js';
import type { ResolvedScenario } from './resolved.js';
import { breachIssues, countIssues } from './workLimits.js';
import { measureIssues } from './measures.js';
import { DEFAULT_STEPS_PER_DAY, LIMITS, MAX_ANIMALS, type Scenario } from './schema.js';

/** Rough cost of one animal's movement step on one core, s (`npm run bench`): for the estimate in messages. */
const SECONDS_PER_ANIMAL_STEP = 2.5e-7;

/**
 * The most each population can start with on a site of `siteKm2`: the run counts only the ground it
 * may stand on, never more than this.
 */
function startingHerd(scenario: Scenario, siteKm2: number): number[] {
  return scenario.herbivores.map((h) => startingAnimals(h, h.area ? polygonArea(openRing(h.area)) / 1e6 : siteKm2));
}

function tooManyAnimals(animals: number): ScenarioIssue {
  return { path: 'herbivores', message: `would start with about ${Math.round(animals).toLocaleString('en')} animals; at most ${MAX_ANIMALS.toLocaleString('en')} are supported` };
}

/** Most edge pairs the check that zones do not overlap compares (about a second of one core). */
const MAX_OVERLAP_EDGE_PAIRS = 200_000_000;

/** Edge pairs the overlap check compares: those of every two zones whose bounding boxes overlap. */
function overlapWork(rings: readonly Point[][]): number {
  const boxes = rings.map((r) => boundsOf(r));
  let pairs = 0;
  for (let i = 0; i < rings.length; i++) {
    for (let j = i + 1; j < rings.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.maxX <= b.minX || b.maxX <= a.minX || a.maxY <= b.minY || b.maxY <= a.minY) continue;
      pairs += rings[i].length * rings[j].length;
    }
  }
  return pairs;
}

/** Every pair of zones that overlap (they may touch), as issues naming the ground they share. */
function findOverlaps(scenario: Scenario, rings: readonly Point[][], issues: ScenarioIssue[]): void {
  for (let i = 0; i < rings.length; i++) {
    for (let j = i + 1; j < rings.length; j++) {
      if (rings[i].length < 3 || rings[j].length < 3) continue;
      const shared = zoneOverlapM2(rings[i], rings[j]);
      if (shared === 0) continue;
      const by = shared === null ? '' : ` by ${formatShared(shared)}`;
      issues.push({ path: `plantings[${j}].polygon`, message: `overlaps zone "${scenario.plantings[i].name}" (plantings[${i}])${by}, which would be planted twice; zones may touch but not overlap` });
    }
  }
}

/** Shared ground in hectares, or square metres where under a tenth of a hectare. */
function formatShared(m2: number): string {
  return m2 >= 1_000 ? `${(m2 / 10_000).toLocaleString('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 })} ha` : `${m2.toLocaleString('en-GB', { maximumFractionDigits: 1 })} m²`;
}

/** Looks up library entries, applies overrides, and checks everything that needs no terrain. */
export function resolveScenario(
  scenario: Scenario,
  library: Library,
  baseDir: string,
): { resolved: ResolvedScenario | null; issues: ScenarioIssue[] } {
  // A plan too large to check in bounded time is refused by its counts before anything else.
  const counted = countIssues(scenario);
  if (counted.length > 0) return { resolved: null, issues: counted };
  const issues: ScenarioIssue[] = [];

  const speciesTable = resolveTable('species', library.species, scenario.species, speciesSchema, issues);
  const herbivoreTable = resolveTable('herbivoreKinds', library.herbivores, scenario.herbivoreKinds, herbivoreKindSchema, issues);
  const fenceTable = resolveTable('fenceTypes', library.fenceTypes, scenario.fenceTypes, fenceTypeSchema, issues);
  issues.push(...breachIssues(scenario, fenceTable));
  // A generated site's area is known from its spec: a herd too large for it is refused before the
  // terrain is generated (minutes, for the largest).
  if (scenario.terrain.type === 'procedural') {
    const animals = startingHerd(scenario, (scenario.terrain.width * scenario.terrain.height) / 1e6).reduce((n, a) => n + a, 0);
    if (animals > MAX_ANIMALS) issues.push(tooManyAnimals(animals));
  }

  const speciesIds: string[] = [];
  const zoneNames = new Set<string>();
  let totalTrees = 0;

  scenario.plantings.forEach((p, i) => {
    const at = `plantings[${i}]`;
    if (zoneNames.has(p.name)) issues.push({ path: `${at}.name`, message: `zone name "${p.name}" is used twice` });
    if (p.name === 'all') issues.push({ path: `${at}.name`, message: 'the name "all" is kept for the whole site' });
    zoneNames.add(p.name);

    let fractionSum = 0;
    p.species.forEach((mix, j) => {
      fractionSum += mix.fraction;
      if (!Object.hasOwn(speciesTable, mix.species)) {
        issues.push({ path: `${at}.species[${j}].species`, message: unknownName('species', mix.species, speciesTable) });
      } else if (!speciesIds.includes(mix.species)) {
        speciesIds.push(mix.species);
      }
    });
    if (Math.abs(fractionSum - 1) > 1e-6) {
      issues.push({ path: `${at}.species`, message: `fractions must add up to 1, they add up to ${round(fractionSum)}` });
    }
    p.shelters?.species?.forEach((s, j) => {
      if (!p.species.some((m) => m.species === s)) {
        issues.push({ path: `${at}.shelters.species[${j}]`, message: `"${s}" is not planted in this zone` });
      }
    });

    const ring = openRing(p.polygon);
    if (ring.length < 3) {
      issues.push({ path: `${at}.polygon`, message: 'needs at least 3 distinct vertices' });
      return;
    }
    const crossing = findSelfIntersection(ring);
    if (crossing) {
      issues.push({ path: `${at}.polygon`, message: `is self-intersecting: edge ${crossing[0]} crosses edge ${crossing[1]}` });
    }
    const area = polygonArea(ring);
    if (area <= 0) issues.push({ path: `${at}.polygon`, message: 'has no area' });
    totalTrees += (area / 10_000) * p.density;
  });
  // Every stem belongs to one zone, so zones may touch but not overlap.
  const rings = scenario.plantings.map((p) => openRing(p.polygon));
  const edgePairs = overlapWork(rings);
  if (edgePairs > MAX_OVERLAP_EDGE_PAIRS) {
    issues.push({
      path: 'plantings',
      message: `zones whose extents overlap would need ${edgePairs.toLocaleString('en-GB')} edge comparisons to check that they do not overlap; at most ${MAX_OVERLAP_EDGE_PAIRS.toLocaleString('en-GB')}: simplify the outlines or use fewer, larger zones`,
    });
  } else {
    findOverlaps(scenario, rings, issues);
  }
  if (totalTrees > LIMITS.treesPerScenario) {
    issues.push({
      path: 'plantings',
      message: `would plant ${Math.round(totalTrees).toLocaleString('en')} trees; at most ${LIMITS.treesPerScenario.toLocaleString('en')} are supported`,
    });
  }

  scenario.fences.forEach((f, i) => {
    const at = `fences[${i}]`;
    if (!Object.hasOwn(fenceTable, f.type)) issues.push({ path: `${at}.type`, message: unknownName('fence type', f.type, fenceTable) });
    if (f.removalYear !== undefined && f.removalYear <= f.installYear) {
      issues.push({ path: `${at}.removalYear`, message: `must be after installYear (${f.installYear})` });
    }
    if (f.closed && openRing(f.path).length < 3) {
      issues.push({ path: `${at}.path`, message: 'a closed fence needs at least 3 distinct vertices' });
    }
    f.protects?.forEach((z, j) => {
      if (!zoneNames.has(z)) issues.push({ path: `${at}.protects[${j}]`, message: `no planting zone is named "${z}"` });
    });
  });

  const overridden = new Map<string, Map<string, { value: number; at: number }>>();
  scenario.herbivores.forEach((h, i) => {
    const at = `herbivores[${i}]`;
    if (!Object.hasOwn(herbivoreTable, h.kind)) issues.push({ path: `${at}.kind`, message: unknownName('herbivore kind', h.kind, herbivoreTable) });
    if (h.area) {
      const ring = openRing(h.area);
      const crossing = ring.length >= 3 ? findSelfIntersection(ring) : null;
      if (ring.length < 3 || polygonArea(ring) <= 0) issues.push({ path: `${at}.area`, message: 'needs at least 3 distinct vertices enclosing some ground' });
      else if (crossing) issues.push({ path: `${at}.area`, message: `is self-intersecting: edge ${crossing[0]} crosses edge ${crossing[1]}` });
    }
    // Browsing and movement are properties of a kind: two populations of one kind must agree on them.
    for (const field of ['browseHeight', 'dailyMovement', 'saplingsBrowsedPerDay'] as const) {
      const value = h[field];
      if (value === undefined) continue;
      const seen = overridden.get(h.kind) ?? new Map<string, { value: number; at: number }>();
      overridden.set(h.kind, seen);
      const earlier = seen.get(field);
      if (earlier && earlier.value !== value) {
        issues.push({ path: `${at}.${field}`, message: `differs from herbivores[${earlier.at}].${field} (${earlier.value}) for the same kind; set it once per kind` });
      } else seen.set(field, { value, at: i });
    }
  });
  const libraryCurrency = library.costs.currency;
  if (scenario.currency !== undefined && scenario.currency !== libraryCurrency && scenario.exchangeRate === undefined) {
    issues.push({
      path: 'exchangeRate',
      message: `the scenario's costs are in ${scenario.currency} but the cost library's are in ${libraryCurrency}: give exchangeRate (${scenario.currency} per ${libraryCurrency}) to convert the library rates`,
    });
  }
  if (scenario.exchangeRate !== undefined && (scenario.currency === undefined || scenario.currency === libraryCurrency)) {
    issues.push({ path: 'exchangeRate', message: `only applies when currency differs from the cost library's (${libraryCurrency})` });
  }
  const control = scenario.deerControl;
  if (control && control.toYear !== undefined && control.toYear < control.fromYear) {
    issues.push({ path: 'deerControl.toYear', message: `is before fromYear (${control.fromYear})` });
  }
  issues.push(...measureIssues(scenario));
  const verification = scenario.appraisal.carbonUnits.verificationYears;
  if (verification && verification[verification.length - 1] > scenario.years) {
    issues.push({ path: 'appraisal.carbonUnits.verificationYears', message: `the last one is after the last simulated year (${scenario.years})` });
  }
  scenario.plantings.forEach((p, i) => {
    if (p.year > scenario.years) issues.push({ path: `plantings[${i}].year`, message: `is after the last simulated year (${scenario.years})` });
  });
  if (scenario.plantings.length > 65_535) issues.push({ path: 'plantings', message: 'at most 65,535 zones are supported' });
  if (speciesIds.length > 255) issues.push({ path: 'plantings', message: 'at most 255 species can be planted in one scenario' });

  if (issues.length > 0) return { resolved: null, issues };

  const usedKinds = new Set(scenario.herbivores.map((h) => h.kind));
  const usedFenceTypes = new Set(scenario.fences.map((f) => f.type));
  const herbivoreKinds = pick(herbivoreTable, usedKinds);
  const fenceTypes = pick(fenceTable, usedFenceTypes);
  return {
    resolved: {
      scenario,
      speciesIds,
      species: speciesIds.map((id) => speciesTable[id]),
      herbivoreKinds,
      fenceTypes,
      effective: effectiveParameters(scenario, fenceTypes, herbivoreKinds, library),
      processes: library.processes,
      baseDir,
    },
    issues,
  };
}

/** Checks geometry against the terrain: everything must lie on the site. */
export function checkAgainstTerrain(scenario: Scenario, terrain: Terrain, kinds: Record<string, HerbivoreKind> = {}): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const bounds = `${round(terrain.west)}–${round(terrain.west + terrain.cols * terrain.cellSize)} E, ${round(terrainSouth(terrain))}–${round(terrain.north)} N`;
  const checkPoints = (points: readonly Point[], at: string, what: string) => {
    const outside = points.findIndex(([x, y]) => !isInsideSite(terrain, x, y));
    if (outside >= 0) {
      const [x, y] = points[outside];
      issues.push({
        path: `${at}[${outside}]`,
        message: `${what} vertex (${x}, ${y}) is outside the terrain (${bounds}) or on a NODATA cell`,
      });
    }
  };
  scenario.plantings.forEach((p, i) => checkPoints(p.polygon, `plantings[${i}].polygon`, 'zone'));
  scenario.fences.forEach((f, i) => checkPoints(f.path, `fences[${i}].path`, 'fence'));
  let animals = 0;
  // The walk traces each straight run: its work a day is the more of its steps and its runs.
  let walkPerDay = 0;
  const siteKm2 = (terrain.cols * terrain.rows * terrain.cellSize * terrain.cellSize) / 1e6;
  const herd = startingHerd(scenario, siteKm2);
  scenario.herbivores.forEach((h, i) => {
    if (h.area) checkPoints(h.area, `herbivores[${i}].area`, 'area');
    const n = herd[i];
    animals += n;
    const kind = Object.hasOwn(kinds, h.kind) ? kinds[h.kind] : undefined;
    const runs = kind ? kind.dailyMovement.value / kind.persistenceLength.value : 0;
    walkPerDay += n * Math.max(scenario.herbivoreSteps.stepsPerDay, runs);
  });
  if (animals > MAX_ANIMALS) {
    issues.push(tooManyAnimals(animals));
  } else if (scenario.herbivoreModel === 'walk') {
    // The walk's work is its animal-steps; the field's does not grow with the steps a day.
    const { stepsPerDay, daysPerYear } = scenario.herbivoreSteps;
    const perYear = Math.max(animals * stepsPerDay, walkPerDay) * daysPerYear;
    if (perYear > LIMITS.animalStepsPerYear) {
      const minutes = (perYear * SECONDS_PER_ANIMAL_STEP) / 60;
      issues.push({
        path: 'herbivoreSteps.stepsPerDay',
        message:
          `${Math.round(animals).toLocaleString('en')} animals at ${stepsPerDay} steps a day make ${Math.round(perYear / 1e6).toLocaleString('en')} million ` +
          `animal-steps a year (about ${Math.round(minutes).toLocaleString('en')} minutes per simulated year of each replicate); at most ` +
          `${(LIMITS.animalStepsPerYear / 1e6).toLocaleString('en')} million: use fewer steps a day (results have converged at the default ${DEFAULT_STEPS_PER_DAY}, docs/validation.md), fewer animals, or the herbivore field (herbivoreModel "field", the default)`,
      });
    }
  }
  return issues;
}

function resolveTable<T>(
  field: string,
  library: Record<string, T>,
  overrides: Record<string, Record<string, unknown>> | undefined,
  schema: z.ZodType<T>,
  issues: ScenarioIssue[],
): Record<string, T> {
  // Without a prototype, so that ids such as "constructor" or "__proto__" are only ever what the
  // library or the scenario defines, never a built-in member of every object.
  const table: Record<string, T> = Object.assign(Object.create(null) as Record<string, T>, library);
  for (const [id, override] of Object.entries(overrides ?? {})) {
    const merged = mergeOverride(Object.hasOwn(library, id) ? library[id] : undefined, override);
    const parsed = schema.safeParse(merged, { reportInput: true });
    if (parsed.success) table[id] = parsed.data;
    else issues.push(...parsed.error.issues.map((i) => issueFromZod(i, [field, id])));
  }
  return table;
}

function unknownName(what: string, name: string, table: Record<string, unknown>): string {
  return `unknown ${what} "${name}"; known: ${Object.keys(table).sort().join(', ')}`;
}

function pick<T>(table: Record<string, T>, keys: Set<string>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const k of [...keys].sort()) if (Object.hasOwn(table, k)) out[k] = table[k];
  return out;
}

function round(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

