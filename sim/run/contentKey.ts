import { createHash } from 'node:crypto';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Terrain } from '../terrain/terrain.js';

/**
 * Content keys of what a simulation job runs: equal keys mean the same scenario on the same terrain,
 * so a worker that has built the site for one key reuses it for every job with that key, in this run
 * or a later one, and a changed plan can never be served a stale site. Each object is hashed once.
 */
const terrainKeys = new WeakMap<Terrain, string>();
const scenarioKeys = new WeakMap<ResolvedScenario, string>();

export function terrainKey(terrain: Terrain): string {
  let key = terrainKeys.get(terrain);
  if (!key) {
    const h = createHash('sha256');
    h.update(JSON.stringify([terrain.cols, terrain.rows, terrain.cellSize, terrain.west, terrain.north, terrain.crs, terrain.source]));
    for (const raster of [terrain.elevation, terrain.slope, terrain.aspect, terrain.twi]) {
      h.update(new Uint8Array(raster.buffer, raster.byteOffset, raster.byteLength));
    }
    key = h.digest('hex').slice(0, 32);
    terrainKeys.set(terrain, key);
  }
  return key;
}

/** The key of a scenario on a terrain. */
export function contentKey(resolved: ResolvedScenario, terrain: Terrain): string {
  let own = scenarioKeys.get(resolved);
  if (!own) {
    own = createHash('sha256').update(JSON.stringify(resolved)).digest('hex').slice(0, 32);
    scenarioKeys.set(resolved, own);
  }
  return `${own}:${terrainKey(terrain)}`;
}
