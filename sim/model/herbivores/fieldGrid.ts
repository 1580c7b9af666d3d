import type { SiteGrid } from '../grid.js';

/** The field's cells, when the scenario does not set them: this share of the smallest home-range radius present, and at most `largest` m. */
export const FIELD_CELL = { ofHomeRadius: 1 / 25, largest: 100 } as const;

/**
 * The cells of the herbivore field: a grid over the site coarser than the site grid (an animal's kernel
 * changes over hundreds of metres, not metres), each site-grid cell belonging to the field cell that
 * holds its centre. The field's cell size is a numerical setting (`herbivoreField.cellSize`); the
 * validation report shows that halving it changes no result.
 */
export class FieldGrid {
  readonly cols: number;
  readonly rows: number;
  readonly cellSize: number;
  readonly west: number;
  readonly north: number;
  readonly cellCount: number;
  /** Field cell of each site-grid cell. */
  readonly cellOfSite: Int32Array;
  readonly centreX: Float64Array;
  readonly centreY: Float64Array;

  constructor(site: SiteGrid, cellSize: number) {
    this.cellSize = Math.max(cellSize, site.cellSize);
    this.cols = Math.max(1, Math.ceil((site.cols * site.cellSize) / this.cellSize));
    this.rows = Math.max(1, Math.ceil((site.rows * site.cellSize) / this.cellSize));
    this.west = site.west;
    this.north = site.north;
    this.cellCount = this.cols * this.rows;
    this.centreX = new Float64Array(this.cellCount);
    this.centreY = new Float64Array(this.cellCount);
    for (let c = 0; c < this.cellCount; c++) {
      this.centreX[c] = this.west + ((c % this.cols) + 0.5) * this.cellSize;
      this.centreY[c] = this.north - (Math.floor(c / this.cols) + 0.5) * this.cellSize;
    }
    this.cellOfSite = new Int32Array(site.cellCount);
    for (let c = 0; c < site.cellCount; c++) {
      const col = Math.min(this.cols - 1, Math.floor(((c % site.cols) + 0.5) * site.cellSize / this.cellSize));
      const row = Math.min(this.rows - 1, Math.floor((Math.floor(c / site.cols) + 0.5) * site.cellSize / this.cellSize));
      this.cellOfSite[c] = row * this.cols + col;
    }
  }

  /** Field cell holding (x, y), or −1 off the grid. */
  cellAt(x: number, y: number): number {
    const c = Math.floor((x - this.west) / this.cellSize);
    const r = Math.floor((this.north - y) / this.cellSize);
    if (c < 0 || r < 0 || c >= this.cols || r >= this.rows) return -1;
    return r * this.cols + c;
  }
}
