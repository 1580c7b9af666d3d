/** Summary numbers of a terrain, for reports and checks; NODATA (NaN) cells are left out of every figure. */
import type { Terrain } from './terrain.js';

export interface TerrainStats {
  cols: number;
  rows: number;
  cellSize: number;
  crs: string;
  /** Cells with an elevation (not NODATA). */
  validCells: number;
  elevation: { min: number; max: number; mean: number };
  /** Degrees; percentiles by linear interpolation between order statistics. */
  slope: { mean: number; p50: number; p95: number; max: number };
  twi: { mean: number; min: number; max: number };
}

export function terrainStats(t: Terrain): TerrainStats {
  const n = t.cols * t.rows;
  let validCells = 0;
  for (let i = 0; i < n; i++) if (t.elevation[i] === t.elevation[i]) validCells++;

  const elev = summary(t.elevation);
  const twi = summary(t.twi);
  const slope = summary(t.slope);

  const sorted = new Float32Array(slope.count);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const s = t.slope[i];
    if (s === s) sorted[k++] = s;
  }
  sorted.sort();

  return {
    cols: t.cols,
    rows: t.rows,
    cellSize: t.cellSize,
    crs: t.crs,
    validCells,
    elevation: { min: elev.min, max: elev.max, mean: elev.mean },
    slope: { mean: slope.mean, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: slope.max },
    twi: { mean: twi.mean, min: twi.min, max: twi.max },
  };
}

/** The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`, interpolating linearly between ranks; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const pos = (m - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, m - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

function summary(a: Float32Array): { count: number; min: number; max: number; mean: number } {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== v) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return count === 0 ? { count, min: NaN, max: NaN, mean: NaN } : { count, min, max, mean: sum / count };
}
