import type { ScenarioDocument } from '../editor/scenarioDocument.js';
import { removeViewpoint, saveViewpoint } from '../editor/viewpointCommands.js';
import type { ForestScene } from '../scene/sceneView.js';

export interface ViewpointElements {
  /** The plan's views; choosing one goes there. */
  select: HTMLSelectElement;
  /** The name the view is saved under. */
  name: HTMLInputElement;
  save: HTMLButtonElement;
  remove: HTMLButtonElement;
  /** The flat map's check box: going to a view leaves the map. */
  mapMode: HTMLInputElement;
}

export interface ViewpointOptions {
  elements: ViewpointElements;
  scene: ForestScene;
  document: ScenarioDocument;
}

/**
 * Named views of the site kept in the plan ("from the road"): *Save view* keeps the camera's view
 * under the name typed (replacing a view of that name), choosing a view goes back to it, *Remove*
 * drops the chosen one. Each is an edit of the plan, so the views travel with its file.
 */
export class ViewpointsController {
  constructor(private readonly options: ViewpointOptions) {
    const { elements: el, scene, document } = options;
    document.onChange(() => this.list());
    this.list();
    el.select.addEventListener('change', () => {
      el.remove.disabled = el.select.value === '';
      this.goTo(el.select.value);
    });
    el.save.addEventListener('click', () => {
      const view = scene.currentView();
      const name = el.name.value.trim();
      if (!view || name === '') return;
      document.execute(saveViewpoint({ name, ...view }));
      el.select.value = name;
    });
    el.remove.addEventListener('click', () => {
      if (el.select.value !== '') document.execute(removeViewpoint(el.select.value));
    });
  }

  /** Goes to the plan's view of that name. */
  goTo(name: string): void {
    const { elements: el, scene, document } = this.options;
    const view = (document.plan.viewpoints ?? []).find((v) => v.name === name);
    if (!view) return;
    if (el.mapMode.checked) {
      el.mapMode.checked = false;
      el.mapMode.dispatchEvent(new Event('change'));
    }
    scene.goTo(view);
    el.name.value = name;
  }

  private list(): void {
    const { select, remove } = this.options.elements;
    const chosen = select.value;
    const names = (this.options.document.plan.viewpoints ?? []).map((v) => v.name);
    select.replaceChildren(new Option(names.length ? 'Views…' : 'No saved views', ''), ...names.map((n) => new Option(n, n)));
    select.value = names.includes(chosen) ? chosen : '';
    remove.disabled = select.value === '';
  }
}
