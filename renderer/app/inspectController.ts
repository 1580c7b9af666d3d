import { inspectFence, inspectTree, inspectZone } from '../panels/inspectPanel.js';
import { centroid, type MapLabels } from '../panels/mapLabels.js';
import type { ForestScene } from '../scene/sceneView.js';
import type { RunView } from './runController.js';

export interface InspectOptions {
  /** Where the figures of what was clicked show. */
  box: HTMLElement;
  canvas: HTMLCanvasElement;
  scene: ForestScene;
  /** Rings what is inspected on the map. */
  labels: MapLabels;
  /** The run the map shows; nothing is inspected without one. */
  shown(): RunView | null;
  /** The year the timeline shows. */
  year(): number;
  /** Whether the map editor is navigating (a click in another mode edits the plan). */
  navigating(): boolean;
}

/**
 * Inspect: a left click on the map of a run, while navigating, shows the tree, zone or fence under
 * it. What was clicked stays shown, ringed on the map, and follows the year slider. A tree shows its
 * zone's figures after its own: with trees planted edge to edge, a click in a zone finds a tree.
 */
export class InspectController {
  private inspected: { kind: 'tree' | 'zone' | 'fence'; index: number } | null = null;

  constructor(private readonly options: InspectOptions) {
    options.canvas.addEventListener('pointerup', (e) => {
      if (!options.shown() || e.button !== 0 || !options.navigating()) return;
      const hit = options.scene.pick(e.offsetX, e.offsetY);
      if (!hit) return;
      this.inspected = hit;
      this.render();
    });
  }

  /** Shows what is inspected in the year now shown. */
  yearChanged(): void {
    if (this.inspected) this.render();
  }

  private render(): void {
    const { box, scene, labels } = this.options;
    const run = this.options.shown();
    if (!run || !this.inspected) {
      labels.setHighlight(null);
      return;
    }
    const year = this.options.year();
    const { kind, index } = this.inspected;
    if (kind === 'tree') {
      if (index >= run.frames.count) return;
      const info = run.frames.treeInfo(index, year);
      // Regenerated trees carry no zone in the frames: find it from where the tree stands.
      const zone = info.zone > 0 ? info.zone - 1 : scene.zoneOfTree(index);
      inspectTree(box, run.site, index, info, zone, year);
      if (zone >= 0) {
        const zoneBox = document.createElement('div');
        inspectZone(zoneBox, run.site.zones[zone], run.result, year, run.site.species);
        box.append(...zoneBox.childNodes);
      }
      labels.setHighlight([run.frames.west + run.frames.x[index], run.frames.south + run.frames.y[index]]);
    } else if (kind === 'zone' && run.site.zones[index]) {
      inspectZone(box, run.site.zones[index], run.result, year, run.site.species);
      labels.setHighlight(centroid(run.site.zones[index].polygon));
    } else if (kind === 'fence' && run.site.fences[index]) {
      const fence = run.site.fences[index];
      inspectFence(box, fence, scene.breachesNear(index), year, run.site.currency);
      labels.setHighlight(fence.path[Math.floor(fence.path.length / 2)]);
    }
    box.dataset.year = String(year);
  }
}
