import type { ExampleEntry, HostApi, ScenarioSource } from '../../sim/hostApi/api.js';
import { MAX_SCENARIO_BYTES } from '../../sim/shared/fileLimits.js';
import { showProblems } from '../panels/problemsView.js';
import type { ProgressView } from '../panels/progressView.js';
import { arrangeScenarioFiles, newSiteFiles, type Placed, uploadPlaced } from './pickedFiles.js';
import type { PlanOpener } from './planOpener.js';
import type { Sites } from './sites.js';

export interface ScenarioPickerElements {
  /** The built-in examples. */
  examples: HTMLSelectElement;
  /** Open file…: a scenario with the files it names, picked together. */
  files: HTMLInputElement;
  /** Open folder…: the folder holding a scenario and its files. */
  folder: HTMLInputElement;
  /** Which scenario of a folder holding several; hidden otherwise. */
  folderScenario: HTMLSelectElement;
  /** New site from DEM…: an elevation model, with its .prj. */
  dem: HTMLInputElement;
  problems: HTMLElement;
}

export interface ScenarioPickerOptions {
  host: HostApi;
  elements: ScenarioPickerElements;
  examples: readonly ExampleEntry[];
  sites: Sites;
  opener: PlanOpener;
  /** Says how far sending the picked files has got. */
  progress: ProgressView;
}

/** The scenario files among those picked, in the order of their paths. */
function scenariosAmong(picked: readonly File[]): File[] {
  return picked.filter((f) => /\.json$/i.test(f.name)).sort((a, b) => (a.webkitRelativePath || a.name).localeCompare(b.webkitRelativePath || b.name));
}

/**
 * The ways to open a plan as A: an example, a scenario file with the files it names, a folder holding
 * them (a folder of several scenarios asks which one), and a new site from an elevation model. Picked
 * files are sent to the host, each where the scenario's relative paths find it, as the CLI would;
 * picking the same files again opens them again.
 */
export class ScenarioPickers {
  /** The files of the folder last picked, while the user chooses which of its scenarios to open. */
  private folderPicked: File[] = [];

  constructor(private readonly options: ScenarioPickerOptions) {
    const { elements: el, examples, sites, opener } = options;
    el.examples.replaceChildren(...examples.map((e) => new Option(e.name, e.id)));
    el.examples.addEventListener('change', async () => opener.openScenario(await sites.example(el.examples.value), el.examples.selectedOptions[0].text));
    el.folderScenario.addEventListener('change', async () => {
      const chosen = scenariosAmong(this.folderPicked)[Number(el.folderScenario.value)];
      if (!chosen || el.folderScenario.value === '') return;
      el.folderScenario.hidden = true;
      await this.openPickedScenario(chosen, this.folderPicked);
    });
    for (const input of [el.files, el.folder]) {
      input.addEventListener('change', async () => {
        const picked = [...(input.files ?? [])];
        input.value = ''; // picking the same files again opens them again
        if (picked.length) await this.openPicked(picked, input === el.folder ? 'files of the folder' : 'files picked');
      });
    }
    el.dem.addEventListener('change', async () => {
      const picked = [...(el.dem.files ?? [])];
      el.dem.value = '';
      if (!picked.length) return;
      const made = newSiteFiles(picked);
      if (!made.ok) {
        showProblems(el.problems, 'No new site', made.problems);
        return;
      }
      const folderId = await this.sendFiles(made.files);
      if (!folderId) return;
      await opener.openNewSite({ kind: 'upload', folderId, path: made.scenarioPath }, made);
    });
  }

  /**
   * Opens the built-in default scenario (or the first example), already running, so a new user sees
   * a forest at once, unless `skip` (the desktop app is opening a scenario of its own).
   */
  async openDefault(skip: boolean): Promise<void> {
    const { examples, elements, sites, opener, progress } = this.options;
    const first = examples.find((e) => e.id === 'default') ?? examples[0];
    if (!first) {
      progress.message('No example scenarios found; open a scenario file.');
      return;
    }
    if (skip) return;
    elements.examples.value = first.id;
    await opener.openScenario(await sites.example(first.id), first.name);
  }

  /** Opens a scenario the user picked, sending the host the files it names from among those picked with it. */
  async openPickedScenario(scenario: File, picked: File[]): Promise<void> {
    const { elements, sites, opener } = this.options;
    if (scenario.size > MAX_SCENARIO_BYTES) {
      showProblems(elements.problems, `${scenario.name} cannot be opened`, [{ file: scenario.name, message: `is ${(scenario.size / 2 ** 20).toFixed(0)} MiB; a scenario file is at most ${MAX_SCENARIO_BYTES / 2 ** 20} MiB (rasters go in their own files)` }]);
      return;
    }
    const text = await scenario.text();
    const arranged = arrangeScenarioFiles(scenario, text, picked);
    if (!arranged.ok) {
      showProblems(elements.problems, `${scenario.name} cannot be opened`, arranged.problems);
      return;
    }
    let source: ScenarioSource = { kind: 'text', fileName: scenario.name };
    if (arranged.files.length > 0) {
      const folderId = await this.sendFiles(arranged.files);
      if (!folderId) return;
      source = { kind: 'upload', folderId, path: arranged.scenarioPath };
    }
    await opener.openScenario(await sites.open(source, text), scenario.name);
  }

  /** Opens the one scenario among the files picked, or asks which when there are several. */
  private async openPicked(picked: File[], what: string): Promise<void> {
    const el = this.options.elements;
    const scenarios = scenariosAmong(picked);
    el.folderScenario.hidden = true;
    if (scenarios.length === 0) {
      showProblems(el.problems, `No scenario among the ${what}`, [{ message: `pick a scenario file (.json) with the files it names; picked: ${picked.slice(0, 6).map((f) => f.name).join(', ')}${picked.length > 6 ? ', …' : ''}` }]);
      return;
    }
    if (scenarios.length > 1) {
      // A folder of several scenarios: the user chooses one, and its files come from the same folder.
      this.folderPicked = picked;
      el.folderScenario.replaceChildren(new Option(`Choose one of ${scenarios.length} scenarios…`, ''), ...scenarios.map((f, i) => new Option(f.webkitRelativePath || f.name, String(i))));
      el.folderScenario.hidden = false;
      el.folderScenario.focus();
      return;
    }
    await this.openPickedScenario(scenarios[0], picked);
  }

  /** Sends picked files to the host, showing how far it has got; null (and the reason shown) on failure. */
  private async sendFiles(placed: Placed<File>[]): Promise<string | null> {
    const { host, progress, elements } = this.options;
    try {
      return await uploadPlaced(host, placed, (sent, total) => progress.message(`Sending ${placed.map((p) => p.file.name).join(', ')}: ${Math.round((100 * sent) / Math.max(1, total))}%`));
    } catch (err) {
      showProblems(elements.problems, 'The files could not be sent to the host', [{ message: (err as Error).message }]);
      return null;
    }
  }
}
