import { forecastFromSurvey } from '../../sim/forecast/forecast.js';
import type { ForecastRequest, HostRunEvent, RunOutcome, ScenarioSource } from '../../sim/hostApi/api.js';
import { forecastResults } from '../../sim/pageViews/forecastView.js';
import type { LoadedScenario } from '../../sim/scenario/load.js';
import { endedBy, refusedFor } from './runOutcome.js';
import type { ScenarioSources } from './scenarioSources.js';
import { surveyOnPlan } from './surveyService.js';

/** What `reforest forecast` takes when not told: 1000 particles, 5% of them kept. */
export const FORECAST_DEFAULTS = { particles: 1000, accept: 0.05 } as const;

export interface ForecastStudyOptions {
  threads: number | undefined;
  sources: ScenarioSources;
}

/** A forecast of a plan conditioned on a survey, asked for by a run request. */
export interface ForecastStudyRun {
  runId: string;
  forecast: ForecastRequest;
  /** The plan as the request loaded it (its seed the request's, when it gave one). */
  loaded: LoadedScenario;
  source: ScenarioSource;
  signal: AbortSignal;
  onEvent: (event: HostRunEvent) => void;
}

/**
 * The plan's forecast conditioned on a survey, as `reforest forecast` makes it for the same plan,
 * survey, particles, accept share and seed: the survey checked first (its problems refuse the run,
 * named by file, line and field), then the particles run to the survey year and the accepted ones on
 * to the plan's end, the share done streamed as it goes. Ends with what the page shows and the four
 * files the CLI writes.
 */
export async function runForecastStudy(job: ForecastStudyRun, options: ForecastStudyOptions): Promise<RunOutcome> {
  const { runId, forecast, loaded, source, signal, onEvent } = job;
  const checked = await surveyOnPlan(forecast.survey, loaded);
  if ('problems' in checked) return refusedFor(runId, checked.problems);
  const { survey } = checked;
  const particles = forecast.particles ?? FORECAST_DEFAULTS.particles;
  const acceptShare = forecast.accept ?? FORECAST_DEFAULTS.accept;
  const years = loaded.resolved.scenario.years;
  // The share of the work: particles run to the survey year, then about twice the accepted run the
  // plan's whole span (the accepted and as many from the prior).
  const bankWork = particles * survey.year;
  const forecastWork = 2 * Math.max(30, Math.ceil(particles * acceptShare)) * years;
  let sent = -1;
  const progress = (stage: 'bank' | 'forecast', done: number, total: number) => {
    const share = stage === 'bank' ? (bankWork * done) / total / (bankWork + forecastWork) : (bankWork + (forecastWork * done) / total) / (bankWork + forecastWork);
    // Every half percent, and the end of each stage.
    if (share - sent < 0.005 && done !== total) return;
    sent = share;
    const detail = stage === 'bank' ? `particles run to the survey year (${survey.year}): ${done} of ${total}` : `forecast runs to year ${years}: ${done} of ${total}`;
    onEvent({ type: 'progress', share, detail });
  };
  try {
    const f = await forecastFromSurvey({ plan: loaded, survey, particles, acceptShare, threads: options.threads, signal, onProgress: progress });
    onEvent(forecastResults(f, loaded, options.sources.baseNameOf(source)));
    return { status: 'completed', runId };
  } catch (err) {
    return endedBy(runId, err, signal);
  }
}
