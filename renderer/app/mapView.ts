import { Engine } from '@babylonjs/core/Engines/engine.js';
import type { SiteView } from '../../sim/hostApi/api.js';
import { MapLabels } from '../panels/mapLabels.js';
import { MapLegend, type LegendSection } from '../panels/mapLegend.js';
import { MapOverlay } from '../panels/mapOverlay.js';
import { ForestScene, type SceneLayer } from '../scene/sceneView.js';
import type { PlotMark } from '../scene/surveyLayer.js';
import type { ShadingMode } from '../scene/shadingRamps.js';
import { isSoftwareRenderer } from '../scene/softwareRenderer.js';
import type { RunView } from './runController.js';

export interface MapElements {
  canvas: HTMLCanvasElement;
  northArrow: HTMLElement;
  scale: HTMLElement;
  /** The legend of the ground's shading and of what is drawn, with the readout under the pointer. */
  legend: HTMLElement;
  cursorReadout: HTMLElement;
  /** Zone names over the map and the ring round what is inspected. */
  labels: HTMLElement;
}

/** The view controls: ground shading, home view, layers shown and the flat map mode. */
export interface MapControlElements {
  shading: HTMLSelectElement;
  home: HTMLElement;
  /** One check box per layer, in the order the page lists them. */
  layers: [SceneLayer, HTMLInputElement][];
  mapMode: HTMLInputElement;
}

/**
 * The 3D view of the site and what is drawn over it: the north arrow and scale bar, the zone labels
 * and the legend. The scene is drawn only when something changed; the legend and labels describe
 * the site shown, and follow it when another is shown. The first trees drawn, and the first frame
 * of each run shown, are marked for the benchmark (`reforest:first-trees-drawn`,
 * `reforest:run-frame-drawn`).
 */
export class MapView {
  readonly engine: Engine;
  readonly forest: ForestScene;
  readonly labels: MapLabels;
  private readonly overlay: MapOverlay;
  private readonly legend: MapLegend;
  private shadingMode: ShadingMode = 'elevation';
  /** The site and plan the map draws now, which the legend and labels describe. */
  private site: SiteView | null = null;
  /** A run shown whose first frame has not been drawn yet. */
  private awaitingFrame: RunView | null = null;

  constructor(private readonly elements: MapElements) {
    const { canvas } = elements;
    const software = isSoftwareRenderer();
    this.engine = new Engine(canvas, !software, { preserveDrawingBuffer: true, stencil: true, antialias: !software });
    this.forest = new ForestScene({ engine: this.engine, canvas });
    this.overlay = new MapOverlay(this.forest, elements.northArrow, elements.scale);
    this.legend = new MapLegend(elements.legend, elements.cursorReadout);
    this.labels = new MapLabels(this.forest, elements.labels);
  }

  get canvas(): HTMLCanvasElement {
    return this.elements.canvas;
  }

  /** How the ground is shaded now. */
  get shading(): ShadingMode {
    return this.shadingMode;
  }

  /** The site the map draws now (null before any). */
  get siteShown(): SiteView | null {
    return this.site;
  }

  /**
   * Starts drawing (on each animation frame, when something changed) and following the window's
   * size. `onFirstTrees` gets the time (from the page's navigation start) the first trees were drawn.
   */
  startRendering(onFirstTrees: (ms: number) => void): void {
    const { forest } = this;
    let firstFrameSeen = false;
    this.engine.runRenderLoop(() => {
      if (!forest.renderIfNeeded()) return;
      this.overlay.update();
      this.labels.update();
      if (!firstFrameSeen && forest.stats().treeInstances > 0 && forest.scene.isReady()) {
        firstFrameSeen = true;
        // performance.now() counts from the page's navigation start.
        onFirstTrees(performance.now());
        performance.mark('reforest:first-trees-drawn');
      }
      // Each run's first drawn frame, for the edit-to-first-frame benchmark.
      if (this.awaitingFrame && this.awaitingFrame.frames.lastYear >= 0) {
        this.awaitingFrame = null;
        performance.mark('reforest:run-frame-drawn');
      }
    });
    window.addEventListener('resize', () => {
      this.engine.resize();
      forest.render();
    });
  }

  /** Draws a site and plan; the legend and labels follow when it is another one. */
  showSite(site: SiteView): void {
    this.forest.setSite(site);
    if (site !== this.site) {
      this.site = site;
      this.legend.show(site, this.shadingMode);
      this.labels.setZones(site.zones);
    }
  }

  /** Draws a survey's plots on the map with their section of the legend; none (and null) clears both. */
  showSurveyPlots(plots: readonly PlotMark[], legend: LegendSection | null): void {
    this.forest.showSurveyPlots(plots);
    this.legend.setSection(legend);
  }

  /** Marks the first frame of this run drawn, once it has one. */
  awaitFirstFrame(view: RunView): void {
    this.awaitingFrame = view;
  }

  /** Wires the view controls; the heat map starts hidden. */
  bindControls(el: MapControlElements): void {
    const { forest, legend, labels } = this;
    el.shading.addEventListener('change', () => {
      this.shadingMode = el.shading.value as ShadingMode;
      forest.setShading(this.shadingMode);
      if (this.site) legend.show(this.site, this.shadingMode);
    });
    el.home.addEventListener('click', () => forest.homeView());
    // The readout follows the pointer, once per animation frame at most.
    let pointerAt: [number, number] | null = null;
    this.canvas.addEventListener('pointermove', (e) => {
      const first = pointerAt === null;
      pointerAt = [e.offsetX, e.offsetY];
      if (first) {
        requestAnimationFrame(() => {
          if (pointerAt) legend.readAt(forest.groundPoint(pointerAt[0], pointerAt[1]));
          pointerAt = null;
        });
      }
    });
    this.canvas.addEventListener('pointerleave', () => legend.readAt(null));
    for (const [layer, box] of el.layers) {
      box.addEventListener('change', () => {
        const on = box.checked;
        forest.setLayerVisible(layer, on);
        if (layer === 'zones') labels.setVisible(on);
      });
    }
    forest.setLayerVisible('heatmap', false);
    el.mapMode.addEventListener('change', () => forest.setMapMode(el.mapMode.checked));
  }
}
