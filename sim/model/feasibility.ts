import { boundsOf, openRing, pointInPolygon } from '../shared/polygon.js';
import { SpeciesTable } from './species.js';
import { type Terrain, terrainSouth } from '../terrain/terrain.js';
import type { ScenarioIssue } from '../scenario/issues.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

/**
 * Whether each zone's ground can carry what is planted on it, before any run: a zone whose every
 * cell lies above a species' elevation limit, on slopes past its limit or too wet or dry for it,
 * would lose all of that species in its first year. These are warnings, not errors: the plan is valid
 * and runs, but a user would want to know.
 */
export function siteWarnings(resolved: ResolvedScenario, terrain: Terrain): ScenarioIssue[] {
  const sc = resolved.scenario;
  const table = new SpeciesTable(resolved.species);
  const code = new Map(resolved.speciesIds.map((id, i) => [id, i]));
  const south = terrainSouth(terrain);
  const warnings: ScenarioIssue[] = [];
  sc.plantings.forEach((p, z) => {
    const ring = openRing(p.polygon);
    const b = boundsOf(ring);
    const cs = terrain.cellSize;
    const c0 = Math.max(0, Math.floor((b.minX - terrain.west) / cs));
    const c1 = Math.min(terrain.cols - 1, Math.floor((b.maxX - terrain.west) / cs));
    const r0 = Math.max(0, Math.floor((terrain.north - b.maxY) / cs));
    const r1 = Math.min(terrain.rows - 1, Math.floor((terrain.north - b.minY) / cs));
    let low = Infinity;
    let high = -Infinity;
    const best = new Float64Array(p.species.length);
    let cells = 0;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const x = terrain.west + (c + 0.5) * cs;
        const y = terrain.north - (r + 0.5) * cs;
        if (y < south || !pointInPolygon(ring, x, y)) continue;
        const i = r * terrain.cols + c;
        const e = terrain.elevation[i];
        if (Number.isNaN(e)) continue;
        cells++;
        if (e < low) low = e;
        if (e > high) high = e;
        p.species.forEach((m, j) => {
          const s = table.suitability(code.get(m.species)!, e, terrain.slope[i], terrain.twi[i]);
          if (s > best[j]) best[j] = s;
        });
      }
    }
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
