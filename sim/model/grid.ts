import type { Terrain } from '../terrain/terrain.js';

/**
 * A regular grid over the terrain's extent used for every spatial query of the model: which trees
 * stand near a point, local crown cover, which zone a point is in. Finer than the terrain where the
 * terrain is coarse, so a cell holds a handful of trees.
 */
export class SiteGrid {
  readonly cols: number;
  readonly rows: number;
  readonly cellSize: number;
  readonly west: number;
  readonly north: number;
  readonly cellCount: number;

  constructor(terrain: Terrain, preferredCellSize = 5, maxCells = 4_000_000) {
    const width = terrain.cols * terrain.cellSize;
    const height = terrain.rows * terrain.cellSize;
    const minCell = Math.sqrt((width * height) / maxCells);
    this.cellSize = Math.max(preferredCellSize, minCell);
    this.cols = Math.max(1, Math.ceil(width / this.cellSize));
    this.rows = Math.max(1, Math.ceil(height / this.cellSize));
    this.west = terrain.west;
    this.north = terrain.north;
    this.cellCount = this.cols * this.rows;
  }

  /** Cell holding (x, y), or -1 outside the grid. */
  cellAt(x: number, y: number): number {
    const c = Math.floor((x - this.west) / this.cellSize);
    const r = Math.floor((this.north - y) / this.cellSize);
    if (c < 0 || r < 0 || c >= this.cols || r >= this.rows) return -1;
    return r * this.cols + c;
  }

  /** Centre of a cell. */
  centreX(cell: number): number {
    return this.west + ((cell % this.cols) + 0.5) * this.cellSize;
  }

  centreY(cell: number): number {
    return this.north - (Math.floor(cell / this.cols) + 0.5) * this.cellSize;
  }
}

/**
 * Trees bucketed by grid cell in compressed rows: the trees of cell c are
 * `order[start[c] .. start[c + 1])`. Rebuilt only when trees are added.
 */
export class TreeIndex {
  readonly start: Int32Array;
  order: Int32Array;
  private readonly fill: Int32Array;

  constructor(private readonly grid: SiteGrid) {
    this.start = new Int32Array(grid.cellCount + 1);
    this.order = new Int32Array(0);
    this.fill = new Int32Array(grid.cellCount);
  }

  /** Buckets the live trees (`TreeStore.live`), in row order within each cell. */
  rebuildLive(trees: { cell: Int32Array; live: Int32Array; liveCount: number }): void {
    this.bucket(trees.cell, trees.live, trees.liveCount);
  }

  /** Buckets trees 0 .. count-1. */
  rebuild(cellOfTree: Int32Array, count: number): void {
    this.bucket(cellOfTree, null, count);
  }

  /** Buckets the trees `rows[0 .. count)` (or 0 .. count-1 when `rows` is null) by their cell. */
  private bucket(cellOfTree: Int32Array, rows: Int32Array | null, count: number): void {
    const start = this.start;
    start.fill(0);
    for (let j = 0; j < count; j++) {
      const c = cellOfTree[rows ? rows[j] : j];
      if (c >= 0) start[c + 1]++;
    }
    for (let c = 0; c < this.grid.cellCount; c++) start[c + 1] += start[c];
    if (this.order.length < count) this.order = new Int32Array(Math.max(count, this.order.length * 2));
    const fill = this.fill;
    fill.fill(0);
    for (let j = 0; j < count; j++) {
      const i = rows ? rows[j] : j;
      const c = cellOfTree[i];
      if (c >= 0) this.order[start[c] + fill[c]++] = i;
    }
  }
}
