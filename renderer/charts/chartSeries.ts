/**
 * What the charts plot, derived from a finished run: per chart, the median line and the p5–p95 band
 * across replicates for one zone, plus the final-year comparison of two runs. Pure data, no DOM, so it
 * is unit-tested directly.
 */
import type { RunResult } from '../../sim/shared/runResult.js';
import { M, metricIndex, type MetricName } from '../../sim/shared/metrics.js';

export type ChartId = 'survival' | 'stems_per_ha' | 'mean_height' | 'carbon' | 'canopy_cover' | 'browsing' | 'cost';

/** How a line chart is drawn: its id, title and unit, and how values show. */
export interface PlotDefinition {
  /** Stable id: `data-chart` on the chart, and its exported file's name. */
  id: string;
  title: string;
  /** Unit of the plotted (scaled) values, shown on the y axis and in tooltips; empty when unknown. */
  unit: string;
  scale: number;
  /** Upper limit of the y axis whatever the data, e.g. 100 for percentages. */
  ceiling?: number;
  /** Formats a plotted value for tooltips and tables, without its unit. */
  format: (value: number) => string;
}

/** How one metric is charted. Values are multiplied by `scale` before plotting (fractions become %). */
export interface ChartDefinition extends PlotDefinition {
  id: ChartId;
  metric: MetricName;
}

// A fixed locale keeps exported charts and end-to-end tests identical on every machine.
export const fixed = (digits: number) => {
  const f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (value: number) => {
    if (!Number.isFinite(value)) return '–';
    // Rounded first so a tiny negative difference reads "0.0", not "-0.0".
    const rounded = Number(value.toFixed(digits));
    return f.format(rounded === 0 ? 0 : rounded);
  };
};

/** Formats with thousands separators and no decimals; '–' for a missing value. */
export const formatWhole = fixed(0);

export const CHARTS: readonly ChartDefinition[] = [
  { id: 'survival', metric: 'survival', title: 'Survival', unit: '%', scale: 100, ceiling: 100, format: fixed(1) },
  { id: 'stems_per_ha', metric: 'stems_per_ha', title: 'Stems per hectare', unit: 'stems/ha', scale: 1, format: fixed(0) },
  { id: 'mean_height', metric: 'mean_height_m', title: 'Mean height', unit: 'm', scale: 1, format: fixed(2) },
  { id: 'carbon', metric: 'carbon_tco2e', title: 'Carbon', unit: 't CO₂e', scale: 1, format: fixed(1) },
  { id: 'canopy_cover', metric: 'canopy_cover', title: 'Canopy cover', unit: '%', scale: 100, ceiling: 100, format: fixed(1) },
  { id: 'browsing', metric: 'browsed', title: 'Saplings browsed', unit: 'per year', scale: 1, format: fixed(0) },
  // The unit is the runs' currency, which the chart panel sets from their results.
  { id: 'cost', metric: 'cost', title: 'Cumulative cost', unit: '', scale: 1, format: fixed(0) },
];

export function chartDefinition(id: ChartId): ChartDefinition {
  const chart = CHARTS.find((c) => c.id === id);
  if (!chart) throw new RangeError(`unknown chart "${id}"`);
  return chart;
}

/** One metric of one zone over the years: median line and p5–p95 band across replicates. */
export interface ChartSeries {
  /** 0..result.years inclusive. */
  years: number[];
  p5: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
}

export interface ChartSeriesOptions {
  /** 0 is the whole site, z + 1 is planting zone z. */
  zone: number;
  metric: MetricName;
  /** Multiplies every value, e.g. 100 to show a fraction as %; 1 by default. */
  scale?: number;
}

/** Reads a metric's yearly percentiles across replicates from the run summary. */
export function chartSeries(result: RunResult, options: ChartSeriesOptions): ChartSeries {
  const { zone, metric, scale = 1 } = options;
  const column = metricColumn(result, metric);
  checkZone(result, zone);
  const zoneCount = result.zones.length;
  const n = result.years + 1;
  const series: ChartSeries = {
    years: Array.from({ length: n }, (_, year) => year),
    p5: new Float64Array(n),
    p50: new Float64Array(n),
    p95: new Float64Array(n),
  };
  for (let year = 0; year < n; year++) {
    const i = metricIndex(zoneCount, year, zone, column);
    series.p5[year] = result.summary.p5[i] * scale;
    series.p50[year] = result.summary.p50[i] * scale;
    series.p95[year] = result.summary.p95[i] * scale;
  }
  return series;
}

/**
 * Lowest p5 and highest p95 over several series, ignoring missing values (a zone with no live stems
 * has no mean height); null when nothing is finite. Used to share one y scale between charts.
 */
export function seriesExtent(series: readonly ChartSeries[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const band of [s.p5, s.p50, s.p95]) {
      for (const v of band) {
        if (!Number.isFinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

// Results are laid out by the fixed METRICS order; a result written with another order is not ours to guess at.
function metricColumn(result: RunResult, metric: MetricName): number {
  const column = M[metric];
  if (result.metrics[column] !== metric) {
    throw new RangeError(`run result has no "${metric}" at column ${column}; its metrics are ${result.metrics.join(', ')}`);
  }
  return column;
}

function checkZone(result: RunResult, zone: number): void {
  if (!Number.isInteger(zone) || zone < 0 || zone >= result.zones.length) {
    throw new RangeError(`zone ${zone} is not in run "${result.scenarioName}" (zones 0..${result.zones.length - 1})`);
  }
}
