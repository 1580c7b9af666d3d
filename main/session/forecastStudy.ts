import { ActionError, defaultActions, parseActions, type Action } from '../../sim/forecast/actions.js';
import { decideFromSurvey } from '../../sim/forecast/decisions.js';
import { forecastFromSurvey } from '../../sim/forecast/forecast.js';
import type { ForecastRequest, HostRunEvent, RunOutcome, ScenarioSource } from '../../sim/hostApi/api.js';
import { forecastResults } from '../../sim/pageViews/forecastView.js';
import type { LoadedScenario } from '../../sim/scenario/load.js';
import { endedBy, refused, refusedFor } from './runOutcome.js';
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

/** The actions asked for, or the plan's default list; a bad list is the reason `reforest forecast --actions` gives. */
function actionsOf(list: string | undefined, loaded: LoadedScenario): Action[] | { refusal: string } {
  try {
    return parseActions(list ?? defaultActions(loaded.resolved.scenario));
  } catch (err) {
    if (err instanceof ActionError) return { refusal: `actions: ${err.message}` };
    throw err;
  }
}

/**
 * The plan's forecast conditioned on a survey, as `reforest forecast` makes it for the same plan,
 * survey, particles, accept share, seed and actions: the actions and the survey checked first (a bad
 * list or the survey's problems, named by file, line and field, refuse the run), then the particles
 * run to the survey year, the accepted ones on to the plan's end, and each action on the accepted
 * ones from the year after the survey, the share done streamed as it goes. Ends with what the page
 * shows and the five files the CLI writes.
 */
export async function runForecastStudy(job: ForecastStudyRun, options: ForecastStudyOptions): Promise<RunOutcome> {
  const { runId, forecast, loaded, source, signal, onEvent } = job;
  const actions = actionsOf(forecast.actions, loaded);
  if ('refusal' in actions) return refused(runId, actions.refusal);
  const checked = await surveyOnPlan(forecast.survey, loaded);
  if ('problems' in checked) return refusedFor(runId, checked.problems);
  const { survey } = checked;
  const particles = forecast.particles ?? FORECAST_DEFAULTS.particles;
  const acceptShare = forecast.accept ?? FORECAST_DEFAULTS.accept;
  const years = loaded.resolved.scenario.years;
  // The share of the work: particles run to the survey year, then about twice the accepted run the
  // plan's whole span (the accepted and as many from the prior), then each action on the accepted.
  const accepted = Math.max(30, Math.ceil(particles * acceptShare));
  const work = { bank: particles * survey.year, forecast: 2 * accepted * years, actions: actions.length * accepted * years };
  const whole = work.bank + work.forecast + work.actions;
  const before = { bank: 0, forecast: work.bank, actions: work.bank + work.forecast };
  let sent = -1;
  const progress = (stage: keyof typeof work, done: number, total: number) => {
    const share = (before[stage] + (work[stage] * done) / total) / whole;
    // Every half percent, and the end of each stage.
    if (share - sent < 0.005 && done !== total) return;
    sent = share;
    const detail =
      stage === 'bank'
        ? `particles run to the survey year (${survey.year}): ${done} of ${total}`
        : stage === 'forecast'
          ? `forecast runs to year ${years}: ${done} of ${total}`
          : `actions on the posterior: ${done} of ${total} runs`;
    onEvent({ type: 'progress', share, detail });
  };
  try {
    const f = await forecastFromSurvey({ plan: loaded, survey, particles, acceptShare, threads: options.threads, signal, onProgress: progress });
    const decisions = await decideFromSurvey({ plan: loaded, forecast: f, actions, threads: options.threads, signal, onProgress: (done, total) => progress('actions', done, total) });
    onEvent(forecastResults(f, decisions, loaded, options.sources.baseNameOf(source)));
    return { status: 'completed', runId };
  } catch (err) {
    return endedBy(runId, err, signal);
  }
}
