import type { MetricName } from './metrics.js';
import type { RunStructure } from './structure.js';

/** Mean and percentiles across replicates, each laid out like a replicate's values. */
export interface RunSummary {
  mean: Float64Array;
  p5: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
}

/** The complete outcome of a run: every replicate's yearly metrics and their summary. */
export interface RunResult {
  scenarioName: string;
  seed: number;
  years: number;
  replicates: number;
  /** Zone columns: "all" first, then the planting zones in file order. */
  zones: string[];
  /** ISO 4217 code of every cost. */
  currency: string;
  /** Hectares of each planting zone, in file order (zone column z + 1). */
  zoneAreaHa: number[];
  /** The stocking a zone must hold to count as established, stems/ha, and the year it is checked. */
  stocking: { targetPerHa: number; year: number };
  metrics: readonly MetricName[];
  /** Indexed by replicate; laid out as `metricIndex` describes. */
  perReplicate: Float64Array[];
  summary: RunSummary;
  /** The stand's structure by species and size class, when the run recorded it. */
  structure?: RunStructure;
}

export const SUMMARY_STATS = ['mean', 'p5', 'p50', 'p95'] as const;

/** Summarises replicates cell by cell: mean, and 5th/50th/95th percentiles by linear interpolation (R type 7, as pandas and numpy do). */
export function summarise(perReplicate: readonly Float64Array[]): RunSummary {
  const n = perReplicate.length;
  const len = n > 0 ? perReplicate[0].length : 0;
  const out: RunSummary = {
    mean: new Float64Array(len),
    p5: new Float64Array(len),
    p50: new Float64Array(len),
    p95: new Float64Array(len),
  };
  const column = new Float64Array(n);
  for (let i = 0; i < len; i++) {
    let sum = 0;
    for (let r = 0; r < n; r++) {
      column[r] = perReplicate[r][i];
      sum += column[r];
    }
    column.sort();
    out.mean[i] = sum / n;
    out.p5[i] = quantileSorted(column, 0.05);
    out.p50[i] = quantileSorted(column, 0.5);
    out.p95[i] = quantileSorted(column, 0.95);
  }
  return out;
}

/** The q-quantile of sorted values by linear interpolation (R type 7). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
