import type { SiteGrid } from './grid.js';

/**
 * The ground one population may walk on, as site-grid cells, with the test a movement step needs:
 * where along a straight path the animal would first step onto ground it avoids (steep ground, outside
 * its area, off the site), and which way that edge faces. Steps are followed cell by cell, so a long
 * step does not leap a narrow crag, and a clearance map (how many cells each cell lies from the nearest
 * avoided one) lets the many steps in open country skip the walk through cells.
 */
export class WalkableGround {
  /** Unit normal of the edge last met by `blockedShare`, pointing back to where the animal stands. */
  normalX = 0;
  normalY = 0;
  private readonly clearance: Uint16Array;
  /** Clearance from avoided ground and from every fence: where a path can meet neither. */
  private readonly openClearance: Uint16Array;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cellSize: number;
  private readonly west: number;
  private readonly north: number;

  constructor(
    grid: Pick<SiteGrid, 'cols' | 'rows' | 'cellSize' | 'west' | 'north'>,
    /** 1 where the population may stand. */
    readonly mask: Uint8Array,
    /** 1 on every cell a fence passes through or next to (`fenceCells`); none when absent. */
    fenceCells?: Uint8Array,
  ) {
    this.cols = grid.cols;
    this.rows = grid.rows;
    this.cellSize = grid.cellSize;
    this.west = grid.west;
    this.north = grid.north;
    this.clearance = chebyshevClearance(mask, grid.cols, grid.rows);
    this.openClearance = fenceCells
      ? chebyshevClearance(Uint8Array.from(mask, (m, c) => (fenceCells[c] ? 0 : m)), grid.cols, grid.rows)
      : this.clearance;
  }

  /**
   * True when the straight path from (x0, y0) to (x1, y1) can meet neither avoided ground nor a fence,
   * judged from the clearance of its start and its midpoint: most legs of a walk are in open country, and
   * need no further test.
   */
  isOpen(x0: number, y0: number, x1: number, y1: number, startCell: number): boolean {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const cs = this.cellSize;
    const span = Math.max(Math.abs(dx), Math.abs(dy));
    if (Math.floor(span / cs) + 1 < this.openClearance[startCell]) return true;
    const midCol = Math.floor((x0 + 0.5 * dx - this.west) / cs);
    const midRow = Math.floor((this.north - y0 - 0.5 * dy) / cs);
    if (midCol < 0 || midRow < 0 || midCol >= this.cols || midRow >= this.rows) return false;
    return Math.floor((0.5 * span) / cs) + 1 < this.openClearance[midRow * this.cols + midCol];
  }

  /**
   * Share (0–1) of the way from (x0, y0) to (x1, y1) at which the path enters avoided ground, or 2 when
   * it stays on ground it may use. The start is taken to be where the animal stands, whatever the cell.
   */
  blockedShare(x0: number, y0: number, x1: number, y1: number, startCell: number): number {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const cs = this.cellSize;
    // A point moves at most floor(L / cs) + 1 cells (Chebyshev) from its cell over a path of length L.
    const span = Math.max(Math.abs(dx), Math.abs(dy));
    if (Math.floor(span / cs) + 1 < this.clearance[startCell]) return 2;
    // Every point of the path lies within half its span of the midpoint: test from there too.
    const midCol = Math.floor((x0 + 0.5 * dx - this.west) / cs);
    const midRow = Math.floor((this.north - y0 - 0.5 * dy) / cs);
    if (midCol >= 0 && midRow >= 0 && midCol < this.cols && midRow < this.rows) {
      if (Math.floor((0.5 * span) / cs) + 1 < this.clearance[midRow * this.cols + midCol]) return 2;
    }

    // Walk the cells the path crosses (Amanatides and Woo). Columns grow eastwards, rows southwards.
    let col = startCell % this.cols;
    let row = (startCell - col) / this.cols;
    const stepCol = dx > 0 ? 1 : -1;
    const stepRow = dy < 0 ? 1 : -1;
    const fx = (x0 - this.west) / cs;
    const fy = (this.north - y0) / cs;
    const ux = Math.abs(dx) / cs;
    const uy = Math.abs(dy) / cs;
    const deltaX = ux > 0 ? 1 / ux : Infinity;
    const deltaY = uy > 0 ? 1 / uy : Infinity;
    let nextX = ux > 0 ? (stepCol > 0 ? col + 1 - fx : fx - col) * deltaX : Infinity;
    let nextY = uy > 0 ? (stepRow > 0 ? row + 1 - fy : fy - row) * deltaY : Infinity;
    for (;;) {
      let t: number;
      let acrossColumns: boolean;
      if (nextX < nextY) {
        t = nextX;
        acrossColumns = true;
      } else {
        t = nextY;
        acrossColumns = false;
      }
      if (t > 1) return 2;
      if (acrossColumns) {
        col += stepCol;
        nextX += deltaX;
      } else {
        row += stepRow;
        nextY += deltaY;
      }
      if (col < 0 || row < 0 || col >= this.cols || row >= this.rows || this.mask[row * this.cols + col] === 0) {
        if (acrossColumns) {
          this.normalX = -stepCol;
          this.normalY = 0;
        } else {
          this.normalX = 0;
          this.normalY = stepRow; // rows grow southwards: a step south (stepRow 1) meets an edge facing north
        }
        return t;
      }
    }
  }
}

/**
 * For each cell, the Chebyshev distance in cells to the nearest cell that is avoided or off the grid
 * (1 for a cell next to one), capped at 65,535: two passes of a chamfer transform.
 */
export function chebyshevClearance(mask: Uint8Array, cols: number, rows: number): Uint16Array {
  const d = new Uint16Array(cols * rows);
  const cap = 65_535;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (mask[i] === 0) continue;
      let v = Math.min(cap, r + 1, c + 1);
      if (r > 0) {
        v = Math.min(v, d[i - cols] + 1);
        if (c > 0) v = Math.min(v, d[i - cols - 1] + 1);
        if (c < cols - 1) v = Math.min(v, d[i - cols + 1] + 1);
      }
      if (c > 0) v = Math.min(v, d[i - 1] + 1);
      d[i] = v;
    }
  }
  for (let r = rows - 1; r >= 0; r--) {
    for (let c = cols - 1; c >= 0; c--) {
      const i = r * cols + c;
      if (mask[i] === 0) continue;
      let v = Math.min(d[i], rows - r, cols - c);
      if (r < rows - 1) {
        v = Math.min(v, d[i + cols] + 1);
        if (c < cols - 1) v = Math.min(v, d[i + cols + 1] + 1);
        if (c > 0) v = Math.min(v, d[i + cols - 1] + 1);
      }
      if (c < cols - 1) v = Math.min(v, d[i + 1] + 1);
      d[i] = v;
    }
  }
  return d;
}

/**
 * Cells of a grid that a set of polylines passes through, and their eight neighbours: each segment is
 * sampled every quarter cell, so every cell it crosses, even at a corner, lies next to a marked sample.
 */
export function fenceCells(
  grid: Pick<SiteGrid, 'cols' | 'rows' | 'cellSize' | 'west' | 'north'>,
  segments: readonly (readonly [number, number, number, number])[],
): Uint8Array {
  const out = new Uint8Array(grid.cols * grid.rows);
  const cs = grid.cellSize;
  for (const [ax, ay, bx, by] of segments) {
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / (cs / 4)));
    for (let k = 0; k <= n; k++) {
      const col = Math.floor((ax + ((bx - ax) * k) / n - grid.west) / cs);
      const row = Math.floor((grid.north - ay - ((by - ay) * k) / n) / cs);
      for (let r = row - 1; r <= row + 1; r++) {
        if (r < 0 || r >= grid.rows) continue;
        for (let c = col - 1; c <= col + 1; c++) if (c >= 0 && c < grid.cols) out[r * grid.cols + c] = 1;
      }
    }
  }
  return out;
}
