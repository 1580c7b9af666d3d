import { TerrainError } from './errors.js';

/** A rectangle in the terrain's CRS, metres: the part of a large elevation model a scenario uses. */
export interface Extent {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** The placement of a north-up raster of square cells: enough to turn coordinates into rows and columns. */
export interface GridGeometry {
  readonly cols: number;
  readonly rows: number;
  readonly cellSize: number;
  /** Easting of the western edge of column 0. */
  readonly west: number;
  /** Northing of the northern edge of row 0. */
  readonly north: number;
}

/** A block of whole cells of a raster, and where it sits. */
export interface PixelWindow {
  readonly col0: number;
  readonly row0: number;
  readonly cols: number;
  readonly rows: number;
  /** Easting of the window's western edge. */
  readonly west: number;
  /** Northing of the window's northern edge. */
  readonly north: number;
}

/** Relative slack when snapping, so an extent edge lying on a cell edge up to rounding does not take in one more cell. */
const SNAP_SLACK = 1e-7;

/** The whole raster as a window. */
export function fullWindow(grid: GridGeometry): PixelWindow {
  return { col0: 0, row0: 0, cols: grid.cols, rows: grid.rows, west: grid.west, north: grid.north };
}

export function describeExtent(e: Extent): string {
  return `(minX ${fmt(e.minX)}, minY ${fmt(e.minY)}, maxX ${fmt(e.maxX)}, maxY ${fmt(e.maxY)})`;
}

/** The raster's bounds, as an Extent. */
export function gridBounds(grid: GridGeometry): Extent {
  return {
    minX: grid.west,
    minY: grid.north - grid.rows * grid.cellSize,
    maxX: grid.west + grid.cols * grid.cellSize,
    maxY: grid.north,
  };
}

/**
 * The window of whole cells covering `extent`, snapped outward to cell edges and clipped to the raster.
 * Without an extent, the whole raster. Throws TerrainError (naming `file`) when the extent is malformed or
 * does not overlap the raster.
 */
export function cropToExtent(grid: GridGeometry, extent: Extent | undefined, file?: string): PixelWindow {
  if (!extent) return fullWindow(grid);
  const { minX, minY, maxX, maxY } = extent;
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || !(maxX > minX) || !(maxY > minY)) {
    throw new TerrainError(
      `extent ${describeExtent(extent)} is not a rectangle: it needs finite numbers with maxX > minX and maxY > minY`,
      file,
    );
  }
  const b = gridBounds(grid);
  if (maxX <= b.minX || minX >= b.maxX || maxY <= b.minY || minY >= b.maxY) {
    throw new TerrainError(
      `extent ${describeExtent(extent)} does not overlap the raster, which covers x ${fmt(b.minX)} to ${fmt(b.maxX)}, ` +
        `y ${fmt(b.minY)} to ${fmt(b.maxY)}`,
      file,
    );
  }
  const cs = grid.cellSize;
  const c0 = clamp(Math.floor((minX - grid.west) / cs + SNAP_SLACK), 0, grid.cols);
  const c1 = clamp(Math.ceil((maxX - grid.west) / cs - SNAP_SLACK), 0, grid.cols);
  const r0 = clamp(Math.floor((grid.north - maxY) / cs + SNAP_SLACK), 0, grid.rows);
  const r1 = clamp(Math.ceil((grid.north - minY) / cs - SNAP_SLACK), 0, grid.rows);
  const cols = Math.max(1, c1 - c0);
  const rows = Math.max(1, r1 - r0);
  const col0 = Math.min(c0, grid.cols - cols);
  const row0 = Math.min(r0, grid.rows - rows);
  return { col0, row0, cols, rows, west: grid.west + col0 * cs, north: grid.north - row0 * cs };
}

/** Copies a window out of a row-major raster of `srcCols` columns into `out` (or a new array). */
export function copyWindow(
  src: ArrayLike<number>,
  srcCols: number,
  win: PixelWindow,
  out: Float32Array = new Float32Array(win.cols * win.rows),
): Float32Array {
  for (let r = 0; r < win.rows; r++) {
    const from = (win.row0 + r) * srcCols + win.col0;
    const to = r * win.cols;
    for (let c = 0; c < win.cols; c++) out[to + c] = src[from + c];
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}
