/**
 * The figures a sweep's heat maps show: for a zone, a metric and a year, each variant's mean and
 * p5–p95 across replicates, read from the rows of `results.csv`. Besides the yearly metrics there is
 * cost per tCO2e, derived per variant from its cost and carbon in that year.
 */
import { METRIC_LABELS, METRICS, metricLabel, type MetricName } from '../../sim/shared/metrics.js';
import { quantileSorted } from '../../sim/shared/runResult.js';

export type SweepRow = Record<string, string>;

/** The derived metric: mean cumulative cost over mean carbon, in the sweep's currency per tCO2e. */
export const COST_PER_TCO2E = 'cost_per_tco2e';

/** What a heat map can show: a yearly metric, or cost per tCO2e. */
export type SweepMetric = MetricName | typeof COST_PER_TCO2E;

export const SWEEP_METRICS: readonly SweepMetric[] = [...METRICS, COST_PER_TCO2E];

/** One variant's figure across replicates; `mean` is NaN where it has no value (cost per tCO2e without carbon). */
export interface VariantFigure {
  variant: number;
  mean: number;
  p5: number;
  p95: number;
  replicates: number;
}

/** Money's unit where the sweep's scenario names no currency and the page was not told the cost library's. */
const LIBRARY_CURRENCY = 'library currency';

/** A metric's unit; money in `currency` (the sweep's). */
export function sweepMetricUnit(metric: SweepMetric, currency: string): string {
  const money = currency || LIBRARY_CURRENCY;
  if (metric === COST_PER_TCO2E) return `${money}/tCO2e`;
  return metric === 'cost' ? money : METRIC_LABELS[metric].unit;
}

/** A metric in words with its unit, e.g. "Carbon, tCO2e" or "Cost per tCO2e, GBP/tCO2e". */
export function sweepMetricLabel(metric: SweepMetric, currency: string): string {
  if (metric === COST_PER_TCO2E) return `Cost per tCO2e, ${sweepMetricUnit(metric, currency)}`;
  return metricLabel(metric, currency || LIBRARY_CURRENCY);
}

/** How a derived metric is computed, for the caption and legend; empty for the yearly metrics. */
export function sweepMetricNote(metric: SweepMetric): string {
  return metric === COST_PER_TCO2E
    ? "Cost per tCO2e is the variant's mean cumulative cost to that year over its mean carbon in live trees in that year, across replicates; its band is the p5–p95 of each replicate's cost over carbon."
    : '';
}

function figureOf(variant: number, mean: number, values: number[]): VariantFigure {
  const sorted = Float64Array.from(values).sort();
  return { variant, mean, p5: quantileSorted(sorted, 0.05), p95: quantileSorted(sorted, 0.95), replicates: values.length };
}

/** Every variant's figure for a zone, metric and year, from the rows of `results.csv`. */
export function variantFigures(rows: readonly SweepRow[], zone: string, metric: SweepMetric, year: number): Map<number, VariantFigure> {
  if (!SWEEP_METRICS.includes(metric)) throw new RangeError(`no metric "${metric}"`);
  const columns: MetricName[] = metric === COST_PER_TCO2E ? ['cost', 'carbon_tco2e'] : [metric];
  const values = new Map<number, number[][]>();
  const y = String(year);
  for (const row of rows) {
    if (row.zone !== zone || row.year !== y) continue;
    const v = Number(row.variant);
    const lists = values.get(v) ?? columns.map(() => []);
    columns.forEach((c, i) => lists[i].push(Number(row[c])));
    values.set(v, lists);
  }
  const mean = (list: readonly number[]) => list.reduce((a, b) => a + b, 0) / list.length;
  const out = new Map<number, VariantFigure>();
  for (const [variant, lists] of values) {
    if (metric !== COST_PER_TCO2E) {
      out.set(variant, figureOf(variant, mean(lists[0]), lists[0]));
      continue;
    }
    const [cost, carbon] = lists;
    const carbonMean = mean(carbon);
    // Without carbon a tonne has no cost: no value, rather than an infinite one.
    const ratios = cost.map((c, i) => (carbon[i] > 0 ? c / carbon[i] : Infinity));
    out.set(variant, figureOf(variant, carbonMean > 0 ? mean(cost) / carbonMean : NaN, ratios));
  }
  return out;
}
