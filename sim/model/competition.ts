import type { Processes } from '../library/schema.js';
import type { SiteGrid } from './grid.js';
import type { TreeStore } from './trees.js';

/**
 * Local competition from the trees around each grid cell, rebuilt once a year: for light, the crown
 * area summed and the tallest height over the 3×3 neighbourhood; for stand density, the basal area
 * per hectare and the dominant (tallest) height over a square of the configured radius. All are
 * separable box filters, so each tree needs a few reads.
 */
export class CompetitionField {
  private readonly crownArea: Float32Array;
  private readonly topHeight: Float32Array;
  private readonly basalCell: Float32Array;
  private readonly rowArea: Float32Array;
  private readonly rowTop: Float32Array;
  private readonly rowBasal: Float32Array;
  private readonly rowDominant: Float32Array;
  /** Crown cover of each cell's 3x3 neighbourhood, 1 - exp(-crown area / ground area). */
  readonly neighbourhoodCover: Float32Array;
  readonly neighbourhoodTopHeight: Float32Array;
  /** Basal area around each cell, m²/ha. */
  readonly basalArea: Float32Array;
  /** Tallest tree around each cell over the stand-density window, m. */
  readonly dominantHeight: Float32Array;
  readonly neighbourhoodArea: number;
  /** Half-width of the stand-density window, cells. */
  private readonly reach: number;

  constructor(
    private readonly grid: SiteGrid,
    standDensity: Processes['standDensity'],
  ) {
    const n = grid.cellCount;
    this.crownArea = new Float32Array(n);
    this.topHeight = new Float32Array(n);
    this.basalCell = new Float32Array(n);
    this.rowArea = new Float32Array(n);
    this.rowTop = new Float32Array(n);
    this.rowBasal = new Float32Array(n);
    this.rowDominant = new Float32Array(n);
    this.neighbourhoodCover = new Float32Array(n);
    this.neighbourhoodTopHeight = new Float32Array(n);
    this.basalArea = new Float32Array(n);
    this.dominantHeight = new Float32Array(n);
    this.neighbourhoodArea = 9 * grid.cellSize * grid.cellSize;
    this.reach = Math.max(1, Math.round(standDensity.neighbourhoodRadius.value / grid.cellSize));
  }

  /** Year of the census the fields were last built from, −1 none: the metrics of a year count the stand the next year's growth sees. */
  censusYear = -1;
  /** The window of cells that holds every tree of the store (live or not), and the store it was taken from. */
  private minCell = 0;
  private maxCell = -1;
  private minCol = 0;
  private maxCol = -1;
  private windowOf: Int32Array | null = null;
  private windowCount = -1;
  /** Cells zeroed and smoothed last time, [from, to). */
  private zeroFrom = 0;
  private zeroTo = 0;

  /**
   * Starts a census of the standing trees: per cell, crown area, tallest tree and Σ diameter². Only the
   * rows of the window that holds the store's trees are worked on; `fresh` (the year of planting) takes
   * that window afresh, as does any change in the store's trees.
   */
  beginCensus(trees: TreeStore, fresh = true): void {
    if (fresh || trees.cell !== this.windowOf || trees.count !== this.windowCount) this.fitWindow(trees);
    const [from, to] = this.rowSpan();
    this.zero([this.crownArea, this.topHeight, this.basalCell], from, to);
  }

  private fitWindow(trees: TreeStore): void {
    const cols = this.grid.cols;
    let minCell = Infinity;
    let maxCell = -1;
    let minCol = cols;
    let maxCol = -1;
    const cell = trees.cell;
    for (let i = 0, n = trees.count; i < n; i++) {
      const c = cell[i];
      if (c < 0) continue;
      if (c < minCell) minCell = c;
      if (c > maxCell) maxCell = c;
      const col = c % cols;
      if (col < minCol) minCol = col;
      if (col > maxCol) maxCol = col;
    }
    this.minCell = minCell;
    this.maxCell = maxCell;
    this.minCol = minCol;
    this.maxCol = maxCol;
    this.windowOf = trees.cell;
    this.windowCount = trees.count;
  }

  /** The cells of the window's rows and their rim, [from, to). */
  private rowSpan(): [number, number] {
    if (this.maxCell < 0) return [0, 0];
    const { cols, rows } = this.grid;
    const rowFrom = Math.max(0, Math.floor(this.minCell / cols) - this.reach);
    const rowTo = Math.min(rows - 1, Math.floor(this.maxCell / cols) + this.reach);
    return [rowFrom * cols, (rowTo + 1) * cols];
  }

  /** Zeroes cells [from, to) of the arrays, and whatever of the last span lies outside it. */
  private zero(arrays: Float32Array[], from: number, to: number): void {
    for (const a of arrays) {
      a.fill(0, from, to);
      if (this.zeroFrom < from) a.fill(0, this.zeroFrom, Math.min(from, this.zeroTo));
      if (this.zeroTo > to) a.fill(0, Math.max(to, this.zeroFrom), this.zeroTo);
    }
  }

  /** Counts one standing tree in cell `c`. */
  addTree(c: number, crownRadius: number, height: number, diameter: number): void {
    this.crownArea[c] += Math.PI * crownRadius * crownRadius;
    if (height > this.topHeight[c]) this.topHeight[c] = height;
    this.basalCell[c] += diameter * diameter;
  }

  /** A census of the live trees, then the fields from it. */
  update(trees: TreeStore): void {
    this.beginCensus(trees);
    const { live, liveCount, cell, crownRadius, height, diameter } = trees;
    for (let j = 0; j < liveCount; j++) {
      const i = live[j];
      this.addTree(cell[i], crownRadius[i], height[i], diameter[i]);
    }
    this.smooth();
  }

  /** The fields from the last census: cover and tallest tree around each cell, basal area and dominant height over the stand-density window. */
  smooth(): void {
    const ca = this.crownArea;
    const th = this.topHeight;
    const ba = this.basalCell;
    const { cols, rows } = this.grid;
    // Only the window of rows and columns that holds the trees (and its rim) needs smoothing.
    const { minCell, maxCell, minCol, maxCol } = this;
    const [from, to] = this.rowSpan();
    this.zero([this.neighbourhoodCover, this.neighbourhoodTopHeight, this.basalArea, this.dominantHeight], from, to);
    this.zeroFrom = from;
    this.zeroTo = to;
    if (maxCell < 0) return;
    const reach = this.reach;
    const rowFrom = Math.max(0, Math.floor(minCell / cols) - reach);
    const rowTo = Math.min(rows - 1, Math.floor(maxCell / cols) + reach);
    const colFrom = Math.max(0, minCol - reach);
    const colTo = Math.min(cols - 1, maxCol + reach);
    // The 3x3 sums and maxima are separable: along rows first, then along columns.
    const ra = this.rowArea;
    const rt = this.rowTop;
    const rb = this.rowBasal;
    const rd = this.rowDominant;
    for (let r = rowFrom; r <= rowTo; r++) {
      const row = r * cols;
      for (let c = colFrom; c <= colTo; c++) {
        const i = row + c;
        let sum = ca[i];
        let top = th[i];
        if (c > 0) {
          sum += ca[i - 1];
          if (th[i - 1] > top) top = th[i - 1];
        }
        if (c < cols - 1) {
          sum += ca[i + 1];
          if (th[i + 1] > top) top = th[i + 1];
        }
        ra[i] = sum;
        rt[i] = top;
      }
      // Running window sum of basal area along the row, and the window's tallest tree.
      let run = 0;
      for (let c = Math.max(0, colFrom - reach); c < Math.min(cols, colFrom + reach); c++) run += ba[row + c];
      for (let c = colFrom; c <= colTo; c++) {
        if (c + reach < cols) run += ba[row + c + reach];
        if (c - reach - 1 >= 0) run -= ba[row + c - reach - 1];
        rb[row + c] = run;
        let top = 0;
        const from = c - reach > 0 ? c - reach : 0;
        const to = c + reach < cols ? c + reach : cols - 1;
        for (let q = from; q <= to; q++) if (th[row + q] > top) top = th[row + q];
        rd[row + c] = top;
      }
    }
    const cover = this.neighbourhoodCover;
    const nth = this.neighbourhoodTopHeight;
    const basal = this.basalArea;
    const dominant = this.dominantHeight;
    const invArea = 1 / this.neighbourhoodArea;
    // Σ d² (cm²) over the window to m²/ha: π/4 · 1e-4 m² per cm², per window area in ha.
    const perHa = ((Math.PI / 4) * 1e-4 * 10_000) / ((2 * reach + 1) * this.grid.cellSize) ** 2;
    for (let r = rowFrom; r <= rowTo; r++) {
      for (let c = colFrom; c <= colTo; c++) {
        const i = r * cols + c;
        let sum = ra[i];
        let top = rt[i];
        if (r > rowFrom) {
          sum += ra[i - cols];
          if (rt[i - cols] > top) top = rt[i - cols];
        }
        if (r < rowTo) {
          sum += ra[i + cols];
          if (rt[i + cols] > top) top = rt[i + cols];
        }
        cover[i] = sum > 0 ? coverOfCrowns(sum * invArea) : 0;
        nth[i] = top;
      }
    }
    // Column pass of the stand-density window.
    for (let c = colFrom; c <= colTo; c++) {
      let run = 0;
      for (let r = rowFrom; r < Math.min(rowTo + 1, rowFrom + reach); r++) run += rb[r * cols + c];
      for (let r = rowFrom; r <= rowTo; r++) {
        if (r + reach <= rowTo) run += rb[(r + reach) * cols + c];
        if (r - reach - 1 >= rowFrom) run -= rb[(r - reach - 1) * cols + c];
        basal[r * cols + c] = run * perHa;
        let top = 0;
        const from = r - reach > rowFrom ? r - reach : rowFrom;
        const to = r + reach < rowTo ? r + reach : rowTo;
        for (let q = from; q <= to; q++) if (rd[q * cols + c] > top) top = rd[q * cols + c];
        dominant[r * cols + c] = top;
      }
    }
  }
}

/** Steps per unit of crown area over ground area in the cover table, and the table's end. */
const COVER_STEPS = 128;
const COVER_SPAN = 8;
const COVER_TABLE = Float64Array.from({ length: COVER_SPAN * COVER_STEPS + 2 }, (_, i) => 1 - Math.exp(-i / COVER_STEPS));

/**
 * Crown cover from crown area over ground area a: 1 − e^(−a) (crowns placed at random overlap), from a
 * table (interpolated, within 10⁻⁵) up to a = 8 and exact beyond: once per grid cell every year.
 */
function coverOfCrowns(a: number): number {
  const x = a * COVER_STEPS;
  const i = x | 0;
  if (i >= COVER_SPAN * COVER_STEPS) return 1 - Math.exp(-a);
  const v = COVER_TABLE[i];
  return v + (x - i) * (COVER_TABLE[i + 1] - v);
}
