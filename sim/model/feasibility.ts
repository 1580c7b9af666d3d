import type { Terrain } from '../terrain/terrain.js';
import type { ScenarioIssue } from '../scenario/issues.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { zoneGround } from './zoneGround.js';

/**
 * Whether each zone's ground can carry what is planted on it, before any run: a zone whose every
 * cell lies above a species' elevation limit, on slopes past its limit or too wet or dry for it,
 * would lose all of that species in its first year. These are warnings, not errors: the plan is valid
 * and runs, but a user would want to know. Each zone's ground is scanned once per terrain and content
 * (`zoneGround`).
 */
export function siteWarnings(resolved: ResolvedScenario, terrain: Terrain): ScenarioIssue[] {
  const sc = resolved.scenario;
  const code = new Map(resolved.speciesIds.map((id, i) => [id, i]));
  const warnings: ScenarioIssue[] = [];
  sc.plantings.forEach((p, z) => {
    const params = p.species.map((m) => resolved.species[code.get(m.species)!]);
    const { cells, low, high, best } = zoneGround(terrain, p.polygon, params);
    if (cells === 0) return;
    const range = `${fmt(low)}–${fmt(high)} m`;
    const above = p.species.filter((m) => low >= resolved.species[code.get(m.species)!].site.elevationLimit);
    if (above.length === p.species.length) {
      const limits = above.map((m) => `${nameOf(resolved, code.get(m.species)!)} ${fmt(resolved.species[code.get(m.species)!].site.elevationLimit)} m`).join(', ');
      warnings.push({ path: `plantings[${z}].polygon`, message: `zone '${p.name}' lies at ${range}, above every chosen species' elevation limit (${limits}): nothing planted there survives` });
      return;
    }
    p.species.forEach((m, j) => {
      if (best[j] > 0) return;
      const sp = code.get(m.species)!;
      const why = above.includes(m) ? `lies at ${range}, above its elevation limit of ${fmt(resolved.species[sp].site.elevationLimit)} m` : 'offers it no cell it can grow on (elevation, slope or wetness)';
      warnings.push({ path: `plantings[${z}].species[${j}].species`, message: `zone '${p.name}' ${why}: every ${nameOf(resolved, sp)} planted there dies` });
    });
  });
  return warnings;
}

function nameOf(resolved: ResolvedScenario, sp: number): string {
  return resolved.species[sp].name;
}

function fmt(v: number): string {
  return Math.round(v).toLocaleString('en-GB');
}
