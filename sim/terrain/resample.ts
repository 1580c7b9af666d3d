/**
 * Resampling a raster of rectangular cells onto square cells, bilinearly. Used for rasters whose cells are
 * not square in metres: geographic rasters (a degree of longitude is shorter than a degree of latitude) and
 * projected rasters with unequal x and y resolution.
 */
import type { GridGeometry, PixelWindow } from './extent.js';

/** A north-up raster whose cells are `dx` × `dy` metres, placed in a metric frame. */
export interface MetricFrame {
  readonly cols: number;
  readonly rows: number;
  /** Cell width, metres. */
  readonly dx: number;
  /** Cell height, metres. */
  readonly dy: number;
  /** Frame x of the western edge. */
  readonly west: number;
  /** Frame y of the northern edge. */
  readonly north: number;
}

/** Relative difference between dx and dy below which cells count as square and are not resampled. */
export const SQUARE_TOLERANCE = 1e-6;

export function isSquare(frame: MetricFrame): boolean {
  return Math.abs(frame.dx - frame.dy) <= SQUARE_TOLERANCE * Math.max(frame.dx, frame.dy);
}

/**
 * The grid of square cells, side min(dx, dy), that fits inside the frame, anchored at the frame's
 * south-west corner (a strip narrower than one new cell on the north and east sides is dropped).
 */
export function squareGridFor(frame: MetricFrame): GridGeometry {
  const cellSize = Math.min(frame.dx, frame.dy);
  const width = frame.cols * frame.dx;
  const height = frame.rows * frame.dy;
  const cols = Math.max(1, Math.floor(width / cellSize + 1e-9));
  const rows = Math.max(1, Math.floor(height / cellSize + 1e-9));
  const south = frame.north - height;
  return { cols, rows, cellSize, west: frame.west, north: south + rows * cellSize };
}

/** The block of source cells that bilinear resampling of `dst` (a window of square cells) reads. */
export function sourceWindowFor(frame: MetricFrame, dst: PixelWindow, cellSize: number): PixelWindow {
  const uMin = (dst.west + 0.5 * cellSize - frame.west) / frame.dx - 0.5;
  const uMax = (dst.west + (dst.cols - 0.5) * cellSize - frame.west) / frame.dx - 0.5;
  const vMin = (frame.north - (dst.north - 0.5 * cellSize)) / frame.dy - 0.5;
  const vMax = (frame.north - (dst.north - (dst.rows - 0.5) * cellSize)) / frame.dy - 0.5;
  const c0 = clampInt(Math.floor(uMin), 0, frame.cols - 1);
  const c1 = clampInt(Math.floor(uMax) + 1, 0, frame.cols - 1);
  const r0 = clampInt(Math.floor(vMin), 0, frame.rows - 1);
  const r1 = clampInt(Math.floor(vMax) + 1, 0, frame.rows - 1);
  return {
    col0: c0,
    row0: r0,
    cols: c1 - c0 + 1,
    rows: r1 - r0 + 1,
    west: frame.west + c0 * frame.dx,
    north: frame.north - r0 * frame.dy,
  };
}

/**
 * Bilinear resampling of `src` (the cells of `srcWin`, row-major) at the centres of the square cells of
 * `dst`, written into `out`. NODATA (NaN) is respected: a destination cell whose nearest source cell is
 * NODATA is NODATA; otherwise the weights of any NODATA corners are dropped and the rest renormalised.
 * Positions past the outermost source cell centres take the edge value.
 */
export function resampleBilinear(
  src: Float32Array,
  srcWin: PixelWindow,
  frame: MetricFrame,
  dst: PixelWindow,
  cellSize: number,
  out: Float32Array,
): void {
  const sc = srcWin.cols;
  const maxU = srcWin.cols - 1;
  const maxV = srcWin.rows - 1;
  for (let r = 0; r < dst.rows; r++) {
    const y = dst.north - (r + 0.5) * cellSize;
    let v = (frame.north - y) / frame.dy - 0.5 - srcWin.row0;
    v = v < 0 ? 0 : v > maxV ? maxV : v;
    const j0 = Math.min(Math.floor(v), maxV);
    const j1 = Math.min(j0 + 1, maxV);
    const fv = v - j0;
    for (let c = 0; c < dst.cols; c++) {
      const x = dst.west + (c + 0.5) * cellSize;
      let u = (x - frame.west) / frame.dx - 0.5 - srcWin.col0;
      u = u < 0 ? 0 : u > maxU ? maxU : u;
      const i0 = Math.min(Math.floor(u), maxU);
      const i1 = Math.min(i0 + 1, maxU);
      const fu = u - i0;
      const o = r * dst.cols + c;
      const nearest = src[(fv < 0.5 ? j0 : j1) * sc + (fu < 0.5 ? i0 : i1)];
      if (nearest !== nearest) {
        out[o] = NaN;
        continue;
      }
      const z00 = src[j0 * sc + i0];
      const z10 = src[j0 * sc + i1];
      const z01 = src[j1 * sc + i0];
      const z11 = src[j1 * sc + i1];
      const w00 = (1 - fu) * (1 - fv);
      const w10 = fu * (1 - fv);
      const w01 = (1 - fu) * fv;
      const w11 = fu * fv;
      let sum = 0;
      let wsum = 0;
      if (z00 === z00) {
        sum += w00 * z00;
        wsum += w00;
      }
      if (z10 === z10) {
        sum += w10 * z10;
        wsum += w10;
      }
      if (z01 === z01) {
        sum += w01 * z01;
        wsum += w01;
      }
      if (z11 === z11) {
        sum += w11 * z11;
        wsum += w11;
      }
      out[o] = wsum > 0 ? sum / wsum : nearest;
    }
  }
}

function clampInt(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
