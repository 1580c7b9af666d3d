import type { Action } from '../forecast/actions.js';
import { decideFromSurvey, type Decisions } from '../forecast/decisions.js';
import { forecastFromSurvey, type Forecast } from '../forecast/forecast.js';
import { forecastBands, type ForecastBand } from '../forecast/outputs.js';
import type { LoadedScenario } from '../scenario/load.js';
import { plotStanding, plotStemsPerHa, type PlotStanding } from '../shared/surveyForecast.js';
import type { Survey } from '../survey/format.js';
import { observedFigures, type SurveyFigures } from '../survey/statistics.js';

/** What the report's "Monitoring" section is made from: a survey of the plan, and how to condition on it. */
export interface MonitoringRequest {
  survey: Survey;
  /** Draws from the prior, each run to the survey year. */
  particles: number;
  /** Share of them kept. */
  acceptShare: number;
  /** The actions weighed after the survey. */
  actions: readonly Action[];
  /**
   * The forecast and decisions already made of this plan and survey with these particles, share,
   * actions and the plan's seed, not made again: the section is the same either way.
   */
  done?: { forecast?: Forecast; decisions?: Decisions };
}

/** One plot as the map colours it: its live stems/ha against its zone's forecast band before the survey. */
export interface PlotOnMap {
  stemsPerHa: number;
  /** The prior's p10 and p90 of its zone's stems/ha in the survey year; null outside every zone. */
  band: { p10: number; p90: number } | null;
  standing: PlotStanding;
}

export interface MonitoringData {
  survey: Survey;
  /** The survey's own figures, zone by zone. */
  observed: SurveyFigures;
  particles: number;
  acceptShare: number;
  /** The actions' labels, as given. */
  actions: string[];
  forecast: Forecast;
  decisions: Decisions;
  /** Per zone ('all' first, then the plan's) and metric: the prior's and posterior's yearly p10/p50/p90 (forecast.csv's figures). */
  bands: ForecastBand[];
  /** Each of the survey's plots, in its order. */
  plots: PlotOnMap[];
}

export interface MonitoringRunOptions {
  threads?: number;
  signal?: AbortSignal;
  /** Share of the monitoring's work done, 0–1, and what is under way. */
  onProgress?: (share: number, what: string) => void;
}

/**
 * The work of each stage, in runs of the plan's whole span (about): the particles to the survey year,
 * the kept ones and as many prior ones on to the end, and each action on the kept ones; none for a
 * stage already done.
 */
export function monitoringWork(plan: LoadedScenario, req: MonitoringRequest): { bank: number; forecast: number; decisions: number } {
  const sc = plan.resolved.scenario;
  const kept = Math.max(4, Math.ceil(req.particles * req.acceptShare));
  const forecastDone = req.done?.forecast !== undefined;
  return {
    bank: forecastDone ? 0 : (req.particles * req.survey.year) / sc.years,
    forecast: forecastDone ? 0 : 2 * kept,
    decisions: req.done?.decisions ? 0 : kept * req.actions.length,
  };
}

/**
 * The forecast of the plan conditioned on the survey (as `reforest forecast` makes it, with the plan's
 * seed), the actions after the survey weighed on its posterior, and what the report draws of them.
 */
export async function runMonitoring(plan: LoadedScenario, req: MonitoringRequest, opts: MonitoringRunOptions = {}): Promise<MonitoringData> {
  const sc = plan.resolved.scenario;
  const { survey } = req;
  const work = monitoringWork(plan, req);
  const total = Math.max(1e-9, work.bank + work.forecast + work.decisions);
  const forecast =
    req.done?.forecast ??
    (await forecastFromSurvey({
      plan,
      survey,
      particles: req.particles,
      acceptShare: req.acceptShare,
      threads: opts.threads,
      signal: opts.signal,
      onProgress: (stage, done, of) =>
        opts.onProgress?.(
          stage === 'bank' ? (work.bank * done) / of / total : (work.bank + (work.forecast * done) / of) / total,
          stage === 'bank' ? 'survey: particles to the survey year' : 'survey: the forecast runs',
        ),
    }));
  const decisions =
    req.done?.decisions ??
    (await decideFromSurvey({
      plan,
      forecast,
      actions: req.actions,
      threads: opts.threads,
      signal: opts.signal,
      onProgress: (done, of) => opts.onProgress?.((work.bank + work.forecast + (work.decisions * done) / of) / total, 'survey: actions on the posterior'),
    }));
  const zones = ['all', ...sc.plantings.map((p) => p.name)];
  const bands = forecastBands(forecast, zones, sc.years);
  const stems = (z: number) => bands.find((b) => b.zone === zones[z + 1] && b.metric === 'stems_per_ha')!;
  const plots = survey.plots.map((plot, i): PlotOnMap => {
    const stemsPerHa = plotStemsPerHa({ areaM2: plot.areaM2, tallies: [...plot.tallies.values()] });
    const z = survey.plotZone[i];
    const band = z < 0 ? null : { p10: stems(z).prior[0][survey.year], p90: stems(z).prior[2][survey.year] };
    return { stemsPerHa, band, standing: plotStanding(stemsPerHa, band) };
  });
  return {
    survey,
    observed: observedFigures(survey, sc),
    particles: req.particles,
    acceptShare: req.acceptShare,
    actions: req.actions.map((a) => a.label),
    forecast,
    decisions,
    bands,
    plots,
  };
}
