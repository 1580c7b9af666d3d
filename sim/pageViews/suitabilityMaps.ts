import type { SpeciesParams } from '../library/schema.js';
import { SpeciesTable } from '../model/species.js';
import type { Terrain } from '../terrain/terrain.js';

/** Maps kept per terrain; beyond, the oldest is dropped (a plan has a few species, edits change fewer). */
const MAX_MAPS_PER_TERRAIN = 64;

/** Per terrain, suitability maps by the content of the species' site limits they were worked out from. */
const byTerrain = new WeakMap<Terrain, Map<string, Uint8Array>>();

/**
 * A species' suitability over every terrain cell, 0–255, for the page's map. It depends only on the
 * terrain and the species' site limits, so it is worked out once per terrain and content: an edit that
 * changes the herd, a fence or a zone finds every map made already.
 */
export function suitabilityMap(terrain: Terrain, species: SpeciesParams): Uint8Array {
  let maps = byTerrain.get(terrain);
  if (!maps) byTerrain.set(terrain, (maps = new Map()));
  const key = JSON.stringify(species.site);
  const known = maps.get(key);
  if (known) return known;
  const table = new SpeciesTable([species]);
  const cells = terrain.cols * terrain.rows;
  const out = new Uint8Array(cells);
  for (let c = 0; c < cells; c++) out[c] = Math.round(255 * table.suitability(0, terrain.elevation[c], terrain.slope[c], terrain.twi[c]));
  maps.set(key, out);
  if (maps.size > MAX_MAPS_PER_TERRAIN) maps.delete(maps.keys().next().value!);
  return out;
}
