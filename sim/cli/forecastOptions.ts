import { resolve } from 'node:path';
import { ActionError, defaultActions, parseActions, type Action } from '../forecast/actions.js';
import type { LoadedScenario } from '../scenario/load.js';
import { loadSurvey } from '../survey/check.js';
import { SurveyError, type Survey } from '../survey/format.js';
import { InputError, wholeNumber, type Options } from './args.js';

/**
 * What every command that conditions a plan on a field survey takes (forecast, report): the survey, the
 * particles drawn, the share kept and the actions weighed after the survey, each refused as an input
 * error naming its flag.
 */
export const SURVEY_FORECAST_OPTIONS = {
  survey: { type: 'string' },
  particles: { type: 'string' },
  accept: { type: 'string' },
  actions: { type: 'string' },
} as const satisfies Options;

/** --particles: 20 to 100,000 draws from the prior, 1,000 when absent. */
export function particlesOption(raw: string | undefined): number {
  const particles = wholeNumber('particles', raw, 20) ?? 1000;
  if (particles > 100_000) throw new InputError(`--particles ${particles}: at most 100,000`);
  return particles;
}

/** --accept: the share of particles kept, above 0 and at most 1; 5% when absent. */
export function acceptOption(raw: string | undefined): number {
  const accept = raw === undefined ? 0.05 : Number(raw);
  if (!(accept > 0 && accept <= 1)) throw new InputError(`--accept must be a share above 0 and at most 1, not "${raw}"`);
  return accept;
}

/** --actions: those given, or the default actions that apply to the plan. */
export function actionsOption(raw: string | undefined, plan: LoadedScenario): Action[] {
  try {
    return parseActions(raw ?? defaultActions(plan.resolved.scenario));
  } catch (err) {
    if (err instanceof ActionError) throw new InputError(`--actions: ${err.message}`);
    throw err;
  }
}

/** The survey at `path`, read and checked against the plan; every problem it has is an input error. */
export async function surveyOption(path: string, plan: LoadedScenario): Promise<Survey> {
  try {
    return await loadSurvey(resolve(path), plan);
  } catch (err) {
    if (err instanceof SurveyError) throw new InputError(err.message);
    throw err;
  }
}
