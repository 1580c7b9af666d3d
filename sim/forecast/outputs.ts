import { csvLines } from '../output/csvLines.js';
import { M, metricIndex, type MetricName } from '../shared/metrics.js';
import { SITE_DRAW_KEYS } from '../model/siteDraw.js';
import type { Decisions } from './decisions.js';
import { TOLD_APART, type Forecast } from './forecast.js';
import { weightedP10P50P90 } from './weighted.js';

/** The metrics a forecast writes, prior against posterior. */
export const FORECAST_METRICS: readonly MetricName[] = ['stems_per_ha', 'survival', 'mean_height_m', 'above_browse_height', 'browsed', 'carbon_tco2e', 'cost'];

const num = (v: number, d = 4) => (Number.isFinite(v) ? String(Number(v.toFixed(d))) : '');
const triple = (t: readonly number[], d = 4) => t.map((v) => num(v, d));

/** Each quantity's prior and posterior, and whether the survey told it apart. */
export function posteriorCsv(f: Forecast): string {
  const rows = [['quantity', 'label', 'prior_low', 'prior_high', 'prior_p10', 'prior_p50', 'prior_p90', 'posterior_p10', 'posterior_p50', 'posterior_p90', 'width_ratio', 'told_apart']];
  for (const q of f.quantities) {
    rows.push([q.range.key, q.range.label, num(q.range.low), num(q.range.high), ...triple(q.prior), ...triple(q.posterior), num(q.widthRatio, 3), q.widthRatio < TOLD_APART ? 'yes' : 'no']);
  }
  return csvLines(rows);
}

/** Each figure of the survey: what was seen, and what the plots were expected to see before and after. */
export function figuresCsv(f: Forecast): string {
  const rows = [['figure', 'observed', 'prior_p10', 'prior_p50', 'prior_p90', 'posterior_p10', 'posterior_p50', 'posterior_p90']];
  for (const c of f.figures) rows.push([c.name, num(c.observed), ...triple(c.prior), ...triple(c.posterior)]);
  return csvLines(rows);
}

/** Three yearly series: p10, p50 and p90, each indexed by year 0..years. */
export type YearlyP10P50P90 = [p10: number[], p50: number[], p90: number[]];

/** One zone's metric over the years, before the survey (the prior's particles) and after it (the posterior's, weighted). */
export interface ForecastBand {
  zone: string;
  metric: MetricName;
  prior: YearlyP10P50P90;
  posterior: YearlyP10P50P90;
}

/**
 * Per zone and metric (zone-major, metrics in FORECAST_METRICS order): the prior's and the
 * posterior's p10, p50 and p90 in every year: the figures forecast.csv writes, unrounded.
 */
export function forecastBands(f: Forecast, zones: readonly string[], years: number): ForecastBand[] {
  const zc = zones.length;
  const equal = f.runs.prior.map(() => 1);
  const yearly = (): YearlyP10P50P90 => [[], [], []];
  const bands = zones.flatMap((zone) => FORECAST_METRICS.map((metric): ForecastBand => ({ zone, metric, prior: yearly(), posterior: yearly() })));
  for (let year = 0; year <= years; year++) {
    for (let z = 0; z < zc; z++) {
      FORECAST_METRICS.forEach((metric, m) => {
        const at = metricIndex(zc, year, z, M[metric]);
        const band = bands[z * FORECAST_METRICS.length + m];
        const prior = weightedP10P50P90(f.runs.prior.map((v) => v[at]), equal);
        const posterior = weightedP10P50P90(f.runs.posterior.map((v) => v[at]), f.runs.weights);
        for (let q = 0; q < 3; q++) {
          band.prior[q][year] = prior[q];
          band.posterior[q][year] = posterior[q];
        }
      });
    }
  }
  return bands;
}

/** Per year, zone and metric: p10, p50 and p90 of the prior's particles and of the posterior's (weighted). */
export function forecastCsv(f: Forecast, zones: readonly string[], years: number): string {
  const rows = [['year', 'zone', 'metric', 'prior_p10', 'prior_p50', 'prior_p90', 'posterior_p10', 'posterior_p50', 'posterior_p90']];
  const bands = forecastBands(f, zones, years);
  for (let year = 0; year <= years; year++) {
    for (const band of bands) {
      const at = (t: YearlyP10P50P90) => t.map((series) => series[year]);
      rows.push([String(year), band.zone, band.metric, ...triple(at(band.prior)), ...triple(at(band.posterior))]);
    }
  }
  return csvLines(rows);
}

/** Every particle: its draw, distance and weight (0 unless accepted), and its adjusted draw when accepted. */
export function particlesCsv(f: Forecast, names: readonly string[]): string {
  const rows = [['particle', ...SITE_DRAW_KEYS, 'distance', 'weight', ...SITE_DRAW_KEYS.map((k) => `${k}_adjusted`), ...names]];
  const at = new Map(f.abc.accepted.map((i, r) => [i, r]));
  f.bank.forEach((p, i) => {
    const r = at.get(i);
    rows.push([
      String(i),
      ...SITE_DRAW_KEYS.map((k) => num(p.draw[k], 6)),
      r === undefined ? '' : num(f.abc.distances[r], 6),
      r === undefined ? '0' : num(f.abc.weights[r], 6),
      ...SITE_DRAW_KEYS.map((k) => (r === undefined ? '' : num(f.abc.adjusted[r][k], 6))),
      ...p.figures.map((v) => num(v, 4)),
    ]);
  });
  return csvLines(rows);
}

/**
 * Each action after the survey: its cost from the survey to the end (weighted mean and p10/p50/p90),
 * the chance each zone holds the stocking target at the next check, carbon at the end and the units
 * issued at each verification year after the survey (p10/p50/p90), and which is recommended.
 */
export function decisionsCsv(d: Decisions): string {
  const first = d.outcomes[0];
  const zones = first.stocking.map((s) => s.zone);
  const vintages = first.units.map((u) => u.year);
  const rows = [
    [
      'action',
      'recommended',
      'cost_mean',
      'cost_p10',
      'cost_p50',
      'cost_p90',
      ...zones.map((z) => `p_stocking_y${d.checkYear}_${z}`),
      'carbon_tco2e_end_p10',
      'carbon_tco2e_end_p50',
      'carbon_tco2e_end_p90',
      ...vintages.flatMap((y) => [`units_issued_y${y}_p10`, `units_issued_y${y}_p50`, `units_issued_y${y}_p90`]),
    ],
  ];
  for (const o of d.outcomes) {
    rows.push([
      o.action,
      o.action === d.recommended ? 'yes' : 'no',
      num(o.costMean, 2),
      ...triple(o.cost, 2),
      ...o.stocking.map((s) => num(s.chance, 4)),
      ...triple(o.carbonEnd, 2),
      ...o.units.flatMap((u) => triple(u.issued, 2)),
    ]);
  }
  return csvLines(rows);
}
