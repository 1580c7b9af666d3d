import type { SiteGrid } from '../grid.js';
import type { Site } from '../site.js';
import { TreeStatus, type TreeStore } from '../trees.js';

/**
 * Saplings on offer to each herbivore kind, per site-grid cell: live, not browsed this year, within
 * the kind's reach and above any shelter, each weighted by its species' palatability
 * (`Site.feedWeight`). An animal feeds on the saplings of the cell it stands in, at an intake set by
 * their offer per m² (`weight`); how long forage holds it depends on the offer around it, the 3×3 cells
 * centred on its own (`nearby`, about 15 m across). Both herbivore models read it, and take a sapling
 * off it when its leader is browsed.
 */
export class Forage {
  /** Per kind, [kind * cellCount + cell]: weighted saplings on offer in the cell. */
  readonly weight: Float32Array;
  /** Per kind, the 3×3 neighbourhood sum of `weight`. */
  readonly nearby: Float32Array;
  /** 1 / m² of a cell: turns `weight` into an offer per m². */
  readonly perM2: number;
  private readonly grid: SiteGrid;
  private readonly kinds: number;

  /** 1 / m² of a 3×3 window of cells: turns `nearby` into an offer per m². */
  readonly perNearbyM2: number;

  /** `scratch` is working memory of two values per grid cell and kind, reused between replicates. */
  constructor(
    private readonly site: Site,
    scratch: Float32Array,
  ) {
    this.grid = site.grid;
    this.kinds = site.kinds.length;
    const n = site.grid.cellCount * Math.max(1, this.kinds);
    this.weight = scratch.subarray(0, n);
    this.nearby = scratch.subarray(n, 2 * n);
    this.perM2 = 1 / (site.grid.cellSize * site.grid.cellSize);
    this.perNearbyM2 = this.perM2 / 9;
  }

  /** Cells holding saplings on offer to some kind this year (`occupiedCount` of them). */
  occupied = new Int32Array(0);
  occupiedCount = 0;
  /** The saplings within some kind's reach and above any shelter this year (`saplingCount` of them), and how many stand in each occupied cell. */
  saplings = new Int32Array(0);
  saplingCount = 0;
  saplingsInCell = new Int32Array(0);
  private mark = new Uint8Array(0);
  /**
   * Rows that may be on offer this year or a later one, ascending: not dead and below every kind's
   * reach. A tree never comes back down once above it (only a browsed leader sets a tree back, and
   * only within reach), so the list only shrinks, but for rows added to the store since `listedUpTo`.
   * The offer is counted over it in the live list's order, so its sums are the same to the bit.
   */
  private candidates = new Int32Array(0);
  private candidateCount = 0;
  private listedUpTo = 0;

  /** Counts the year's offer from the live trees. */
  update(trees: TreeStore): void {
    const f = this.weight;
    f.fill(0);
    this.nearby.fill(0);
    this.occupiedCount = 0;
    const site = this.site;
    const kinds = this.kinds;
    if (kinds === 0) return;
    const cells = this.grid.cellCount;
    if (this.mark.length < cells) {
      this.mark = new Uint8Array(cells);
      this.occupied = new Int32Array(cells);
      this.saplingsInCell = new Int32Array(cells);
    }
    if (this.saplings.length < trees.liveCount) this.saplings = new Int32Array(Math.max(trees.liveCount, 2 * this.saplings.length));
    const mark = this.mark;
    const inCell = this.saplingsInCell;
    const maxReach = site.maxBrowseHeight;
    const { height, shelterHeight, cell, species, status } = trees;
    const list = this.listCandidates(trees, maxReach);
    let saplings = 0;
    for (let j = 0, n = this.candidateCount; j < n; j++) {
      const i = list[j];
      if (status[i] !== TreeStatus.Alive) continue;
      const h = height[i];
      if (h <= shelterHeight[i]) continue;
      const c = cell[i];
      const s = species[i];
      for (let k = 0; k < kinds; k++) f[k * cells + c] += site.feedWeight(k, s, h);
      this.saplings[saplings++] = i;
      if (mark[c] === 0) {
        mark[c] = 1;
        inCell[c] = 0;
        this.occupied[this.occupiedCount++] = c;
      }
      inCell[c]++;
    }
    this.saplingCount = saplings;
    for (let j = 0; j < this.occupiedCount; j++) {
      const c = this.occupied[j];
      mark[c] = 0;
      for (let k = 0; k < kinds; k++) this.spread(k * cells, c, f[k * cells + c]);
    }
  }

  /** The candidates kept up to date: the dead and those grown above reach dropped, rows added since appended. */
  private listCandidates(trees: TreeStore, maxReach: number): Int32Array {
    const { status, height } = trees;
    const room = this.candidateCount + (trees.count - this.listedUpTo);
    if (this.candidates.length < room) {
      const grown = new Int32Array(Math.max(room, 2 * this.candidates.length));
      grown.set(this.candidates.subarray(0, this.candidateCount));
      this.candidates = grown;
    }
    const list = this.candidates;
    let n = 0;
    for (let j = 0; j < this.candidateCount; j++) {
      const i = list[j];
      if (status[i] !== TreeStatus.Dead && height[i] < maxReach) list[n++] = i;
    }
    for (let i = this.listedUpTo; i < trees.count; i++) if (status[i] !== TreeStatus.Dead && height[i] < maxReach) list[n++] = i;
    this.candidateCount = n;
    this.listedUpTo = trees.count;
    return list;
  }

  /** Adds `w` to the window of every cell whose 3×3 neighbourhood holds cell `c`. */
  spread(base: number, c: number, w: number): void {
    if (w === 0) return;
    const { cols, rows } = this.grid;
    const col = c % cols;
    const row = (c - col) / cols;
    for (let dr = row > 0 ? -1 : 0; dr <= (row < rows - 1 ? 1 : 0); dr++) {
      const o = base + c + dr * cols;
      if (col > 0) this.nearby[o - 1] += w;
      this.nearby[o] += w;
      if (col < cols - 1) this.nearby[o + 1] += w;
    }
  }

  /** Takes a sapling of species `s` and height `h` standing in cell `at` off the offer of every kind. */
  take(at: number, s: number, h: number): void {
    const cells = this.grid.cellCount;
    for (let q = 0; q < this.kinds; q++) {
      const w = this.site.feedWeight(q, s, h);
      const v = this.weight[q * cells + at] - w;
      // Rounding must not leave a cell with a sliver of offer and no sapling.
      this.weight[q * cells + at] = v > 1e-6 ? v : 0;
      this.spread(q * cells, at, -w);
    }
  }
}
