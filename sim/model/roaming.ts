import { openRing, pointInPolygon, type Point } from '../shared/polygon.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { cellIndexAt, type Terrain } from '../terrain/terrain.js';
import { SiteGrid } from './grid.js';

/**
 * The ground a population can walk: the site-grid cells on the terrain, no steeper than its kind
 * allows, and inside its roaming area when it has one.
 */
export function walkableCells(grid: SiteGrid, terrain: Terrain, slopeLimit: number, area: Point[] | undefined): Uint8Array {
  const ring = area ? openRing(area) : null;
  const mask = new Uint8Array(grid.cellCount);
  for (let c = 0; c < grid.cellCount; c++) {
    const x = grid.centreX(c);
    const y = grid.centreY(c);
    const tc = cellIndexAt(terrain, x, y);
    if (tc < 0 || Number.isNaN(terrain.elevation[tc]) || terrain.slope[tc] > slopeLimit) continue;
    if (ring && !pointInPolygon(ring, x, y)) continue;
    mask[c] = 1;
  }
  return mask;
}

/** Km² of the cells any of the masks holds. */
export function maskedAreaKm2(grid: SiteGrid, masks: readonly Uint8Array[]): number {
  let cells = 0;
  for (let c = 0; c < grid.cellCount; c++) if (masks.some((mask) => mask[c] === 1)) cells++;
  return (cells * grid.cellSize * grid.cellSize) / 1e6;
}

/**
 * The ground the herds of a plan roam, km², as a run's site works it out (deer control is costed over
 * it), without building the rest of the site.
 */
export function roamingAreaKm2(resolved: ResolvedScenario, terrain: Terrain): number {
  const sc = resolved.scenario;
  if (sc.herbivores.length === 0) return 0;
  const grid = new SiteGrid(terrain);
  return maskedAreaKm2(
    grid,
    sc.herbivores.map((h) => walkableCells(grid, terrain, resolved.effective.kinds[h.kind].slopeLimit, h.area)),
  );
}
