import type { z } from 'zod';
import { findSelfIntersection, openRing, polygonArea } from '../geometry/polygon.js';
import {
  fenceTypeSchema,
  herbivoreKindSchema,
  speciesSchema,


  type Library,

} from '../library/schema.js';
import { type Terrain, isInsideSite, terrainSouth } from '../terrain/terrain.js';
import { issueFromZod, type ScenarioIssue } from './issues.js';
import { mergeOverride } from './overrides.js';
import type { ResolvedScenario } from './resolved.js';
import { LIMITS, type Point, type Scenario } from './schema.js';

/** Looks up library entries, applies overrides, and checks everything that needs no terrain. */
export function resolveScenario(
  scenario: Scenario,
  library: Library,
  baseDir: string,
): { resolved: ResolvedScenario | null; issues: ScenarioIssue[] } {
  const issues: ScenarioIssue[] = [];

  const speciesTable = resolveTable('species', library.species, scenario.species, speciesSchema, issues);
  const herbivoreTable = resolveTable('herbivoreKinds', library.herbivores, scenario.herbivoreKinds, herbivoreKindSchema, issues);
  const fenceTable = resolveTable('fenceTypes', library.fenceTypes, scenario.fenceTypes, fenceTypeSchema, issues);

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
      if (!(mix.species in speciesTable)) {
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
  if (totalTrees > LIMITS.treesPerScenario) {
    issues.push({
      path: 'plantings',
      message: `would plant ${Math.round(totalTrees).toLocaleString('en')} trees; at most ${LIMITS.treesPerScenario.toLocaleString('en')} are supported`,
    });
  }

  scenario.fences.forEach((f, i) => {
    const at = `fences[${i}]`;
    if (!(f.type in fenceTable)) issues.push({ path: `${at}.type`, message: unknownName('fence type', f.type, fenceTable) });
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

  scenario.herbivores.forEach((h, i) => {
    const at = `herbivores[${i}]`;
    if (!(h.kind in herbivoreTable)) issues.push({ path: `${at}.kind`, message: unknownName('herbivore kind', h.kind, herbivoreTable) });
    if (h.area) {
      const ring = openRing(h.area);
      const crossing = ring.length >= 3 ? findSelfIntersection(ring) : null;
      if (crossing) issues.push({ path: `${at}.area`, message: `is self-intersecting: edge ${crossing[0]} crosses edge ${crossing[1]}` });
    }
  });

  if (issues.length > 0) return { resolved: null, issues };

  const usedKinds = new Set(scenario.herbivores.map((h) => h.kind));
  const usedFenceTypes = new Set(scenario.fences.map((f) => f.type));
  return {
    resolved: {
      scenario,
      speciesIds,
      species: speciesIds.map((id) => speciesTable[id]),
      herbivoreKinds: pick(herbivoreTable, usedKinds),
      fenceTypes: pick(fenceTable, usedFenceTypes),
      baseDir,
    },
    issues,
  };
}

/** Checks geometry against the terrain: everything must lie on the site. */
export function checkAgainstTerrain(scenario: Scenario, terrain: Terrain): ScenarioIssue[] {
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
  scenario.herbivores.forEach((h, i) => {
    if (h.area) checkPoints(h.area, `herbivores[${i}].area`, 'area');
  });
  return issues;
}

function resolveTable<T>(
  field: string,
  library: Record<string, T>,
  overrides: Record<string, Record<string, unknown>> | undefined,
  schema: z.ZodType<T>,
  issues: ScenarioIssue[],
): Record<string, T> {
  const table: Record<string, T> = { ...library };
  for (const [id, override] of Object.entries(overrides ?? {})) {
    const merged = mergeOverride(library[id], override);
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
  const out: Record<string, T> = {};
  for (const k of [...keys].sort()) if (k in table) out[k] = table[k];
  return out;
}

function round(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

