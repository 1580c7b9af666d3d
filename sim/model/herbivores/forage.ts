import type { SiteGrid } from '../grid.js';
import type { Site } from '../site.js';
import type { TreeStore } from '../trees.js';

/**
 * Saplings on offer to each herbivore kind, per site-grid cell: live, not browsed this year, within
 * the kind's reach and above any shelter, each weighted by its species' palatability and the kind's
 * browse-height profile (`Site.browseWeight`). `offer` is the same summed over each cell's 3×3
 * neighbourhood: what an animal standing in the cell finds. Both herbivore models read it, and take a
 * sapling off it when its leader is browsed.
 */
export class Forage {
  /** Per kind, [kind * cellCount + cell]: weighted saplings on offer in the cell. */
  readonly weight: Float32Array;
  /** Per kind, the 3×3 neighbourhood sum of `weight`. */
  readonly offer: Float32Array;
  private readonly grid: SiteGrid;
  private readonly kinds: number;

  /** `scratch` is working memory of two values per grid cell and kind, reused between replicates. */
  constructor(
    private readonly site: Site,
    scratch: Float32Array,
  ) {
    this.grid = site.grid;
    this.kinds = site.kinds.length;
    const n = site.grid.cellCount * Math.max(1, this.kinds);
    this.weight = scratch.subarray(0, n);
    this.offer = scratch.subarray(n, 2 * n);
  }

  /** Counts the year's offer from the live trees. */
  update(trees: TreeStore): void {
    const f = this.weight;
    f.fill(0);
    const site = this.site;
    const kinds = this.kinds;
    if (kinds === 0) return;
    const cells = this.grid.cellCount;
    const maxReach = site.maxBrowseHeight;
    const live = trees.live;
    for (let j = 0, n = trees.liveCount; j < n; j++) {
      const i = live[j];
      const h = trees.height[i];
      if (h >= maxReach || h <= trees.shelterHeight[i]) continue;
      const c = trees.cell[i];
      const s = trees.species[i];
      for (let k = 0; k < kinds; k++) f[k * cells + c] += site.browseWeight(k, s, h);
    }
    const { cols, rows } = this.grid;
    for (let k = 0; k < kinds; k++) {
      const base = k * cells;
      for (let c = 0; c < cells; c++) this.offer[base + c] = neighbourhoodSum(f, base, c, cols, rows);
    }
  }

  /** Takes a sapling of species `s` and height `h` standing in cell `at` off the offer of every kind. */
  take(at: number, s: number, h: number): void {
    const grid = this.grid;
    const cells = grid.cellCount;
    const col = at % grid.cols;
    const row = (at - col) / grid.cols;
    for (let q = 0; q < this.kinds; q++) {
      const w = this.site.browseWeight(q, s, h);
      this.weight[q * cells + at] -= w;
      // Take it off the neighbourhood offer of every cell whose 3×3 window holds this one.
      const base = q * cells;
      for (let dr = row > 0 ? -1 : 0, dr1 = row < grid.rows - 1 ? 1 : 0; dr <= dr1; dr++) {
        const o = base + at + dr * grid.cols;
        if (col > 0) this.offer[o - 1] -= w;
        this.offer[o] -= w;
        if (col < grid.cols - 1) this.offer[o + 1] -= w;
      }
    }
  }
}

/** The 3×3 neighbourhood sum of a per-cell field starting at `base`. */
export function neighbourhoodSum(field: Float32Array, base: number, cell: number, cols: number, rows: number): number {
  const col = cell % cols;
  const row = (cell - col) / cols;
  const r0 = row > 0 ? row - 1 : 0;
  const r1 = row < rows - 1 ? row + 1 : row;
  const c0 = col > 0 ? col - 1 : 0;
  const c1 = col < cols - 1 ? col + 1 : col;
  let sum = 0;
  for (let r = r0; r <= r1; r++) {
    const o = base + r * cols;
    for (let c = c0; c <= c1; c++) sum += field[o + c];
  }
  return sum;
}
