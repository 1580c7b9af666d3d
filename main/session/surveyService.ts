import type { ScenarioProblem, SurveyCheck, SurveyUpload } from '../../sim/hostApi/api.js';
import { surveyFilesOf, surveyProblems, surveyView } from '../../sim/pageViews/surveyView.js';
import type { LoadedScenario } from '../../sim/scenario/load.js';
import { loadSurveyFiles } from '../../sim/survey/check.js';
import { SurveyError, type Survey } from '../../sim/survey/format.js';
import type { ScenarioSources } from './scenarioSources.js';
import type { SiteRegistry } from './siteRegistry.js';

export interface SurveyServiceOptions {
  /** The open sites, and the plans loaded on them. */
  sites: SiteRegistry;
  /** Names the plan in its problems. */
  sources: ScenarioSources;
}

/** A survey read from what the page sent and checked against a plan, or its problems as the page lists them. */
export async function surveyOnPlan(upload: SurveyUpload, plan: LoadedScenario): Promise<{ survey: Survey } | { problems: ScenarioProblem[] }> {
  try {
    return { survey: await loadSurveyFiles(surveyFilesOf(upload), plan) };
  } catch (err) {
    if (err instanceof SurveyError) return { problems: surveyProblems(err.problems, upload.name) };
    throw err;
  }
}

/**
 * Field surveys the page picked, checked against the plan being edited on its open site as `reforest
 * survey check` checks them: every problem of the survey at once, or its plots and what each zone shows.
 */
export class SurveyService {
  constructor(private readonly options: SurveyServiceOptions) {}

  async checkSurvey(siteId: string, planText: string, upload: SurveyUpload): Promise<SurveyCheck> {
    const { sites, sources } = this.options;
    const site = sites.get(siteId);
    if (!site) return { ok: false, problems: [{ message: `no open site "${siteId}"; open the scenario again` }] };
    let plan: LoadedScenario;
    try {
      plan = await sites.loadPlan(site, planText, {});
    } catch (err) {
      return { ok: false, problems: sources.problemsFor(err, site.source) };
    }
    const checked = await surveyOnPlan(upload, plan);
    return 'survey' in checked ? { ok: true, survey: surveyView(checked.survey, plan) } : { ok: false, problems: checked.problems };
  }
}
