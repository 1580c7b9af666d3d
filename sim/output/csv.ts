import { METRICS, METRIC_COUNT, type MetricName, metricIndex } from '../shared/metrics.js';
import { SUMMARY_STATS, type RunResult } from '../shared/runResult.js';
import { csvLines } from './csvLines.js';

/** Decimal places written for each metric: counts are whole, fractions get four places. */
const DECIMALS: { readonly [K in MetricName]: number } = {
  planted: 0,
  alive: 0,
  survival: 4,
  stems_per_ha: 1,
  mean_height_m: 3,
  p90_height_m: 3,
  above_browse_height: 4,
  browsed: 0,
  canopy_cover: 4,
  agb_t: 3,
  carbon_tco2e: 3,
  herbivores_inside: 2,
  fence_breaches: 0,
  cost: 2,
  regenerated: 0,
  herbivore_density_per_km2: 3,
  basal_area_m2_per_ha: 3,
  beaten_up: 0,
};

export const YEARLY_COLUMNS = ['scenario', 'replicate', 'year', 'zone', ...METRICS] as const;

/** A metric value as written: fixed decimals per metric (`extraDecimals` more for averages of counts). */
export function formatMetric(metric: number, value: number, extraDecimals = 0): string {
  // The schema's ranges keep every result finite and well under 1e21, where toFixed turns exponential;
  // anything else is a fault in the model, refused rather than written.
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) throw new Error(`${METRICS[metric]} is ${value}, not a finite number a CSV can hold`);
  const s = value.toFixed(DECIMALS[METRICS[metric]] + extraDecimals);
  return s === '-0' || /^-0\.0+$/.test(s) ? s.slice(1) : s;
}

/**
 * The rows of one replicate's yearly metrics: one per year and zone, zone "all" first, each starting
 * with `prefix` then the scenario name, replicate, year and zone.
 */
export function yearlyRows(
  result: Pick<RunResult, 'scenarioName' | 'years' | 'zones'>,
  values: Float64Array,
  replicate: number,
  prefix: readonly string[] = [],
): string[][] {
  const zones = result.zones.length;
  const rows: string[][] = [];
  for (let year = 0; year <= result.years; year++) {
    for (let z = 0; z < zones; z++) {
      const row = [...prefix, result.scenarioName, String(replicate), String(year), result.zones[z]];
      const at = metricIndex(zones, year, z, 0);
      for (let m = 0; m < METRIC_COUNT; m++) row.push(formatMetric(m, values[at + m]));
      rows.push(row);
    }
  }
  return rows;
}

/**
 * The yearly metrics as CSV (RFC 4180, header row, "\n" line ends): one row per replicate, year and
 * zone, zone "all" first. Replicates appear in index order, so the bytes depend only on the result.
 */
export function yearlyMetricsCsv(result: RunResult): string {
  return [...yearlyMetricsChunks(result)].join('');
}

/** The same CSV handed over a replicate at a time, so no single string has to hold a large run. */
export async function writeYearlyMetricsCsv(result: RunResult, write: (chunk: string) => Promise<void> | void): Promise<void> {
  for (const chunk of yearlyMetricsChunks(result)) await write(chunk);
}

function* yearlyMetricsChunks(result: RunResult): Generator<string> {
  yield csvLines([[...YEARLY_COLUMNS]]);
  for (let r = 0; r < result.replicates; r++) yield csvLines(yearlyRows(result, result.perReplicate[r], r));
}

/** Columns of the summary across replicates: each metric's mean, p5, p50 and p95. */
export const SUMMARY_COLUMNS = [
  'scenario',
  'replicates',
  'year',
  'zone',
  ...METRICS.flatMap((m) => SUMMARY_STATS.map((s) => `${m}_${s}`)),
] as const;

/** Per year and zone across replicates: mean, 5th, 50th and 95th percentile of every metric. */
export function summaryCsv(result: RunResult): string {
  const zones = result.zones.length;
  const rows: string[][] = [[...SUMMARY_COLUMNS]];
  for (let year = 0; year <= result.years; year++) {
    for (let z = 0; z < zones; z++) {
      const row = [result.scenarioName, String(result.replicates), String(year), result.zones[z]];
      const at = metricIndex(zones, year, z, 0);
      for (let m = 0; m < METRIC_COUNT; m++) {
        for (const stat of SUMMARY_STATS) row.push(formatMetric(m, result.summary[stat][at + m], 2));
      }
      rows.push(row);
    }
  }
  return csvLines(rows);
}
