import { csvFormatRows } from 'd3-dsv';
import { METRICS, METRIC_COUNT, type MetricName, metricIndex } from '../results/metrics.js';
import type { RunResult } from '../results/result.js';

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
};

export const YEARLY_COLUMNS = ['scenario', 'replicate', 'year', 'zone', ...METRICS] as const;

export function formatMetric(metric: number, value: number): string {
  const s = value.toFixed(DECIMALS[METRICS[metric]]);
  return s === '-0' || /^-0\.0+$/.test(s) ? s.slice(1) : s;
}

/**
 * The yearly metrics as CSV (RFC 4180, header row, "\n" line ends): one row per replicate, year and
 * zone, zone "all" first. Replicates appear in index order, so the bytes depend only on the result.
 */
export function yearlyMetricsCsv(result: RunResult): string {
  const zones = result.zones.length;
  const rows: string[][] = [[...YEARLY_COLUMNS]];
  for (let r = 0; r < result.replicates; r++) {
    const values = result.perReplicate[r];
    for (let year = 0; year <= result.years; year++) {
      for (let z = 0; z < zones; z++) {
        const row = [result.scenarioName, String(r), String(year), result.zones[z]];
        const at = metricIndex(zones, year, z, 0);
        for (let m = 0; m < METRIC_COUNT; m++) row.push(formatMetric(m, values[at + m]));
        rows.push(row);
      }
    }
  }
  return csvFormatRows(rows) + '\n';
}
