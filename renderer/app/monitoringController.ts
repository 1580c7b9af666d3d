import type { ForecastResults, HostApi, RunHandle, SurveyUpload, SurveyView } from '../../sim/hostApi/api.js';
import type { RunResult } from '../../sim/shared/runResult.js';
import { showProblems } from '../panels/problemsView.js';
import { showSurveySummary } from '../panels/surveyPanel.js';
import type { OpenPlan } from './editorController.js';
import type { ForecastResultsView } from './forecastResults.js';
import { forecastReference, runReference } from './plotReference.js';
import { pickSurvey, type ReadableFile } from './surveyFiles.js';
import type { SurveyPlots } from './surveyPlots.js';

export interface MonitoringElements {
  /** The survey file with its plots file, picked together. */
  files: HTMLInputElement;
  /** A folder holding the survey and its plots. */
  folder: HTMLInputElement;
  /** The checked survey: its year, plots per zone and figures. */
  summary: HTMLElement;
  particles: HTMLInputElement;
  /** The actions weighed after the survey, as `reforest forecast --actions` takes them. */
  actions: HTMLInputElement;
  run: HTMLButtonElement;
  cancel: HTMLButtonElement;
  /** The forecast's progress and outcome; its `data-status` turning "completed" brings the monitoring tab forward. */
  status: HTMLElement;
  /** Where the page lists problems. */
  problems: HTMLElement;
}

export interface MonitoringOptions {
  host: HostApi;
  elements: MonitoringElements;
  /** The plan as edited, once checked; null before a site is open. */
  plan(): OpenPlan | null;
  /** Seed the toolbar asks for (the plan's when blank). */
  settings(plan: OpenPlan): { seed: number };
  /** The plan's own run (A), when finished: what plots are measured against before a forecast. */
  runA(): RunResult | null;
  plots: SurveyPlots;
  results: ForecastResultsView;
}

/** What `reforest forecast` draws when not told. */
const DEFAULT_PARTICLES = 1000;

/**
 * The monitoring loop in the page: *Import survey…* reads a survey and its plots (picked together, or
 * their folder), the host checks it against the plan being edited (problems listed as a plan's are),
 * its plots go on the map, the actions are filled with those that apply to the plan, and *Forecast
 * from survey* conditions the plan's forecast on it on the host and weighs the actions on the
 * posterior, with progress and cancel, its results in the monitoring tab. The survey is checked again
 * when the plan is edited, and dropped when another site is opened.
 */
export class MonitoringController {
  private upload: SurveyUpload | null = null;
  private survey: SurveyView | null = null;
  private checkedFor: { siteId: string; text: string } | null = null;
  private forecast: ForecastResults | null = null;
  private handle: RunHandle | null = null;
  private checkSeq = 0;
  /** The default actions last filled in: an edit of the plan refills the field while it still holds them. */
  private filledActions: string | null = null;

  constructor(private readonly options: MonitoringOptions) {
    const el = options.elements;
    el.particles.value = String(DEFAULT_PARTICLES);
    for (const input of [el.files, el.folder]) {
      input.addEventListener('change', () => {
        const picked = [...(input.files ?? [])] as ReadableFile[];
        input.value = '';
        if (picked.length) void this.importSurvey(picked);
      });
    }
    el.run.addEventListener('click', () => this.start());
    el.cancel.addEventListener('click', () => this.handle?.cancel());
    this.enable();
  }

  /** The survey shown, for the page's state. */
  get shownSurvey(): SurveyView | null {
    return this.survey;
  }

  /** Reads picked files as a survey and checks it against the plan being edited. */
  async importSurvey(picked: readonly ReadableFile[]): Promise<void> {
    const el = this.options.elements;
    const pick = await pickSurvey(picked);
    if (!pick.ok) {
      showProblems(el.problems, 'The survey cannot be read', pick.problems);
      return;
    }
    this.upload = pick.upload;
    this.forecast = null;
    this.filledActions = null;
    await this.check(pick.note);
  }

  /** A new version of the plan: the survey is checked against it, or dropped when the plan is on another site. */
  planChanged(plan: OpenPlan): void {
    if (!this.upload || !this.checkedFor) return;
    if (plan.siteId !== this.checkedFor.siteId) {
      this.upload = null;
      this.setSurvey(null);
      this.options.elements.summary.replaceChildren();
      return;
    }
    if (plan.text !== this.checkedFor.text) void this.check(null);
  }

  /** Run A changed: the plots are measured against it until a forecast is made. */
  runsChanged(): void {
    if (this.survey && !this.forecast) this.colourPlots();
  }

  private async check(note: string | null): Promise<void> {
    const el = this.options.elements;
    const plan = this.options.plan();
    const upload = this.upload;
    if (!plan || !upload) return;
    const seq = ++this.checkSeq;
    el.summary.textContent = `Checking ${upload.name}…`;
    const result = await this.options.host.checkSurvey(plan.siteId, plan.text, upload);
    if (seq !== this.checkSeq) return;
    this.checkedFor = { siteId: plan.siteId, text: plan.text };
    if (!result.ok) {
      el.summary.textContent = `${upload.name} does not fit the plan; its problems are listed above.`;
      el.summary.dataset.problems = String(result.problems.length);
      showProblems(el.problems, `${upload.name} cannot be used with the plan`, result.problems);
      this.setSurvey(null);
      return;
    }
    delete el.summary.dataset.problems;
    showProblems(el.problems, '', []);
    showSurveySummary(el.summary, result.survey);
    // A survey imported fills the actions with the plan's; an edit of the plan changes them only where the user has not.
    if (this.filledActions === null || el.actions.value === this.filledActions) el.actions.value = result.survey.defaultActions;
    this.filledActions = result.survey.defaultActions;
    if (note) el.summary.append(Object.assign(document.createElement('p'), { className: 'hint', textContent: note }));
    this.setSurvey(result.survey);
  }

  private setSurvey(survey: SurveyView | null): void {
    this.survey = survey;
    this.colourPlots();
    this.enable();
  }

  /** The plots against the forecast before the survey, else against run A, else uncoloured. */
  private colourPlots(): void {
    const survey = this.survey;
    const runA = this.options.runA();
    const reference = !survey ? null : this.forecast ? forecastReference(this.forecast) : runA ? runReference(runA, survey.year) : null;
    this.options.plots.show(survey, reference);
  }

  private enable(): void {
    const el = this.options.elements;
    el.run.disabled = this.survey === null || this.handle !== null;
    el.cancel.disabled = this.handle === null;
  }

  private start(): void {
    const plan = this.options.plan();
    const el = this.options.elements;
    const upload = this.upload;
    if (!plan || !upload || !this.survey || this.handle) return;
    const particles = Number(el.particles.value);
    if (!Number.isInteger(particles) || particles < 20 || particles > 100_000) {
      el.status.textContent = `Particles: "${el.particles.value}" is not a whole number from 20 to 100,000.`;
      el.status.dataset.status = 'failed';
      return;
    }
    const { seed } = this.options.settings(plan);
    // Blank weighs the plan's default actions; the host checks the list as the CLI does.
    const actions = el.actions.value.trim() || undefined;
    el.status.textContent = 'Forecasting…';
    delete el.status.dataset.status;
    const began = performance.now();
    let results: ForecastResults | null = null;
    this.handle = this.options.host.run({ siteId: plan.siteId, text: plan.text, seed, study: { kind: 'forecast', forecast: { survey: upload, particles, actions } } }, (event) => {
      if (event.type === 'progress') el.status.textContent = `Forecasting… ${Math.floor(100 * event.share)}% (${event.detail})`;
      else if (event.type === 'forecast') results = event;
    });
    this.enable();
    void this.handle.done.then((outcome) => {
      this.handle = null;
      this.enable();
      const seconds = ((performance.now() - began) / 1000).toFixed(1);
      if (outcome.status === 'completed' && results) {
        this.forecast = results;
        this.options.results.show(results);
        this.colourPlots();
        el.status.textContent = `Forecast made in ${seconds} s: ${results.accepted} of ${results.particles} particles kept.`;
      } else if (outcome.status === 'cancelled') el.status.textContent = 'Cancelled; the forecast shown before stays.';
      else if (outcome.status === 'failed') {
        el.status.textContent = `Failed: ${outcome.message}`;
        if (outcome.problems.length) showProblems(el.problems, 'The forecast cannot be made', outcome.problems);
      }
      el.status.dataset.status = outcome.status;
    });
  }
}
