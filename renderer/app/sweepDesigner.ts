import type { HostApi, RunHandle, SweepRequest, SweepResults } from '../../sim/hostApi/api.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { openPlanOf } from '../editor/commands.js';
import type { ScenarioDocument } from '../editor/scenarioDocument.js';
import type { OpenPlan } from './editorController.js';
import type { SweepController } from './sweepController.js';
import { sweepCandidates, sweepValues, valueCount, type SweepCandidate, type SweepVariable } from './sweepVariables.js';

export interface SweepDesignElements {
  /** What each of the (up to three) variables is, and its values, comma-separated. */
  variables: HTMLSelectElement[];
  values: HTMLInputElement[];
  replicates: HTMLInputElement;
  /** Variants × replicates = runs, or what is wrong with the sweep as it stands. */
  count: HTMLElement;
  run: HTMLButtonElement;
  cancel: HTMLButtonElement;
  save: HTMLButtonElement;
  /** The run's progress and outcome; its `data-status` turning "completed" brings the sweep's tab forward. */
  status: HTMLElement;
}

export interface SweepDesignOptions {
  host: HostApi;
  elements: SweepDesignElements;
  /** The plan as edited, once checked; null before a site is open. */
  plan(): OpenPlan | null;
  /** The plan being edited: a variant opened from the results becomes it (one edit, undoable). */
  document: ScenarioDocument;
  /** Where the results show, as a sweep folder's do. */
  results: SweepController;
}

/** Replicates offered at first: the plan's, but no more than this, so a first sweep is quick. */
const FIRST_REPLICATES = 5;

/** A file name from a plan's name: "small example" → "small-example". */
const fileStem = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'plan';

/**
 * A sweep defined in the page, like NetLogo's BehaviorSpace: up to three things of the plan (from the
 * list the plan offers: herd densities and culling, zone densities and shelters, the fences), each
 * over the values typed, every combination × the replicates. It runs on the host as `reforest sweep`
 * runs the same sweep file (which *Save as sweep file* writes, the plan inline as its base), and its
 * results show in the sweep area as a sweep folder's do; a cell opens that variant as the plan.
 */
export class SweepDesigner {
  private candidates: SweepCandidate[] = [];
  private handle: RunHandle | null = null;
  /** The replicates last filled in from the plan; a number the user typed is kept across plans. */
  private filled = '';

  constructor(private readonly options: SweepDesignOptions) {
    const el = options.elements;
    el.variables.forEach((select, i) =>
      select.addEventListener('change', () => {
        const chosen = this.candidates.find((c) => c.id === select.value);
        el.values[i].value = chosen?.suggested ?? '';
        this.count();
      }),
    );
    for (const input of [...el.values, el.replicates]) input.addEventListener('input', () => this.count());
    el.run.addEventListener('click', () => this.start());
    el.cancel.addEventListener('click', () => this.handle?.cancel());
    el.save.addEventListener('click', () => void this.save());
    this.count();
  }

  /** Lists what the plan offers to vary, keeping each choice whose zone or herd is still there. */
  planChanged(text: string): void {
    let plan: ScenarioInput;
    try {
      plan = JSON.parse(text) as ScenarioInput;
    } catch {
      return;
    }
    const el = this.options.elements;
    this.candidates = sweepCandidates(plan);
    el.variables.forEach((select, i) => {
      const chosen = select.value;
      select.replaceChildren(new Option('(none)', ''), ...this.candidates.map((c) => new Option(c.label, c.id)));
      if (this.candidates.some((c) => c.id === chosen)) select.value = chosen;
      else el.values[i].value = '';
    });
    const replicates = String(Math.min(plan.replicates, FIRST_REPLICATES));
    if (el.replicates.value === '' || el.replicates.value === this.filled) el.replicates.value = replicates;
    this.filled = replicates;
    this.count();
  }

  /** The sweep the panel describes, or what is wrong with it, naming the variable and the value. */
  request(): SweepRequest | string {
    const el = this.options.elements;
    const variables: SweepVariable[] = [];
    const chosen = new Set<string>();
    for (const [i, select] of el.variables.entries()) {
      const candidate = this.candidates.find((c) => c.id === select.value);
      if (!candidate) continue;
      if (chosen.has(candidate.id)) return `${candidate.label} is chosen twice.`;
      chosen.add(candidate.id);
      const checked = sweepValues(candidate, el.values[i].value);
      if ('problem' in checked) return `${checked.problem}.`;
      variables.push(checked.variable);
    }
    if (variables.length === 0) return 'Choose what to vary, and type its values.';
    const replicates = Number(el.replicates.value);
    if (!Number.isInteger(replicates) || replicates < 1 || replicates > 10_000) return `Replicates: "${el.replicates.value}" is not a whole number from 1 to 10,000.`;
    return { name: this.options.plan()?.site.name, replicates, design: 'factorial', variables };
  }

  /** Shows variants × replicates = runs, and lets the sweep run only when it can. */
  private count(): void {
    const el = this.options.elements;
    const request = this.request();
    if (typeof request === 'string') {
      el.count.textContent = request;
      el.count.dataset.problem = '';
    } else {
      const variants = request.variables.reduce((n, v) => n * valueCount(v), 1);
      const replicates = request.replicates ?? 1;
      el.count.textContent = `${variants} variant${variants === 1 ? '' : 's'} × ${replicates} replicate${replicates === 1 ? '' : 's'} = ${(variants * replicates).toLocaleString('en-GB')} runs`;
      delete el.count.dataset.problem;
    }
    el.run.disabled = typeof request === 'string' || this.handle !== null || this.options.plan() === null;
    el.save.disabled = typeof request === 'string' || this.options.plan() === null;
  }

  /** Saves the sweep as a sweep file with the plan inline as its base, which `reforest sweep` runs. */
  private async save(): Promise<void> {
    const plan = this.options.plan();
    const request = this.request();
    if (!plan || typeof request === 'string') return;
    const { name, ...rest } = request;
    const file = { name: name ?? plan.site.name, base: JSON.parse(plan.text) as unknown, ...rest };
    await this.options.host.saveFile(`${fileStem(plan.site.name)}-sweep.json`, 'application/json', JSON.stringify(file, null, 2) + '\n');
  }

  private start(): void {
    const plan = this.options.plan();
    const el = this.options.elements;
    const request = this.request();
    if (!plan || this.handle || typeof request === 'string') return;
    el.status.textContent = 'Sweeping…';
    delete el.status.dataset.status;
    el.cancel.disabled = false;
    const began = performance.now();
    let results: SweepResults | null = null;
    this.handle = this.options.host.run({ siteId: plan.siteId, text: plan.text, study: { kind: 'sweep', sweep: request } }, (event) => {
      if (event.type === 'progress') el.status.textContent = `Sweeping… ${Math.floor(100 * event.share)}% (${event.detail})`;
      else if (event.type === 'sweep') results = event;
    });
    this.count();
    void this.handle.done.then((outcome) => {
      this.handle = null;
      el.cancel.disabled = true;
      this.count();
      const seconds = ((performance.now() - began) / 1000).toFixed(1);
      if (outcome.status === 'completed' && results) {
        this.show(results, plan);
        el.status.textContent = `Sweep done in ${seconds} s: ${results.manifest.variants.length} variants × ${results.manifest.replicates} replicates.`;
      } else if (outcome.status === 'cancelled') el.status.textContent = 'Cancelled; the results shown before stay.';
      else if (outcome.status === 'failed') el.status.textContent = `Failed: ${outcome.message}`;
      el.status.dataset.status = outcome.status;
    });
  }

  /** The results in the sweep area; a cell opens its variant as the plan being edited. */
  private show(results: SweepResults, plan: OpenPlan): void {
    const { document } = this.options;
    this.options.results.show({
      manifest: results.manifest,
      csv: results.csv,
      currency: plan.site.currency,
      fileName: `${results.baseName}-sweep-results.csv`,
      openVariant: (variant) => {
        const text = results.variantTexts[variant];
        if (text !== undefined) document.execute(openPlanOf(JSON.parse(text) as ScenarioInput, 'open sweep variant'));
      },
    });
  }
}
