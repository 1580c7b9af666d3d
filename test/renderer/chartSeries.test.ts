import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRICS, M, metricIndex, type MetricName } from '../../sim/shared/metrics.js';
import { summarise, type RunResult } from '../../sim/shared/runResult.js';
import { CHARTS, chartDefinition, chartSeries, formatWhole, seriesExtent } from '../../renderer/charts/chartSeries.js';
import { appraiseZone, marginalCostPerTco2e } from '../../sim/shared/strategyComparison.js';

const ZONES = ['all', 'north', 'south'];

/** A run whose every cell is value(replicate, year, zone, metric), summarised the way the core does. */
function buildRun(options: {
  years: number;
  replicates: number;
  value: (replicate: number, year: number, zone: number, metric: MetricName) => number;
}): RunResult {
  const { years, replicates, value } = options;
  const perReplicate = Array.from({ length: replicates }, (_, r) => {
    const a = new Float64Array((years + 1) * ZONES.length * METRIC_COUNT);
    for (let year = 0; year <= years; year++) {
      for (let zone = 0; zone < ZONES.length; zone++) {
        for (const metric of METRICS) a[metricIndex(ZONES.length, year, zone, M[metric])] = value(r, year, zone, metric);
      }
    }
    return a;
  });
  return { scenarioName: 'test', seed: 1, years, replicates, zones: ZONES, currency: 'GBP', zoneAreaHa: ZONES.slice(1).map(() => 1), stocking: { targetPerHa: 1100, year: 5 }, metrics: METRICS, perReplicate, summary: summarise(perReplicate) };
}

// Distinct value per (year, zone, metric) so reading the wrong cell shows; replicates spread around it.
const cell = (year: number, zone: number, metric: MetricName) => 1000 * M[metric] + 100 * zone + year;
const spread = [-4, -1, 0, 2, 10];

describe('chartSeries', () => {
  const run = buildRun({ years: 6, replicates: 5, value: (r, year, zone, metric) => cell(year, zone, metric) + spread[r] });

  it('reads every year of the zone and metric asked for', () => {
    const s = chartSeries(run, { zone: 2, metric: 'carbon_tco2e' });
    expect(s.years).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const year of s.years) {
      expect(s.p50[year]).toBe(cell(year, 2, 'carbon_tco2e'));
      const i = metricIndex(ZONES.length, year, 2, M.carbon_tco2e);
      expect([s.p5[year], s.p50[year], s.p95[year]]).toEqual([run.summary.p5[i], run.summary.p50[i], run.summary.p95[i]]);
    }
  });

  it('brackets the median with the p5–p95 band across replicates', () => {
    const s = chartSeries(run, { zone: 0, metric: 'stems_per_ha' });
    for (const year of s.years) {
      expect(s.p5[year]).toBeLessThanOrEqual(s.p50[year]);
      expect(s.p50[year]).toBeLessThanOrEqual(s.p95[year]);
      // Type-7 quantiles of cell + [-4, -1, 0, 2, 10]: h = 0.2 and 3.8 between sorted neighbours.
      expect(s.p5[year]).toBeCloseTo(cell(year, 0, 'stems_per_ha') - 3.4, 10);
      expect(s.p95[year]).toBeCloseTo(cell(year, 0, 'stems_per_ha') + 8.4, 10);
    }
  });

  it('shows fractions as percentages through the chart definition', () => {
    const fractions = buildRun({ years: 2, replicates: 3, value: (r, year) => 0.5 + 0.1 * r - 0.05 * year });
    const def = chartDefinition('survival');
    const s = chartSeries(fractions, { zone: 1, metric: def.metric, scale: def.scale });
    expect(Array.from(s.p50)).toEqual([60, 55, 50].map((v) => expect.closeTo(v, 10)));
    expect(def.unit).toBe('%');
    expect(def.ceiling).toBe(100);
  });

  it('rejects a zone the run does not have and a result in another metric order', () => {
    expect(() => chartSeries(run, { zone: 3, metric: 'alive' })).toThrow(RangeError);
    expect(() => chartSeries(run, { zone: -1, metric: 'alive' })).toThrow(RangeError);
    const shuffled = { ...run, metrics: [...METRICS].reverse() };
    expect(() => chartSeries(shuffled, { zone: 0, metric: 'alive' })).toThrow(/no "alive"/);
  });
});

describe('CHARTS', () => {
  it('charts the metrics the brief asks for, once each, with the fractions as %', () => {
    expect(CHARTS.map((c) => c.metric)).toEqual(['survival', 'stems_per_ha', 'mean_height_m', 'carbon_tco2e', 'canopy_cover', 'browsed', 'cost']);
    expect(new Set(CHARTS.map((c) => c.id)).size).toBe(CHARTS.length);
    for (const c of CHARTS) expect(c.scale).toBe(c.unit === '%' ? 100 : 1);
  });

  it('formats values with fixed precision, thousands separators and no negative zero', () => {
    expect(chartDefinition('stems_per_ha').format(12345.6)).toBe('12,346');
    expect(chartDefinition('mean_height').format(1.005)).toBe('1.00');
    expect(chartDefinition('survival').format(-0.01)).toBe('0.0');
    expect(chartDefinition('carbon').format(Number.NaN)).toBe('–');
    expect(formatWhole(-1234567.4)).toBe('-1,234,567');
  });
});

describe('seriesExtent', () => {
  it('spans the lowest p5 and highest p95 and skips missing values', () => {
    const a = { years: [0, 1], p5: Float64Array.of(Number.NaN, 2), p50: Float64Array.of(Number.NaN, 3), p95: Float64Array.of(Number.NaN, 4) };
    const b = { years: [0, 1], p5: Float64Array.of(1, 5), p50: Float64Array.of(6, 7), p95: Float64Array.of(8, 9) };
    expect(seriesExtent([a, b])).toEqual([1, 9]);
    expect(seriesExtent([{ ...a, p5: Float64Array.of(Number.NaN), p50: Float64Array.of(Number.NaN), p95: Float64Array.of(Number.NaN), years: [0] }])).toBeNull();
  });
});

describe('appraiseZone, as the compare table and the strategies view read it', () => {
  // spread averages 1.4: means, not medians, are what the comparison reports.
  const mean = (f: (r: number) => number) => spread.reduce((sum, _, r) => sum + f(r), 0) / spread.length;
  const run = (carbon: number, cost: number, alive: number) =>
    buildRun({
      years: 10,
      replicates: 5,
      value: (r, year, zone, metric) =>
        metric === 'carbon_tco2e'
          ? carbon * (zone + 1) + spread[r]
          : metric === 'cost'
            ? cost + 10 * spread[r]
            : metric === 'alive'
              ? alive
              : metric === 'stems_per_ha'
                ? 1000 + 50 * spread[r]
                : metric === 'beaten_up'
                  ? year * spread[r]
                  : 0,
    });

  it('takes means at the horizon year, cost per tonne as the ratio of means, and stocking against the target replicate by replicate', () => {
    const z = appraiseZone(run(200, 50_000, 400), 0);
    expect(z.carbonHorizon.mean).toBeCloseTo(200 + mean((r) => spread[r]), 10);
    expect(z.cost.mean).toBeCloseTo(50_000 + 10 * mean((r) => spread[r]), 10);
    expect(z.costPerTco2e!).toBeCloseTo(z.cost.mean / z.carbonHorizon.mean, 10);
    expect(z.costPerSurvivingTree!).toBeCloseTo(z.cost.mean / 400, 10);
    // 1000 + 50·spread ≥ 1100 only where spread ≥ 2: two replicates of five.
    expect(z.pStockingTarget).toBeCloseTo(2 / 5, 10);
    expect(z.areaHa).toBe(2);
    expect(z.carbonY25).toBeNull();
    // Trees beaten up are summed over the years to the stocking year, replicate by replicate.
    const S = run(200, 50_000, 400).stocking.year;
    expect(z.beatenUp.mean).toBeCloseTo(((S * (S + 1)) / 2) * mean((r) => spread[r]), 10);
  });

  it('prices extra carbon as the difference of costs over the difference of tonnes, and not at all without extra carbon', () => {
    const a = appraiseZone(run(300, 80_000, 400), 1);
    const b = appraiseZone(run(200, 50_000, 400), 1);
    expect(marginalCostPerTco2e(a, b)!).toBeCloseTo((a.cost.mean - b.cost.mean) / (a.carbonHorizon.mean - b.carbonHorizon.mean), 10);
    expect(marginalCostPerTco2e(b, a)).toBeNull();
  });

  it('has no cost per tonne for a run without carbon', () => {
    const none = buildRun({ years: 10, replicates: 3, value: (r, year, zone, metric) => (metric === 'cost' ? 1000 : 0) });
    expect(appraiseZone(none, 1).costPerTco2e).toBeNull();
  });
});
