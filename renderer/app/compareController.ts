import type { ExampleEntry } from '../../sim/hostApi/api.js';
import type { ChartPanel, PanelLayout } from '../charts/chartPanel.js';
import { showProblems } from '../panels/problemsView.js';
import type { OpenPlan } from './editorController.js';
import type { RunsView } from './runsView.js';
import { withoutFences } from './scenarioVariants.js';
import type { Opened, Sites } from './sites.js';

export interface CompareElements {
  /** What B is: A without its fences, or an example. */
  choice: HTMLSelectElement;
  run: HTMLElement;
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
 * The comparison of A with B: B is A without its fences (a plan on A's own site, so its terrain is
 * neither read nor sent again) or an example, run with A's seed and replicates; the charts overlay
 * the two or set them side by side, for the zone chosen.
 */
export class CompareController {
  constructor(private readonly options: CompareOptions) {
    const { elements: el, examples, runs, panel } = options;
    el.choice.replaceChildren(new Option('Scenario A without fences', 'no-fences'), ...examples.map((e) => new Option(e.name, `example:${e.id}`)));
    el.run.addEventListener('click', () => void this.runB());
    el.layout.addEventListener('change', () => panel.setLayout(el.layout.value as PanelLayout));
    el.zone.addEventListener('change', () => runs.charts.refresh());
  }

  /** Opens the B chosen and runs it. */
  private async runB(): Promise<void> {
    const { elements: el, sites, runs } = this.options;
    const plan = this.options.plan();
    if (!plan) return;
    const choice = el.choice.value;
    let opened: Opened;
    if (choice === 'no-fences') opened = await sites.check(plan.siteId, plan.source, withoutFences(plan.text));
    else opened = await sites.example(choice.slice('example:'.length));
    if (!opened.ok) {
      showProblems(el.problems, 'Scenario B cannot be opened', opened.problems);
      return;
    }
    runs.start('b', 'B', opened.plan);
  }
}
