import type { HostApi, HostRunEvent, SiteView } from '../../sim/hostApi/api.js';
import type { ChartPanel } from '../charts/chartPanel.js';
import { siteSummary } from '../panels/inspectPanel.js';
import { showProblems } from '../panels/problemsView.js';
import type { ProgressView } from '../panels/progressView.js';
import type { Timeline } from '../panels/timeline.js';
import type { OpenPlan } from './editorController.js';
import type { MapView } from './mapView.js';
import { runStates, type PageState } from './pageState.js';
import { RunCharts, type RunChartsElements } from './runCharts.js';
import { zonesKept } from './keptZones.js';
import { RunController, type RunSlot, type RunView } from './runController.js';
import type { RunSettings } from './runSettings.js';

/** What of a plan the map draws: two plans with the same key look the same before any run. */
const drawnAs = (site: SiteView) => JSON.stringify([site.zones, site.fences, site.species, site.herbivores]);

export interface RunsViewElements {
  run: HTMLButtonElement;
  /** Runs the plan with 2 replicates. */
  preview: HTMLButtonElement;
  cancel: HTMLButtonElement;
  /** Which run the map shows: one option per run held. */
  viewRun: HTMLSelectElement;
  siteInfo: HTMLElement;
  problems: HTMLElement;
  charts: RunChartsElements;
}

export interface RunsViewOptions {
  host: HostApi;
  elements: RunsViewElements;
  map: MapView;
  timeline: Timeline;
  progress: ProgressView;
  panel: ChartPanel;
  settings: RunSettings;
  state: PageState;
  /** The plan as edited: the last version that passed its checks, known once the latest edit is checked. */
  editor: { readonly current: OpenPlan | null; settled(): Promise<void> };
}

/** How a run is started: its replicates when not the toolbar's, and whether it follows an edit. */
export interface StartOptions {
  replicates?: number;
  /** A's last finished run becomes B ("before edit"). */
  beforeEdit?: boolean;
}

/**
 * The page's runs as it shows them: the progress, the run the map shows and follows year by year as
 * its frames come, the charts and the page's state. A run of A, or of B while B is shown (or nothing
 * is), is shown from its start; the map shows the plan being edited whenever an edit changes what it
 * draws, and the last run stays in the charts until the next one.
 */
export class RunsView {
  readonly runs: RunController;
  readonly charts: RunCharts;
  private shownRun: RunView | null = null;
  /** The plan the map draws over the run shown when it was edited since that run; null when the map draws the run's own plan. */
  private editedOver: SiteView | null = null;
  private readonly slotListeners: (() => void)[] = [];

  constructor(private readonly options: RunsViewOptions) {
    const { progress, timeline, elements } = options;
    this.runs = new RunController(options.host, {
      onSlots: () => {
        this.fillViewRuns();
        this.publish();
        for (const listener of this.slotListeners) listener();
      },
      onEvent: (view, event) => this.onEvent(view, event),
      onFinished: (view, outcome, seconds) => {
        progress.finished(view.label, outcome, seconds);
        if (outcome.status === 'failed') showProblems(elements.problems, `${view.label} failed`, outcome.problems.length ? outcome.problems : [{ message: outcome.message }]);
      },
      onRestored: (view) => {
        // Cancelling keeps what was there: the last finished run and its charts.
        this.charts.fillZones();
        this.charts.refresh();
        this.show(view);
      },
    });
    this.charts = new RunCharts({
      elements: elements.charts,
      panel: options.panel,
      runs: this.runs,
      year: () => timeline.current,
      selectYear: (year) => timeline.setYear(year, { fromUser: true }),
      planText: () => options.editor.current?.text ?? null,
    });
  }

  /** The run the map shows; null while it shows the plan being edited with no run's trees on it. */
  get shown(): RunView | null {
    return this.shownRun;
  }

  /** The plan drawn over the run shown when the plan was edited since that run (zones and fences are the plan's). */
  get planOverRun(): SiteView | null {
    return this.editedOver;
  }

  /** Calls `listener` whenever the runs held change (started, finished, kept as baseline, dropped). */
  onSlots(listener: () => void): void {
    this.slotListeners.push(listener);
  }

  /** Wires Run, Quick preview, Cancel and the choice of run to show. */
  bindControls(): void {
    const el = this.options.elements;
    el.run.addEventListener('click', () => void this.runEdited());
    el.preview.addEventListener('click', () => void this.runEdited(2));
    el.cancel.addEventListener('click', () => {
      this.runs.cancelAll();
    });
    el.viewRun.addEventListener('change', () => this.show(el.viewRun.value === 'b' ? this.runs.b : this.runs.a));
  }

  /** Runs the plan as edited, once its latest edit has been checked. */
  async runEdited(replicates?: number): Promise<void> {
    const { editor } = this.options;
    await editor.settled();
    const plan = editor.current;
    if (plan) this.start('a', 'A', plan, { replicates, beforeEdit: true });
  }

  /** Starts a run of a plan in a slot, with the toolbar's seed and replicates. */
  start(key: RunSlot, label: string, opened: OpenPlan, opts: StartOptions = {}): void {
    const { settings, progress, timeline, elements } = this.options;
    // B runs with A's seed and replicates: common random numbers make the difference the plan's own.
    const entered = settings.of(opened);
    const replicates = opts.replicates ?? entered.replicates;
    showProblems(elements.problems, '', []);
    progress.started(label);
    performance.mark('reforest:run-started');
    const view = this.runs.start(key, label, opened, { seed: entered.seed, replicates, beforeEdit: opts.beforeEdit });
    this.charts.fillZones();
    this.charts.refresh();
    if (key === 'a' || this.shownRun?.key === key || !this.shownRun) {
      timeline.userMoved = false;
      this.show(view);
    }
    this.fillViewRuns();
    this.publish();
    // The page's own work on starting a run (charts, slots) ends here; what follows is the host's.
    performance.mark('reforest:run-requested');
  }

  /** Shows a run on the map, at the year the timeline shows (or its last so far). */
  show(view: RunView | null): void {
    this.shownRun = view;
    this.editedOver = null;
    this.noteEdited(null);
    if (!view) return;
    const { map, timeline } = this.options;
    if (view.frames.lastYear < 0) map.awaitFirstFrame(view);
    map.showSite(view.site);
    map.forest.setFrames(view.frames);
    timeline.setMax(Math.max(0, view.frames.lastYear));
    map.forest.showYear(Math.min(timeline.current, Math.max(0, view.frames.lastYear)));
    siteSummary(this.options.elements.siteInfo, view.site, view.settings);
  }

  /** Run and Quick preview run a plan that passed its checks; their title says why not otherwise. */
  enableRun(plan: OpenPlan | null): void {
    const { run, preview } = this.options.elements;
    run.disabled = plan === null;
    preview.disabled = plan === null;
    run.title = plan ? 'Run the plan as edited; the run before the edit becomes B' : 'Fix the problems under Checks first';
  }

  /**
   * The map shows a checked plan being edited. An edit that leaves the map as it was (the seed, say)
   * keeps the run shown; an edit back to the plan of a run held (an undo) shows that run again; any
   * other edit draws the plan with the shown run's trees kept in the zones it left as they were
   * (and Inspect working on them), saying so, until the plan is run.
   */
  showPlan(plan: OpenPlan): void {
    // The comparison says whether A ran the plan now being edited.
    this.charts.refreshComparison();
    const drawn = drawnAs(plan.site);
    const base = this.editedOver ? null : this.shownRun;
    if (base && drawnAs(base.site) === drawn) return;
    const held = this.runs.views().find((r) => r.status === 'completed' && drawnAs(r.site) === drawn);
    if (held) {
      this.show(held);
      this.fillViewRuns();
      return;
    }
    const run = this.shownRun;
    this.options.map.showSite(plan.site);
    const kept = run ? zonesKept(run.site, plan.site) : null;
    if (!run || !kept) {
      this.shownRun = null;
      this.editedOver = null;
      this.noteEdited(null);
      return;
    }
    this.editedOver = plan.site;
    this.options.map.forest.setFrames(run.frames, { zonesShown: kept });
    this.options.map.forest.showYear(Math.min(this.options.timeline.current, Math.max(0, run.frames.lastYear)));
    const names = run.site.zones.filter((z) => kept[z.zoneIndex] === 1).map((z) => `"${z.name}"`);
    this.noteEdited(
      `The plan has changed since run ${run.key.toUpperCase()}. ${names.length ? `Trees shown are that run's, in ${names.join(', ')}, which the edit left as ${names.length === 1 ? 'it was' : 'they were'}` : 'No zone is as that run planted it, so no trees are shown'}; run the plan to see the edit.`,
    );
  }

  /** Says under the site's summary that the map draws an edited plan over an earlier run, or clears it. */
  private noteEdited(text: string | null): void {
    const info = this.options.elements.siteInfo;
    info.querySelector('.plan-edited')?.remove();
    if (!text) return;
    const note = document.createElement('p');
    note.className = 'plan-edited';
    note.textContent = text;
    info.append(note);
  }

  /** Drops every run (a new site has nothing to compare with the old one's), and the charts with them. */
  clear(): void {
    this.runs.clear();
    this.charts.fillZones();
    this.charts.refresh();
    this.fillViewRuns();
    this.shownRun = null;
    this.editedOver = null;
    this.noteEdited(null);
  }

  /** Writes the runs, the page's status and the year into the page's state; Cancel is live while a run is. */
  publish(): void {
    const { state, timeline, elements } = this.options;
    state.runs = runStates(this.runs.views());
    state.status = this.runs.running > 0 ? 'running' : 'idle';
    state.year = timeline.current;
    elements.cancel.disabled = this.runs.running === 0;
  }

  private fillViewRuns(): void {
    const { viewRun } = this.options.elements;
    viewRun.replaceChildren(...this.runs.views().map((r) => new Option(`Scenario ${r.key.toUpperCase()}: ${r.site.name}`, r.key)));
    viewRun.value = this.shownRun?.key ?? 'a';
  }

  private onEvent(view: RunView, event: HostRunEvent): void {
    const { progress, map, timeline } = this.options;
    switch (event.type) {
      case 'progress':
        progress.update(view.label, event);
        break;
      case 'layout':
        performance.mark('reforest:layout-received');
        if (this.shownRun === view) map.forest.framesChanged();
        break;
      case 'frame':
        if (this.shownRun === view) {
          map.forest.framesChanged();
          timeline.setMax(view.frames.lastYear);
          // Follow the newest year while the run fills in, until the user picks one.
          if (!timeline.userMoved) timeline.setYear(view.frames.lastYear);
        }
        break;
      case 'result':
        this.charts.refresh();
        break;
    }
    this.publish();
  }
}
