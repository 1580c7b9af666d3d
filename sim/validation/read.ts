import { M, METRIC_COUNT, type MetricName } from '../shared/metrics.js';
import type { ExperimentRun } from './batch.js';

/** Reading a validation run's metrics by zone name and metric name. */

function at(run: ExperimentRun, year: number, zone: string, metric: MetricName): number {
  const z = run.zones.indexOf(zone);
  if (z < 0) throw new Error(`no zone "${zone}" in run (zones: ${run.zones.join(', ')})`);
  return (year * run.zones.length + z) * METRIC_COUNT + M[metric];
}

/** The mean across replicates of a metric in a year. */
export function mean(run: ExperimentRun, year: number, zone: string, metric: MetricName): number {
  return run.summary.mean[at(run, year, zone, metric)];
}

/** The 5th and 95th percentiles across replicates. */
export function band(run: ExperimentRun, year: number, zone: string, metric: MetricName): [number, number] {
  const i = at(run, year, zone, metric);
  return [run.summary.p5[i], run.summary.p95[i]];
}

/** Each replicate's value of a metric in a year, or of `f` of the metric's values by year. */
export function perReplicate(run: ExperimentRun, year: number, zone: string, metric: MetricName): number[] {
  const i = at(run, year, zone, metric);
  return run.replicates.map((v) => v[i]);
}

/** Each replicate's value of a metric summed over years `from`..`to`. */
export function perReplicateSum(run: ExperimentRun, from: number, to: number, zone: string, metric: MetricName): number[] {
  return run.replicates.map((v) => {
    let s = 0;
    for (let y = from; y <= to; y++) s += v[at(run, y, zone, metric)];
    return s;
  });
}

/** Mean and standard error of the mean. */
export function meanAndError(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  const m = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - m) * (b - m), 0) / (n - 1) : 0;
  return { mean: m, se: Math.sqrt(variance / n) };
}

/** A metric's mean by year, as chart points. */
export function yearly(run: ExperimentRun, zone: string, metric: MetricName, scale = 1): [number, number][] {
  return Array.from({ length: run.years + 1 }, (_, y) => [y, mean(run, y, zone, metric) * scale]);
}

/** A metric's p5–p95 band by year, as chart band points. */
export function yearlyBand(run: ExperimentRun, zone: string, metric: MetricName, scale = 1): [number, number, number][] {
  return Array.from({ length: run.years + 1 }, (_, y) => {
    const [lo, hi] = band(run, y, zone, metric);
    return [y, lo * scale, hi * scale];
  });
}

/** A number for a table: fixed decimals, thousands separated. */
export function fmt(v: number, decimals = 0): string {
  return Number.isFinite(v) ? v.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : '–';
}
