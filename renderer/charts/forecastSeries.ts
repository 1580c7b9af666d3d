/**
 * A forecast's bands as the charts draw them: one zone's metric before the survey (the prior) and
 * after it (the posterior), p10/p50/p90 per year. Pure data, no DOM.
 */
import type { ForecastBand, ForecastResults } from '../../sim/hostApi/api.js';
import type { MetricName } from '../../sim/shared/metrics.js';
import { fixed, type PlotDefinition } from './chartSeries.js';
import type { PlottedSeries } from './metricChart.js';

/** The metrics the monitoring tab charts. */
export const FORECAST_CHARTS: readonly (PlotDefinition & { metric: MetricName })[] = [
  { id: 'forecast-stems', metric: 'stems_per_ha', title: 'Stems per hectare, before and after the survey', unit: 'stems/ha', scale: 1, format: fixed(0) },
  { id: 'forecast-carbon', metric: 'carbon_tco2e', title: 'Carbon, before and after the survey', unit: 't CO₂e', scale: 1, format: fixed(1) },
];

export const PRIOR_COLOR = '#7a7a7a';
export const POSTERIOR_COLOR = '#c0561b';

/** The band of a zone's metric, or null when the forecast has none. */
export function bandOf(results: ForecastResults, zone: string, metric: MetricName): ForecastBand | null {
  return results.bands.find((b) => b.zone === zone && b.metric === metric) ?? null;
}

/**
 * The prior and the posterior as chart series. A chart's band slots are named p5 and p95; here they
 * carry p10 and p90 (the forecast's own band), which the chart's caption says.
 */
export function forecastSeries(band: ForecastBand, scale = 1): PlottedSeries[] {
  const years = band.prior[0].map((_, year) => year);
  const series = (id: string, label: string, color: string, t: ForecastBand['prior']): PlottedSeries => ({
    id,
    label,
    color,
    years,
    p5: Float64Array.from(t[0], (v) => v * scale),
    p50: Float64Array.from(t[1], (v) => v * scale),
    p95: Float64Array.from(t[2], (v) => v * scale),
  });
  return [series('prior', 'Before the survey (prior)', PRIOR_COLOR, band.prior), series('posterior', 'After the survey (posterior)', POSTERIOR_COLOR, band.posterior)];
}

/** The p10–p90 width of the prior's and the posterior's band in a year. */
export function bandWidths(band: ForecastBand, year: number): { prior: number; posterior: number } {
  return { prior: band.prior[2][year] - band.prior[0][year], posterior: band.posterior[2][year] - band.posterior[0][year] };
}
