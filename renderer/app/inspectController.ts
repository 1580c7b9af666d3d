import { inspectFence, inspectTree, inspectZone } from '../panels/inspectPanel.js';
import { centroid, type MapLabels } from '../panels/mapLabels.js';
import type { ForestScene } from '../scene/sceneView.js';
import type { SiteView } from '../../sim/hostApi/api.js';
import { runZoneOf } from './keptZones.js';
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
  /** The plan drawn over that run when the plan was edited since it ran (its zones and fences are on the map); null otherwise. */
  planOverRun(): SiteView | null;
  /** The year the timeline shows. */
  year(): number;
  /** Whether the map editor is navigating (a click in another mode edits the plan). */
  navigating(): boolean;
  /**
   * A survey's plots on the map: the plot under a canvas point (−1 for none), found before anything
   * else and with or without a run; `inspect` shows its tallies and returns where it lies, to ring it.
   */
  plots?: { plotAt(screenX: number, screenY: number): number; inspect(box: HTMLElement, index: number): [number, number] | null };
}

/**
 * Inspect: a left click on the map of a run, while navigating, shows the tree, zone or fence under
 * it. What was clicked stays shown, ringed on the map, and follows the year slider. A tree shows its
 * zone's figures after its own: with trees planted edge to edge, a click in a zone finds a tree.
 */
export class InspectController {
  private inspected: { kind: 'tree' | 'zone' | 'fence' | 'plot'; index: number } | null = null;

  constructor(private readonly options: InspectOptions) {
    options.canvas.addEventListener('pointerup', (e) => {
      if (e.button !== 0 || !options.navigating()) return;
      const plot = options.plots?.plotAt(e.offsetX, e.offsetY) ?? -1;
      if (plot >= 0) {
        this.inspected = { kind: 'plot', index: plot };
        this.render();
        return;
      }
      if (!options.shown()) return;
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
    if (this.inspected?.kind === 'plot') {
      labels.setHighlight(this.options.plots?.inspect(box, this.inspected.index) ?? null);
      return;
    }
    if (!run || !this.inspected) {
      labels.setHighlight(null);
      return;
    }
    const year = this.options.year();
    const { kind, index } = this.inspected;
    // The zones and fences on the map: the run's own plan, or the plan edited since.
    const drawn = this.options.planOverRun() ?? run.site;
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
    } else if (kind === 'zone' && drawn.zones[index]) {
      // A zone the edit changed has no run yet: its plan, without figures.
      const zone = drawn === run.site ? run.site.zones[index] : runZoneOf(run.site, drawn.zones[index]);
      inspectZone(box, zone ?? drawn.zones[index], zone ? run.result : null, year, drawn.species);
      labels.setHighlight(centroid(drawn.zones[index].polygon));
    } else if (kind === 'fence' && drawn.fences[index]) {
      const fence = drawn.fences[index];
      inspectFence(box, fence, drawn === run.site ? scene.breachesNear(index) : 0, year, drawn.currency);
      labels.setHighlight(fence.path[Math.floor(fence.path.length / 2)]);
    }
    box.dataset.year = String(year);
  }
}
