import type { ScenarioSource } from '../../sim/hostApi/api.js';
import { siteSummary } from '../panels/inspectPanel.js';
import { showProblems } from '../panels/problemsView.js';
import type { ProgressView } from '../panels/progressView.js';
import type { EditorController } from './editorController.js';
import type { MapView } from './mapView.js';
import type { Placed } from './pickedFiles.js';
import type { RunSettings } from './runSettings.js';
import type { RunsView } from './runsView.js';
import { bareSite, type Opened, type Sites } from './sites.js';

/** A new site's scenario, as newSiteFiles makes it: its text and the files it names, the elevation model first. */
export interface NewSite {
  text: string;
  files: Placed<{ name: string }>[];
}

export interface PlanOpenerOptions {
  sites: Sites;
  editor: Pick<EditorController, 'load' | 'loadUnchecked'>;
  runs: RunsView;
  map: MapView;
  settings: RunSettings;
  progress: ProgressView;
  elements: { problems: HTMLElement; siteInfo: HTMLElement };
  /** Tells the views that study the plan (strategies, the search) that another plan is open. */
  planChanged(text: string): void;
}

/**
 * What the page does when a plan is opened as A, however it was picked (an example, files, a sweep's
 * variant, the desktop app): the editor starts on it, the toolbar shows its seed and replicates, any
 * comparison with the plan before ends, and it runs at once. A new site from an elevation model
 * starts with no runs and an empty plan to draw in.
 */
export class PlanOpener {
  constructor(private readonly options: PlanOpenerOptions) {}

  /** Opens a plan as A and runs it; `label` names it if it cannot be opened. */
  async openScenario(opened: Opened, label: string): Promise<void> {
    const { editor, settings, runs } = this.options;
    if (!opened.ok) {
      showProblems(this.options.elements.problems, `${label} cannot be opened`, opened.problems);
      return;
    }
    performance.mark('reforest:site-opened');
    const plan = opened.plan;
    editor.load(plan);
    this.options.planChanged(plan.text);
    settings.show(plan.site.seed, plan.site.replicates);
    // A new scenario A ends any comparison with the old one.
    runs.runs.clearB();
    runs.start('a', 'A', plan);
  }

  /** Opens an elevation model as a new site with an empty plan. */
  async openNewSite(source: ScenarioSource, made: NewSite): Promise<void> {
    const { sites, editor, runs, map, progress, elements } = this.options;
    const site = await sites.openBare(source, made.text);
    if (!site.ok) {
      showProblems(elements.problems, `${made.files[0].file.name} cannot be opened as a site`, site.problems);
      return;
    }
    showProblems(elements.problems, '', []);
    runs.clear();
    const bare = bareSite(made.text, site.terrain);
    map.showSite(bare);
    siteSummary(elements.siteInfo, bare, { seed: bare.seed, replicates: bare.replicates });
    editor.loadUnchecked({ source, siteId: site.siteId, terrain: site.terrain }, made.text);
    progress.message(`New site on ${made.files[0].file.name}: draw a planting zone, then Run.`);
    runs.publish();
  }
}
