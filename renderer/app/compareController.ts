import type { ExampleEntry } from '../../sim/hostApi/api.js';
import type { ChartPanel, PanelLayout } from '../charts/chartPanel.js';
import { showProblems } from '../panels/problemsView.js';
import type { OpenPlan } from './editorController.js';
import type { RunsView } from './runsView.js';
import { withoutFences } from './scenarioVariants.js';
import type { Opened, Sites } from './sites.js';

export interface CompareElements {
  /** What B is: run A's plan without its fences, or an example. */
  choice: HTMLSelectElement;
  run: HTMLElement;
  /** The name a kept baseline goes by. */
  baselineName: HTMLInputElement;
  /** Keeps A as the baseline, or lets the baseline go. */
  pin: HTMLButtonElement;
  /** What B is now, in words. */
  baselineState: HTMLElement;
  /** Overlay, or side by side. */
  layout: HTMLSelectElement;
  /** The zone the charts and the comparison show. */
  zone: HTMLSelectElement;
  problems: HTMLElement;
}

export interface CompareOptions {
  elements: CompareElements;
  examples: readonly ExampleEntry[];
  sites: Sites;
  runs: RunsView;
  panel: ChartPanel;
  /** The plan A as edited, once checked; null before a site is open. */
  plan(): OpenPlan | null;
}

/**
 * The comparison of A with B. B is the run before the last edit; or a baseline the user kept, which
 * stays B through any number of edits and runs until let go; or what *Run B* runs with A's seed and
 * replicates: run A's own plan without its fences (on A's site, so its terrain is neither read nor
 * sent again), or an example. The charts overlay the two or set them side by side, for the zone chosen.
 */
export class CompareController {
  constructor(private readonly options: CompareOptions) {
    const { elements: el, examples, runs, panel } = options;
    el.choice.replaceChildren(new Option("Run A's plan without fences", 'no-fences'), ...examples.map((e) => new Option(e.name, `example:${e.id}`)));
    el.run.addEventListener('click', () => void this.runB());
    el.pin.addEventListener('click', () => this.togglePin());
    el.layout.addEventListener('change', () => panel.setLayout(el.layout.value as PanelLayout));
    el.zone.addEventListener('change', () => runs.charts.refresh());
  }

  /** Keeps the baseline button and the words about B in step with the runs held. */
  runsChanged(): void {
    const { elements: el, runs } = this.options;
    const { a, b, baselinePinned } = runs.runs;
    el.pin.disabled = !baselinePinned && a?.status !== 'completed';
    el.pin.title = el.pin.disabled ? 'Run the plan first' : '';
    el.pin.textContent = baselinePinned ? 'Let the baseline go' : 'Keep A as baseline';
    el.baselineState.textContent = baselinePinned
      ? `B is the baseline kept (seed ${b!.settings.seed}, ${b!.settings.replicates} replicates); each run of the edited plan is compared with it.`
      : b
        ? `B is ${b.label}.`
        : '';
  }

  private togglePin(): void {
    const { elements: el, runs } = this.options;
    if (runs.runs.baselinePinned) runs.runs.unpinBaseline();
    else runs.runs.pinBaseline(el.baselineName.value.trim() || 'baseline');
    runs.charts.fillZones();
    runs.charts.refresh();
  }

  /** Opens the B chosen and runs it. */
  private async runB(): Promise<void> {
    const { elements: el, sites, runs } = this.options;
    const plan = this.options.plan();
    if (!plan) return;
    const choice = el.choice.value;
    let opened: Opened;
    if (choice === 'no-fences') {
      // Run A's plan, which may no longer be the plan being edited: B then differs from A by the fences alone.
      const a = runs.runs.a;
      opened = await sites.check(plan.siteId, plan.source, withoutFences(a?.status === 'completed' && a.site.terrain === plan.site.terrain ? a.text : plan.text));
    } else opened = await sites.example(choice.slice('example:'.length));
    if (!opened.ok) {
      showProblems(el.problems, 'Scenario B cannot be opened', opened.problems);
      return;
    }
    runs.start('b', `B: ${el.choice.selectedOptions[0]?.textContent ?? opened.plan.site.name}`, opened.plan);
  }
}
