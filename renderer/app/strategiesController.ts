import type { HostApi, HostRunEvent, RunHandle, StudyRequest } from '../../sim/hostApi/api.js';
import type { StrategyComparison } from '../../sim/shared/strategyComparison.js';
import { defaultStrategies } from '../../sim/shared/strategySpec.js';
import { renderStrategyChart, renderStrategyTable } from '../charts/strategyView.js';
import type { OpenPlan } from './editorController.js';

export interface StrategiesElements {
  /** Comma-separated strategies, as `reforest compare --strategies` takes them. */
  input: HTMLInputElement;
  zone: HTMLSelectElement;
  run: HTMLButtonElement;
  report: HTMLButtonElement;
  cancel: HTMLButtonElement;
  status: HTMLElement;
  /** The report's progress and outcome, beside its button. */
  reportStatus: HTMLElement;
  /** Where the table and chart go; hidden until there is a comparison. */
  area: HTMLElement;
  table: HTMLElement;
  chart: HTMLElement;
  /** Saves the comparison as `reforest compare` writes it. */
  exportCsv: HTMLButtonElement;
}

export interface StrategiesOptions {
  host: HostApi;
  elements: StrategiesElements;
  /** The plan as edited, once checked; null before a site is open. */
  plan(): OpenPlan | null;
  /** Seed and replicates the toolbar asks for (those of the plan when blank). */
  settings(plan: OpenPlan): { seed: number; replicates: number };
}

/**
 * The Strategies view: runs the plan under protection strategies on the host (as `reforest
 * compare`), shows the comparison of the zone chosen, and makes the report on the plan (as
 * `reforest report`), saved under the scenario's name. One study at a time.
 */
export class StrategiesController {
  private comparison: StrategyComparison | null = null;
  /** The comparison as the CLI's CSV, and the scenario file's name to save it under. */
  private csv: { text: string; baseName: string } | null = null;
  private handle: RunHandle | null = null;
  /** The default list last filled in; a list the user typed is kept across plans. */
  private filled = '';

  constructor(private readonly options: StrategiesOptions) {
    const el = options.elements;
    el.run.addEventListener('click', () => this.start({ kind: 'strategies', strategies: this.strategies() }));
    el.report.addEventListener('click', () => this.start({ kind: 'report', strategies: this.strategies() }));
    el.cancel.addEventListener('click', () => this.handle?.cancel());
    el.zone.addEventListener('change', () => this.render());
    el.exportCsv.addEventListener('click', () => {
      if (this.csv) void options.host.saveFile(`${this.csv.baseName}-strategies.csv`, 'text/csv', this.csv.text);
    });
  }

  /** Fills in the strategies that apply to a plan, unless the user has written their own. */
  planChanged(text: string): void {
    const el = this.options.elements;
    let plan: { fences?: unknown[]; herbivores?: unknown[] } = {};
    try {
      plan = JSON.parse(text) as typeof plan;
    } catch {
      return;
    }
    const list = defaultStrategies(plan);
    if (el.input.value === '' || el.input.value === this.filled) el.input.value = list;
    this.filled = list;
  }

  /** The files the last report was saved as. */
  private saved: string[] = [];

  /** The comparison shown, for the page's state. */
  get shown(): StrategyComparison | null {
    return this.comparison;
  }

  private strategies(): string | undefined {
    const v = this.options.elements.input.value.trim();
    return v === '' ? undefined : v;
  }

  private start(study: StudyRequest): void {
    const plan = this.options.plan();
    const el = this.options.elements;
    if (!plan || this.handle) return;
    const { seed, replicates } = this.options.settings(plan);
    const what = study.kind === 'report' ? 'Making the report' : 'Comparing strategies';
    // Each study speaks beside the button that started it, where the user is looking.
    const status = study.kind === 'report' ? el.reportStatus : el.status;
    status.textContent = `${what}…`;
    delete status.dataset.status;
    el.run.disabled = el.report.disabled = true;
    el.cancel.disabled = false;
    const began = performance.now();
    let saving: Promise<void> = Promise.resolve();
    const handle = this.options.host.run({ siteId: plan.siteId, text: plan.text, seed, replicates, study }, (event) => {
      saving = this.onEvent(event, what, status);
    });
    this.handle = handle;
    // The outcome shows once the report's files are saved, not before.
    void handle.done.then(async (outcome) => {
      await saving.catch(() => {});
      this.handle = null;
      el.run.disabled = el.report.disabled = false;
      el.cancel.disabled = true;
      const seconds = ((performance.now() - began) / 1000).toFixed(1);
      if (outcome.status === 'completed') status.textContent = study.kind === 'report' ? `Report saved in ${seconds} s: ${this.saved.join(', ')}.` : `Strategies compared in ${seconds} s.`;
      else if (outcome.status === 'cancelled') status.textContent = 'Cancelled.';
      else status.textContent = `Failed: ${outcome.message}`;
      status.dataset.status = outcome.status;
    });
  }

  private async onEvent(event: HostRunEvent, what: string, status: HTMLElement): Promise<void> {
    const el = this.options.elements;
    if (event.type === 'progress') {
      status.textContent = `${what}… ${Math.floor(100 * event.share)}% (${event.detail})`;
    } else if (event.type === 'comparison') {
      this.comparison = event.comparison;
      this.csv = { text: event.csv, baseName: event.baseName };
      const zones = [...new Set(event.comparison.rows.map((r) => r.zone))];
      const chosen = el.zone.value;
      el.zone.replaceChildren(...zones.map((z) => new Option(z === 'all' ? 'Whole site' : z, z)));
      el.zone.value = zones.includes(chosen) ? chosen : 'all';
      this.render();
    } else if (event.type === 'report') {
      const host = this.options.host;
      this.saved = [`${event.baseName}-report.html`];
      await host.saveFile(this.saved[0], 'text/html', event.html);
      if (event.pdf) {
        this.saved.push(`${event.baseName}-report.pdf`);
        await host.saveFile(this.saved[1], 'application/pdf', event.pdf);
      }
    }
  }

  private render(): void {
    const el = this.options.elements;
    if (!this.comparison) return;
    el.area.hidden = false;
    renderStrategyTable(el.table, this.comparison, el.zone.value || 'all');
    renderStrategyChart(el.chart, this.comparison, el.zone.value || 'all');
  }
}
