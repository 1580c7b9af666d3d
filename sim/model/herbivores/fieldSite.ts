import type { FenceNetwork } from '../fences.js';
import type { Site } from '../site.js';
import { AreaMap, type Barrier } from './areas.js';
import { FIELD_CELL, FieldGrid } from './fieldGrid.js';
import { HomeKernel } from './kernel.js';

/**
 * A fence that an animal gets over at least this often when it meets it does not confine it: the ground
 * either side mixes within days, and the field takes it as one area.
 */
export const CONFINING_PASSABILITY = 0.5;

/** Area maps kept per site (one per population and set of standing fences met so far). */
const MAP_CACHE = 16;

/**
 * What the herbivore field needs of a site that is the same in every replicate: its grid, each kind's
 * home-range kernel in metres, and the areas the standing fences cut each population's ground into
 * (kept by population and the fences standing, since fences go up and come down over a run).
 */
export class FieldSite {
  readonly grid: FieldGrid;
  readonly kernels: readonly HomeKernel[];
  private readonly maps = new Map<string, AreaMap>();

  constructor(private readonly site: Site) {
    const smallest = Math.min(...site.kinds.map((k) => k.homeRadius));
    const own = site.scenario.scenario.herbivoreField.cellSize;
    this.grid = new FieldGrid(site.grid, own ?? Math.min(FIELD_CELL.largest, smallest * FIELD_CELL.ofHomeRadius));
    this.kernels = site.kinds.map((k) => new HomeKernel(k.homeRadius, k.homeKernel));
  }

  /** The areas of population `pop`'s ground with the fences that stand now (`FenceNetwork.beginYear`), and the map's key. */
  areasFor(pop: number, fences: FenceNetwork): { key: string; map: AreaMap } {
    const kind = this.site.populationKind[pop];
    const confining: number[] = [];
    for (let f = 0; f < fences.fenceCount; f++) {
      if (fences.isStanding(f) && fences.passFor(f, kind) < CONFINING_PASSABILITY) confining.push(f);
    }
    const key = `${pop}:${confining.join(',')}`;
    let map = this.maps.get(key);
    if (!map) {
      const wanted = new Set(confining);
      const barriers: Barrier[] = [];
      for (let s = 0; s < fences.segmentCount; s++) {
        const f = fences.segFence[s];
        if (!wanted.has(f)) continue;
        barriers.push({ ax: fences.ax[s], ay: fences.ay[s], bx: fences.bx[s], by: fences.by[s], fence: f, pass: fences.passFor(f, kind) });
      }
      map = new AreaMap({
        grid: this.site.grid,
        field: this.grid,
        walkable: this.site.walkable[pop],
        zoneOfCell: this.site.zoneOfCell,
        barriers,
        elementLength: this.grid.cellSize / 2,
      });
      if (this.maps.size >= MAP_CACHE) this.maps.delete(this.maps.keys().next().value!);
      this.maps.set(key, map);
    }
    return { key, map };
  }
}
