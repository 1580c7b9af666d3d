import type { HostApi, OptimiseRequest, RunHandle, SearchState } from '../../sim/hostApi/api.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import type { ObjectiveTerms } from '../../sim/shared/objectiveLabel.js';
import { renderFrontTable, renderSearchChart } from '../charts/searchView.js';
import type { SketchShape } from '../scene/sketchLayer.js';
import type { OpenPlan } from './editorController.js';
import { planDiff } from './planDiff.js';
import { SearchStateBuilder } from './searchState.js';

export interface OptimiseElements {
  /** One row per zone, with what the search may change there. */
  zones: HTMLElement;
  /** One fence round all the zones fenced, instead of one each. */
  together: HTMLInputElement;
  /** A fence of the plan whose line may move, and how far each vertex may. */
  lineFence: HTMLSelectElement;
  lineMove: HTMLInputElement;
  heights: HTMLInputElement;
  densityMin: HTMLInputElement;
  densityMax: HTMLInputElement;
  cull: HTMLInputElement;
  cullTargets: HTMLInputElement;
  metric: HTMLSelectElement;
  year: HTMLInputElement;
  quantile: HTMLSelectElement;
  budget: HTMLInputElement;
  cap: HTMLInputElement;
  population: HTMLInputElement;
  generations: HTMLInputElement;
  replicates: HTMLInputElement;
  run: HTMLButtonElement;
  cancel: HTMLButtonElement;
  status: HTMLElement;
  /** Where the chart, the front and the opened plan's changes go; hidden until a search reports. */
  area: HTMLElement;
  chart: HTMLElement;
  front: HTMLElement;
  changes: HTMLElement;
  exportCsv: HTMLButtonElement;
}

export interface OptimiseOptions {
  host: HostApi;
  elements: OptimiseElements;
  /** The plan as edited, once checked; null before a site is open. */
  plan(): OpenPlan | null;
  /** Replaces the plan being edited by a plan of the front (one edit, undoable). */
  openPlan(plan: ScenarioInput): void;
  /** Marks on the map what the opened plan changed; empty lists clear the marks. */
  showChanges(changed: SketchShape[], removed: SketchShape[]): void;
}

const DECISIONS = ['fence', 'shelters', 'density'] as const;

/** Numbers from a comma-separated list; null when any is not a number. */
function numbers(text: string): number[] | null {
  const parts = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const out = parts.map(Number);
  return out.some((v) => !Number.isFinite(v)) ? null : out;
}

const optionalNumber = (input: HTMLInputElement) => (input.value.trim() === '' ? undefined : Number(input.value));

/** The unit written after an input inside its label ("Budget [ ] GBP"), made on first use. */
function showUnit(input: HTMLInputElement, unit: string): void {
  const label = input.closest('label') ?? input.parentElement;
  if (!label) return;
  let span = label.querySelector<HTMLElement>(':scope > span.unit');
  if (!span) {
    span = Object.assign(document.createElement('span'), { className: 'unit' });
    input.after(' ', span);
  }
  span.textContent = unit;
}

/**
 * The Optimise view: the user marks what a search may change (zone by zone: fence, shelters, density;
 * one fence round the zones fenced; a fence line that may move; and deer control), sets the objective, the budget and the search's size; the host searches plans
 * around the plan (as `reforest optimise`), and the front grows on a chart and in a table as each
 * generation ends. Any plan of the front opens as the plan, with what it changes drawn on the map.
 */
export class OptimiseController {
  private update: SearchState | null = null;
  /** The objective of the search shown, as the panel set it. */
  private objective: ObjectiveTerms | null = null;
  private handle: RunHandle | null = null;
  private chosen: number | null = null;
  private zoneNames: string[] = [];

  constructor(private readonly options: OptimiseOptions) {
    const el = options.elements;
    el.run.addEventListener('click', () => this.start());
    el.cancel.addEventListener('click', () => this.handle?.cancel());
    el.exportCsv.addEventListener('click', () => {
      if (this.update) void options.host.saveFile(`${this.update.baseName}-front.csv`, 'text/csv', this.update.csv);
    });
  }

  /** Lists the plan's zones (keeping what was ticked for zones of the same name) and its years; money in the plan's currency. */
  planChanged(text: string): void {
    let plan: ScenarioInput;
    try {
      plan = JSON.parse(text) as ScenarioInput;
    } catch {
      return;
    }
    const el = this.options.elements;
    const ticked = new Set([...el.zones.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((c) => c.name));
    const names = plan.plantings.map((p) => p.name);
    if (JSON.stringify(names) !== JSON.stringify(this.zoneNames)) {
      this.zoneNames = names;
      const table = document.createElement('table');
      table.className = 'optimise-zones';
      const head = table.createTHead().insertRow();
      for (const h of ['Zone', 'Fence', 'Shelters', 'Density']) head.append(Object.assign(document.createElement('th'), { textContent: h }));
      const body = table.createTBody();
      for (const name of names) {
        const tr = body.insertRow();
        tr.insertCell().textContent = name;
        for (const d of DECISIONS) {
          const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: `${d}:${name}`, checked: ticked.has(`${d}:${name}`) });
          box.setAttribute('aria-label', `${d} of zone ${name} may change`);
          tr.insertCell().append(box);
        }
      }
      el.zones.replaceChildren(table);
    }
    if (el.year.value === '' || Number(el.year.value) > plan.years) el.year.value = String(plan.years);
    const currency = this.options.plan()?.site.currency;
    if (currency) {
      showUnit(el.budget, currency);
      showUnit(el.cap, `${currency}/ha`);
    }
    const fences = (plan.fences ?? []).map((f) => f.name);
    const chosen = el.lineFence.value;
    el.lineFence.replaceChildren(new Option('fixed', ''), ...fences.map((n) => new Option(n, n)));
    el.lineFence.value = fences.includes(chosen) ? chosen : '';
  }

  /** The front shown (for the page's state and tests). */
  get shown(): SearchState | null {
    return this.update;
  }

  /** The search the panel describes, or why it cannot be run. */
  request(): OptimiseRequest | string {
    const el = this.options.elements;
    const zonesOf = (d: (typeof DECISIONS)[number]) =>
      this.zoneNames.filter((z) => el.zones.querySelector<HTMLInputElement>(`input[name="${CSS.escape(`${d}:${z}`)}"]`)?.checked);
    const decisions: OptimiseRequest['decisions'] = {};
    const fence = zonesOf('fence');
    if (fence.length > 0) decisions.fence = { zones: fence, together: el.together.checked };
    if (el.lineFence.value !== '') decisions.fenceLine = { fence: el.lineFence.value, moveM: Number(el.lineMove.value) };
    const shelters = zonesOf('shelters');
    if (shelters.length > 0) {
      const heights = numbers(el.heights.value);
      if (!heights || heights.length === 0) return 'Give the shelter heights to choose from, in metres, e.g. 1.2, 1.8.';
      decisions.shelters = { zones: shelters, heights };
    }
    const density = zonesOf('density');
    if (density.length > 0) decisions.density = { zones: density, min: Number(el.densityMin.value), max: Number(el.densityMax.value), step: 100 };
    if (el.cull.checked) {
      const targets = numbers(el.cullTargets.value);
      if (!targets || targets.length === 0) return 'Give the densities deer control may hold the herd at, per km², e.g. 5.';
      decisions.cull = { targets };
    }
    if (Object.keys(decisions).length === 0) return 'Tick at least one thing the search may change.';
    return {
      replicates: Number(el.replicates.value),
      decisions,
      objective: { metric: el.metric.value as OptimiseRequest['objective']['metric'], year: Number(el.year.value), zone: 'all', quantile: Number(el.quantile.value) },
      budget: optionalNumber(el.budget),
      grantCapPerHa: optionalNumber(el.cap),
      search: { population: Number(el.population.value), generations: Number(el.generations.value), seed: 1 },
    };
  }

  private start(): void {
    const plan = this.options.plan();
    const el = this.options.elements;
    if (!plan || this.handle) return;
    const request = this.request();
    if (typeof request === 'string') {
      el.status.textContent = request;
      el.status.dataset.status = 'failed';
      return;
    }
    el.status.textContent = 'Searching plans…';
    delete el.status.dataset.status;
    el.run.disabled = true;
    el.cancel.disabled = false;
    this.chosen = null;
    const { metric, year, zone, quantile } = request.objective;
    this.objective = { metric, year: year ?? plan.site.years, zone: zone ?? 'all', quantile: quantile ?? 0.5 };
    const search = new SearchStateBuilder();
    const began = performance.now();
    const handle = this.options.host.run({ siteId: plan.siteId, text: plan.text, study: { kind: 'optimise', optimise: request } }, (event) => {
      if (event.type === 'progress') {
        el.status.textContent = `Searching plans… ${Math.floor(100 * event.share)}%`;
      } else if (event.type === 'search') {
        this.update = search.add(event);
        this.render();
      }
    });
    this.handle = handle;
    void handle.done.then((outcome) => {
      this.handle = null;
      el.run.disabled = false;
      el.cancel.disabled = true;
      const seconds = ((performance.now() - began) / 1000).toFixed(1);
      if (outcome.status === 'completed') el.status.textContent = `Search done in ${seconds} s: ${this.update?.points.length ?? 0} plans judged, ${this.update?.front.length ?? 0} on the front.`;
      else if (outcome.status === 'cancelled') el.status.textContent = 'Cancelled; the front so far stays.';
      else el.status.textContent = `Failed: ${outcome.message}`;
      el.status.dataset.status = outcome.status;
    });
  }

  /** Opens plan `index` of the front as the plan, and marks on the map and in words what it changes. */
  open(index: number): void {
    const current = this.options.plan();
    const point = this.update?.front[index];
    if (!current || !point) return;
    const before = JSON.parse(current.text) as ScenarioInput;
    const after = JSON.parse(point.text) as ScenarioInput;
    const diff = planDiff(before, after);
    this.chosen = index;
    this.options.openPlan(after);
    this.options.showChanges(diff.changed, diff.removed);
    const el = this.options.elements;
    const list = document.createElement('ul');
    list.className = 'plan-changes';
    for (const line of diff.lines.length > 0 ? diff.lines : ['the plan as it was']) list.append(Object.assign(document.createElement('li'), { textContent: line }));
    el.changes.replaceChildren(Object.assign(document.createElement('h3'), { textContent: `Plan ${index + 1} of the front, opened as the plan: what it changes (pink on the map; grey where a fence came down)` }), list);
    this.render();
  }

  private render(): void {
    const el = this.options.elements;
    if (!this.update || !this.objective) return;
    el.area.hidden = false;
    renderSearchChart(el.chart, this.update, this.objective, this.chosen);
    renderFrontTable(el.front, this.update, this.objective, (i) => this.open(i));
  }
}
