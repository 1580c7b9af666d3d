import type { ForecastResults, HostApi } from '../../sim/hostApi/api.js';
import { MetricChart } from '../charts/metricChart.js';
import { FORECAST_CHARTS, bandOf, bandWidths, forecastSeries } from '../charts/forecastSeries.js';
import { renderDecisions } from '../charts/decisionsTable.js';
import { renderFigures, renderQuantities } from '../charts/forecastTables.js';

export interface ForecastResultsElements {
  /** The monitoring tab's area; hidden until a forecast is shown. */
  area: HTMLElement;
  /** What the forecast was conditioned on, in words. */
  heading: HTMLElement;
  zone: HTMLSelectElement;
  quantities: HTMLElement;
  figures: HTMLElement;
  /** The actions after the survey, weighed on the posterior, with the recommendation above them. */
  decisions: HTMLElement;
  charts: HTMLElement;
  caption: HTMLElement;
  /** Saves posterior.csv, figures.csv, forecast.csv, particles.csv and decisions.csv as `reforest forecast` writes them. */
  save: HTMLButtonElement;
}

export interface ForecastResultsOptions {
  host: HostApi;
  elements: ForecastResultsElements;
}

/**
 * The monitoring tab: the action recommended after the survey with what it costs, and every action
 * weighed; what the survey told of each quantity, its figures against what the plots were expected
 * to find, and the forecast of stems/ha and carbon for the zone chosen, the band before the survey
 * under the band after it, the survey year marked. *Save forecast CSVs* writes the five files.
 */
export class ForecastResultsView {
  private results: ForecastResults | null = null;
  private readonly charts: MetricChart[] = [];

  constructor(private readonly options: ForecastResultsOptions) {
    const el = options.elements;
    el.zone.addEventListener('change', () => this.drawCharts());
    el.save.addEventListener('click', () => void this.save());
    el.save.disabled = true;
  }

  /** The forecast shown, for the page's state. */
  get shown(): ForecastResults | null {
    return this.results;
  }

  show(results: ForecastResults): void {
    const el = this.options.elements;
    this.results = results;
    el.heading.textContent = `Conditioned on "${results.survey.name}" (${results.survey.plots} plots, year ${results.survey.year}): ${results.accepted} of ${results.particles} particles kept, seed ${results.seed}.`;
    const zones = [...new Set(results.bands.map((b) => b.zone))];
    const chosen = el.zone.value;
    el.zone.replaceChildren(...zones.map((z) => new Option(z === 'all' ? 'Whole site' : z, z)));
    el.zone.value = zones.includes(chosen) ? chosen : (zones[1] ?? 'all');
    renderDecisions(el.decisions, results.decisions, results.survey, results.years);
    renderQuantities(el.quantities, results.quantities);
    renderFigures(el.figures, results.figures);
    el.save.disabled = false;
    el.area.hidden = false;
    this.drawCharts();
  }

  private drawCharts(): void {
    const el = this.options.elements;
    const results = this.results;
    if (!results) return;
    if (this.charts.length === 0) for (const chart of FORECAST_CHARTS) this.charts.push(new MetricChart(el.charts, { chart }));
    const zone = el.zone.value;
    FORECAST_CHARTS.forEach((definition, i) => {
      const chart = this.charts[i];
      const band = bandOf(results, zone, definition.metric);
      chart.setSeries(band ? forecastSeries(band, definition.scale) : []);
      // The year cursor marks the survey year.
      chart.setYear(results.survey.year);
      const data = chart.element.dataset;
      data.zone = zone;
      if (band) {
        const end = bandWidths(band, results.years);
        data.endYear = String(results.years);
        data.priorWidth = String(end.prior);
        data.posteriorWidth = String(end.posterior);
      }
    });
    el.caption.textContent =
      `${zone === 'all' ? 'Whole site' : `Zone "${zone}"`}: median line and p10–p90 band across the forecast's particles (the tooltips' p5–p95 read p10–p90 here), ` +
      `before the survey (${results.accepted} particles drawn from the prior) and after it (the ${results.accepted} accepted, weighted); the dashed line marks the survey year, ${results.survey.year}.`;
  }

  /** The five files, posterior first, each named after the plan. */
  private async save(): Promise<void> {
    const results = this.results;
    if (!results) return;
    const { host } = this.options;
    for (const name of ['posterior', 'figures', 'forecast', 'particles', 'decisions'] as const) await host.saveFile(`${results.baseName}-${name}.csv`, 'text/csv', results.csv[name]);
  }
}
