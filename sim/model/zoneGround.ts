import type { SpeciesParams } from '../library/schema.js';
import { boundsOf, openRing, pointInPolygon, type Point } from '../shared/polygon.js';
import { SpeciesTable } from './species.js';
import { type Terrain, terrainSouth } from '../terrain/terrain.js';

/** What a zone's ground offers the species planted on it: the terrain cells it covers, their elevation range, each species' best cell. */
export interface ZoneGround {
  /** Terrain cells whose centre lies in the zone and on the terrain. */
  cells: number;
  /** Lowest and highest elevation of those cells, m; ±Infinity when there are none. */
  low: number;
  high: number;
  /** Per species, in the order given: the best suitability (0–1) among the zone's cells. */
  best: Float64Array;
}

/** Zones kept per terrain; beyond, the oldest is dropped (a plan has a few zones, an edit changes one). */
const MAX_ZONES_PER_TERRAIN = 128;

/** Per terrain, each zone's ground by the content it was worked out from: its outline and its species' site limits. */
const byTerrain = new WeakMap<Terrain, Map<string, ZoneGround>>();

/**
 * A zone's ground, scanned cell by cell once per terrain and content: an edit that moves one zone, or
 * changes a herd or a fence, scans only what changed, and a run's warnings reuse the check's scan.
 */
export function zoneGround(terrain: Terrain, polygon: readonly Point[], species: readonly SpeciesParams[]): ZoneGround {
  let zones = byTerrain.get(terrain);
  if (!zones) byTerrain.set(terrain, (zones = new Map()));
  const key = JSON.stringify([polygon, species.map((s) => s.site)]);
  const known = zones.get(key);
  if (known) return known;
  const ground = scan(terrain, openRing(polygon), new SpeciesTable(species));
  zones.set(key, ground);
  if (zones.size > MAX_ZONES_PER_TERRAIN) zones.delete(zones.keys().next().value!);
  return ground;
}

function scan(terrain: Terrain, ring: Point[], table: SpeciesTable): ZoneGround {
  const b = boundsOf(ring);
  const cs = terrain.cellSize;
  const south = terrainSouth(terrain);
  const c0 = Math.max(0, Math.floor((b.minX - terrain.west) / cs));
  const c1 = Math.min(terrain.cols - 1, Math.floor((b.maxX - terrain.west) / cs));
  const r0 = Math.max(0, Math.floor((terrain.north - b.maxY) / cs));
  const r1 = Math.min(terrain.rows - 1, Math.floor((terrain.north - b.minY) / cs));
  const n = table.count;
  const best = new Float64Array(n);
  let low = Infinity;
  let high = -Infinity;
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
      for (let j = 0; j < n; j++) {
        const s = table.suitability(j, e, terrain.slope[i], terrain.twi[i]);
        if (s > best[j]) best[j] = s;
      }
    }
  }
  return { cells, low, high, best };
}
