/**
 * The 3D view the page uses: one Babylon scene with sky, lights and an orbit camera, and the layers of
 * the open site (terrain, zones, fences, animals, browse heat map, trees). Run frames can arrive while
 * the view is shown; it fills in as they do. The page owns the render loop and calls `render()`.
 */
// Side effects: picking rays on Scene, thin instances on Mesh.
import '@babylonjs/core/Culling/ray.js';
import '@babylonjs/core/Meshes/thinInstanceMesh.js';
import { Camera } from '@babylonjs/core/Cameras/camera.js';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js';
import type { AbstractEngine } from '@babylonjs/core/Engines/abstractEngine.js';
import { SceneInstrumentation } from '@babylonjs/core/Instrumentation/sceneInstrumentation.js';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { headingOf, orbitOf, type ViewpointPose } from './viewpoints.js';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { Scene } from '@babylonjs/core/scene.js';
import type { PlanView, SiteView } from '../../sim/hostApi/api.js';
import { BrowseHeatmap } from './browseHeatmap.js';
import { FenceLayer } from './fenceLayer.js';
import type { ForestFrames } from './forestFrames.js';
import { HerdLayer } from './herdLayer.js';
import { TerrainLayer, type ShadingMode } from './terrainLayer.js';
import { TreeLayer } from './treeLayer.js';
import { SketchLayer, type SketchState } from './sketchLayer.js';
import { SurveyLayer, type PlotMark } from './surveyLayer.js';
import { ZoneLayer } from './zoneLayer.js';

export interface ForestSceneOptions {
  engine: AbstractEngine;
  /** When given, the camera takes mouse and touch input from it. */
  canvas?: HTMLCanvasElement;
}

export type SceneLayer = 'heatmap' | 'herbivores' | 'zones' | 'fences' | 'trees' | 'plots';

export type PickResult = { kind: 'tree'; index: number } | { kind: 'zone'; index: number } | { kind: 'fence'; index: number } | null;

export interface SceneStats {
  /** Draw calls of the last rendered frame (0 on a NullEngine, which draws nothing), or null when the engine keeps no count. */
  drawCalls: number | null;
  /** Trees drawn at the shown year. */
  treeInstances: number;
  /** Enabled tree meshes (each one draw call). */
  treeMeshes: number;
  activeMeshes: number;
  fps: number;
}

interface SiteLayers {
  site: SiteView;
  terrain: TerrainLayer;
  trees: TreeLayer;
  zones: ZoneLayer;
  fences: FenceLayer;
  herd: HerdLayer;
  heatmap: BrowseHeatmap;
  sketch: SketchLayer;
  /** A field survey's plots. */
  survey: SurveyLayer;
}

const HORIZON = new Color3(0.78, 0.86, 0.93);
const ZENITH = new Color3(0.33, 0.53, 0.83);
/** Pick tolerances, metres. */
const PICK_FENCE_M = 2.5;
const PICK_TREE_M = 3;
/** Breaches within this distance of a fence count as its own. */
const BREACH_NEAR_FENCE_M = 5;
/** Top-down view: the lowest angle the orbit camera allows without flipping. */
const MAP_BETA = 0.01;
const MAX_ORBIT_BETA = 1.45;
/** How long after the last input the view keeps rendering, ms: covers the camera's inertia. */
const INPUT_SETTLE_MS = 600;
const NO_BREACHES = new Float32Array(0);

export class ForestScene {
  readonly scene: Scene;
  readonly camera: ArcRotateCamera;
  private readonly engine: AbstractEngine;
  private readonly sky: Mesh;
  private readonly instrumentation: SceneInstrumentation | null;
  private layers: SiteLayers | null = null;
  private frames: ForestFrames | null = null;
  /** Set while frames are shown over a plan edited since their run (`setFrames`): the zones whose trees are drawn. */
  private zonesShown: Uint8Array | null = null;
  private year = 0;
  private fraction = 0;
  /** Year the trees, fences and heat map currently show; −1 none yet, −2 cleared while its frame has not arrived. */
  private appliedYear = -1;
  private shading: { mode: ShadingMode; species?: number } = { mode: 'elevation' };
  private readonly visible: Record<SceneLayer, boolean> = { heatmap: true, herbivores: true, zones: true, fences: true, trees: true, plots: true };
  private mapMode = false;
  /** Something shown changed since the last render (or the scene was not ready then). */
  private dirty = true;
  /** Camera input arrived recently: keep rendering so its inertia and wheel steps play out. */
  private inputUntil = 0;
  private orbit = { alpha: -Math.PI / 2 + 0.5, beta: 0.95 };
  /** The sketch last drawn, as JSON: an unchanged sketch is not drawn again. */
  private sketchKey = '';

  constructor(options: ForestSceneOptions) {
    this.engine = options.engine;
    const scene = new Scene(options.engine);
    this.scene = scene;
    scene.clearColor = new Color4(HORIZON.r, HORIZON.g, HORIZON.b, 1);
    scene.ambientColor = new Color3(0.3, 0.3, 0.3);
    scene.fogMode = Scene.FOGMODE_LINEAR;
    scene.fogColor = HORIZON.clone();

    const camera = new ArcRotateCamera('camera', this.orbit.alpha, this.orbit.beta, 1000, Vector3.Zero(), scene);
    camera.lowerRadiusLimit = 5;
    camera.lowerBetaLimit = MAP_BETA;
    camera.upperBetaLimit = MAX_ORBIT_BETA;
    camera.wheelDeltaPercentage = 0.01;
    camera.pinchDeltaPercentage = 0.01;
    // Pan across the ground rather than in the view plane.
    camera.mapPanning = true;
    camera.minZ = 1;
    // The wheel zooms towards the point under the pointer, as map viewers do.
    camera.zoomToMouseLocation = true;
    if (options.canvas) {
      camera.attachControl(true);
      const poke = () => (this.inputUntil = performance.now() + INPUT_SETTLE_MS);
      for (const type of ['pointerdown', 'pointermove', 'pointerup', 'wheel', 'keydown'] as const) {
        options.canvas.addEventListener(type, poke, { passive: true });
      }
    }
    this.camera = camera;

    const hemi = new HemisphericLight('skylight', new Vector3(0, 1, 0), scene);
    hemi.intensity = 0.55;
    hemi.groundColor = new Color3(0.28, 0.27, 0.3);
    // Sun from the south-east, shining north-west and down.
    const sun = new DirectionalLight('sun', new Vector3(-0.45, -0.75, 0.5), scene);
    sun.intensity = 0.85;

    this.sky = skyDome(scene);
    this.instrumentation = engineCountsDrawCalls(options.engine) ? new SceneInstrumentation(scene) : null;

    scene.onBeforeRenderObservable.add(() => {
      if (this.mapMode) {
        // A true map: orthographic, its scale following the zoom (the orbit radius).
        const half = camera.radius * Math.tan(camera.fov / 2);
        const aspect = this.engine.getAspectRatio(camera);
        camera.orthoTop = half;
        camera.orthoBottom = -half;
        camera.orthoLeft = -half * aspect;
        camera.orthoRight = half * aspect;
      }
      // Pan speed follows zoom so a drag moves the ground about as far as the pointer.
      camera.panningSensibility = 8000 / Math.max(1, camera.radius);
      this.layers?.trees.updateLod(camera.target.x, camera.target.z, camera.radius);
      // Survey plots stay a few pixels across however far out the view is zoomed.
      if (this.layers?.survey.followScale(this.metresPerPixel())) this.dirty = true;
      this.layers?.trees.flush();
    });
  }

  /**
   * Shows a site and its plan. A new terrain builds the ground and frames the camera on it; the same
   * terrain object again (another plan on the open site) keeps the ground and the camera and only
   * redraws the plan (`setPlan`).
   */
  setSite(site: SiteView): void {
    if (this.layers && this.layers.site.terrain === site.terrain) {
      this.setPlan(site);
      return;
    }
    this.disposeLayers();
    // The frames belong to the previous site; the caller sets the new site's own.
    this.frames = null;
    this.zonesShown = null;
    const scene = this.scene;
    const t = site.terrain;
    const terrain = new TerrainLayer({ scene, terrain: t });
    const origin = { west: t.west, south: t.south };
    this.layers = {
      site,
      terrain,
      ...this.planLayers(site, terrain, origin),
      herd: new HerdLayer({ scene, heightAt: (x, y) => terrain.heightAt(x, y), ...origin }),
      heatmap: new BrowseHeatmap({ scene, terrain, ...origin }),
      sketch: new SketchLayer({ scene, heightAt: (x, y) => terrain.heightAt(x, y), sampleM: t.cellSize, ...origin }),
      // A survey's plots lie on one site: another site starts with none.
      survey: new SurveyLayer({ scene, heightAt: (x, y) => terrain.heightAt(x, y), ...origin }),
    };
    // A new sketch layer starts empty, whatever the old one showed.
    this.sketchKey = '';
    terrain.setSuitability(site.suitability);
    terrain.setShading(this.shading.mode, this.shading.species);
    this.frameCamera();
    if (this.mapMode) this.fitMap();
    this.layers.trees.setFrames(this.frames);
    this.applyVisibility();
    this.appliedYear = -1;
    this.apply();
  }

  /**
   * Redraws the plan on the open site: zones, fences and the tree layer for its species, and the
   * suitability shading for them. The ground and the camera stay; frames of an earlier plan are dropped.
   */
  setPlan(plan: PlanView): void {
    const layers = this.layers;
    if (!layers) throw new Error('setPlan needs a site: call setSite first');
    layers.trees.dispose();
    layers.zones.dispose();
    layers.fences.dispose();
    this.frames = null;
    this.zonesShown = null;
    layers.site = { ...plan, terrain: layers.site.terrain };
    const t = layers.site.terrain;
    Object.assign(layers, this.planLayers(plan, layers.terrain, { west: t.west, south: t.south }));
    layers.terrain.setSuitability(plan.suitability);
    layers.terrain.setShading(this.shading.mode, this.shading.species);
    layers.trees.setFrames(null);
    layers.herd.show(undefined, 0);
    this.applyVisibility();
    this.appliedYear = -1;
    this.apply();
  }

  private planLayers(plan: PlanView, terrain: TerrainLayer, origin: { west: number; south: number }): Pick<SiteLayers, 'trees' | 'zones' | 'fences'> {
    const scene = this.scene;
    const heightAt = (x: number, y: number) => terrain.heightAt(x, y);
    return {
      trees: new TreeLayer({ scene, species: plan.species, heightAt, ...origin }),
      zones: new ZoneLayer({ scene, zones: plan.zones, heightAt, sampleM: terrain.cellSize, ...origin }),
      fences: new FenceLayer({ scene, fences: plan.fences, heightAt, sampleM: terrain.cellSize, ...origin }),
    };
  }

  /**
   * The ground point under a canvas point (CSS pixels), in the terrain's coordinates (metres east and
   * north in its CRS), or null off the site: where a click on the map lands.
   */
  groundPoint(screenX: number, screenY: number): [number, number] | null {
    const layers = this.layers;
    if (!layers) return null;
    const local = this.groundUnder(screenX, screenY);
    if (!local) return null;
    const t = layers.site.terrain;
    return [local[0] + t.west, local[1] + t.south];
  }

  /** Draws the editor's sketch: the shape being drawn, the selection and shapes with problems. */
  showSketch(state: Omit<SketchState, 'handleM'>): void {
    const full = { ...state, handleM: 6 * this.metresPerPixel() };
    // Every edit redraws the sketch, most often unchanged (a density typed in a panel): a frame of a
    // whole forest takes seconds in software, so the view renders only when the sketch changed.
    const key = JSON.stringify(full);
    if (key === this.sketchKey) return;
    this.sketchKey = key;
    this.layers?.sketch.show(full);
    this.dirty = true;
  }

  /** Draws a survey's plots on the ground, each filled by how it stands against the forecast; none clears them. */
  showSurveyPlots(plots: readonly PlotMark[]): void {
    this.layers?.survey.show(plots);
    this.dirty = true;
  }

  /** Metres of ground per CSS pixel at the camera's target: how far a few pixels of snapping reach. */
  metresPerPixel(): number {
    const camera = this.camera;
    const height = Math.max(1, this.engine.getRenderHeight() * this.engine.getHardwareScalingLevel());
    return (2 * camera.radius * Math.tan(camera.fov / 2)) / height;
  }

  /** The canvas point (CSS pixels) where a ground point in terrain coordinates appears, or null without a site. */
  screenPoint(x: number, y: number): [number, number] | null {
    const layers = this.layers;
    if (!layers) return null;
    const t = layers.site.terrain;
    const lx = x - t.west;
    const ly = y - t.south;
    const world = new Vector3(lx, layers.terrain.heightAt(lx, ly), ly);
    const engine = this.engine;
    const scale = engine.getHardwareScalingLevel();
    const viewport = this.camera.viewport.toGlobal(engine.getRenderWidth(), engine.getRenderHeight());
    const p = Vector3.Project(world, Matrix.Identity(), this.scene.getTransformMatrix(), viewport);
    return [p.x * scale, p.y * scale];
  }

  /** The ground point the camera looks at, in terrain coordinates, or null without a site. */
  viewCentre(): [number, number] | null {
    const t = this.layers?.site.terrain;
    return t ? [this.camera.target.x + t.west, this.camera.target.z + t.south] : null;
  }

  /** Back to the whole site: framed from the default angle, or fitted north-up in map mode. */
  homeView(): void {
    if (!this.layers) return;
    this.stopGliding();
    if (this.mapMode) this.fitMap();
    else {
      this.camera.alpha = -Math.PI / 2 + 0.5;
      this.camera.beta = 0.95;
      this.frameCamera();
    }
    this.dirty = true;
  }

  /** Drops what is left of the camera's glide after a drag or a wheel turn, so a view set now stays as set. */
  private stopGliding(): void {
    const c = this.camera;
    c.inertialAlphaOffset = 0;
    c.inertialBetaOffset = 0;
    c.inertialRadiusOffset = 0;
    c.inertialPanningX = 0;
    c.inertialPanningY = 0;
  }

  get isMapMode(): boolean {
    return this.mapMode;
  }

  /** The view as a plan's viewpoint keeps it: the target in terrain coordinates, heading, pitch and distance; null without a site. */
  currentView(): ViewpointPose | null {
    const t = this.layers?.site.terrain;
    if (!t) return null;
    const c = this.camera;
    return { target: [Math.round((c.target.x + t.west) * 100) / 100, Math.round((c.target.z + t.south) * 100) / 100], ...headingOf(c) };
  }

  /** Moves the camera to a viewpoint, looking at its target on the ground (leaving the flat map first). */
  goTo(view: ViewpointPose): void {
    const layers = this.layers;
    if (!layers) return;
    if (this.mapMode) this.setMapMode(false);
    const t = layers.site.terrain;
    const x = view.target[0] - t.west;
    const z = view.target[1] - t.south;
    this.stopGliding();
    const pose = orbitOf(view.heading, view.pitch, view.distance);
    this.camera.target = new Vector3(x, layers.terrain.heightAt(x, z), z);
    this.camera.alpha = pose.alpha;
    this.camera.beta = Math.min(Math.max(pose.beta, this.camera.lowerBetaLimit ?? 0), this.camera.upperBetaLimit ?? Math.PI);
    this.camera.radius = pose.radius;
    this.dirty = true;
  }

  /** Turns the camera's mouse input off while the editor drags a vertex or a shape, and on again. */
  setCameraInput(enabled: boolean): void {
    if (enabled) this.camera.attachControl(true);
    else this.camera.detachControl();
  }

  /**
   * Shows a run's frames on the plan drawn. `over` shows them over a plan edited since that run: only
   * the trees of the zones `over.zonesShown` marks (by the run's planting index + 1; zones the edit
   * left as they were), with no breaches or animals, which belong to the run's own fences and herd.
   */
  setFrames(frames: ForestFrames | null, over: { zonesShown: Uint8Array } | null = null): void {
    this.frames = frames;
    this.zonesShown = over?.zonesShown ?? null;
    this.layers?.trees.setFrames(frames, this.zonesShown);
    this.appliedYear = -1;
    this.apply();
  }

  /** New frames (or the layout) arrived in the frames shown: places new trees and fills in the shown year once it exists. */
  framesChanged(): void {
    if (!this.layers) return;
    const placed = this.layers.trees.sync();
    if (placed || this.appliedYear !== this.year) {
      this.appliedYear = -1;
      this.apply();
    }
  }

  /** Shows `year`; `fraction` (0–1) is the moment within the year for animals on their tracks. */
  showYear(year: number, fraction = 0): void {
    const yearChanged = year !== this.year;
    this.year = year;
    this.fraction = fraction;
    if (yearChanged) this.appliedYear = -1;
    this.apply();
  }

  setShading(mode: ShadingMode, speciesIndex?: number): void {
    this.shading = { mode, species: speciesIndex };
    this.layers?.terrain.setShading(mode, speciesIndex);
    this.dirty = true;
  }

  setLayerVisible(layer: SceneLayer, visible: boolean): void {
    const wasHidden = !this.visible[layer];
    this.visible[layer] = visible;
    this.applyVisibility();
    // The heat map is only recomputed while it is shown.
    if (layer === 'heatmap' && visible && wasHidden) this.layers?.heatmap.showYear(this.zonesShown ? null : this.frames, this.year);
  }

  /** Top-down, north up and east right; leaving it restores the orbit angles. */
  setMapMode(on: boolean): void {
    if (on === this.mapMode) return;
    this.mapMode = on;
    this.dirty = true;
    const camera = this.camera;
    if (on) {
      this.orbit = { alpha: camera.alpha, beta: camera.beta };
      camera.lowerAlphaLimit = camera.upperAlphaLimit = -Math.PI / 2;
      camera.upperBetaLimit = MAP_BETA;
      camera.alpha = -Math.PI / 2;
      camera.beta = MAP_BETA;
      camera.mode = Camera.ORTHOGRAPHIC_CAMERA;
      this.fitMap();
    } else {
      camera.lowerAlphaLimit = camera.upperAlphaLimit = null;
      camera.upperBetaLimit = MAX_ORBIT_BETA;
      camera.alpha = this.orbit.alpha;
      camera.beta = this.orbit.beta;
      camera.mode = Camera.PERSPECTIVE_CAMERA;
    }
  }

  /** What lies under a canvas point (CSS pixels): a fence within a few metres, else a tree, else a zone. */
  pick(screenX: number, screenY: number): PickResult {
    const layers = this.layers;
    if (!layers) return null;
    const ground = this.groundUnder(screenX, screenY);
    if (!ground) return null;
    const [x, z] = ground;
    // A few pixels either side, however far out the view is zoomed: a fence is a line on the map.
    const fence = layers.fences.fenceAt(x, z, Math.max(PICK_FENCE_M, 5 * this.metresPerPixel()));
    if (fence >= 0) return { kind: 'fence', index: fence };
    const frames = this.frames;
    // Hidden trees cannot be clicked: the pointer reaches the zone beneath them.
    if (frames && this.visible.trees && frames.frame(this.year)) {
      const t = layers.site.terrain;
      const tree = frames.nearestTree(x + t.west - frames.west, z + t.south - frames.south, this.year, PICK_TREE_M, this.zonesShown);
      if (tree >= 0) return { kind: 'tree', index: tree };
    }
    const zone = layers.zones.zoneAt(x, z);
    return zone >= 0 ? { kind: 'zone', index: zone } : null;
  }

  /** Index in SiteView.zones of the zone tree `index` stands in, or −1. */
  zoneOfTree(index: number): number {
    const layers = this.layers;
    const frames = this.frames;
    if (!layers || !frames || index >= frames.count) return -1;
    const t = layers.site.terrain;
    return layers.zones.zoneAt(frames.x[index] + frames.west - t.west, frames.y[index] + frames.south - t.south);
  }

  /** Open breaches at the shown year near fence `fenceIndex` (index in SiteView.fences). */
  breachesNear(fenceIndex: number): number {
    return this.layers?.fences.breachesNear(fenceIndex, BREACH_NEAR_FENCE_M) ?? 0;
  }

  render(): void {
    this.scene.render();
    // Shaders compile asynchronously: until the scene is ready a frame may lack some meshes.
    this.dirty = !this.scene.isReady();
  }

  /**
   * Renders only when the picture can have changed: shown state, camera input and inertia, or a
   * scene still compiling. An idle view then costs nothing, which matters with software rendering
   * and leaves the page free to take in a run's frames.
   */
  renderIfNeeded(): boolean {
    const c = this.camera;
    const moving =
      c.inertialAlphaOffset !== 0 || c.inertialBetaOffset !== 0 || c.inertialRadiusOffset !== 0 || c.inertialPanningX !== 0 || c.inertialPanningY !== 0;
    if (!this.dirty && !moving && performance.now() > this.inputUntil) return false;
    this.render();
    return true;
  }

  stats(): SceneStats {
    const trees = this.layers?.trees;
    return {
      drawCalls: this.instrumentation ? this.instrumentation.drawCallsCounter.current : null,
      treeInstances: trees?.drawn ?? 0,
      treeMeshes: trees ? trees.meshes.filter((m) => m.mesh.isEnabled()).length : 0,
      activeMeshes: this.scene.getActiveMeshes().length,
      fps: this.engine.getFps(),
    };
  }

  dispose(): void {
    this.disposeLayers();
    this.instrumentation?.dispose();
    this.scene.dispose();
  }

  /** Brings every layer to the shown year and fraction, doing the per-tree work only when the year changed. */
  private apply(): void {
    const layers = this.layers;
    if (!layers) return;
    this.dirty = true;
    const frame = this.frames?.frame(this.year);
    if (frame && this.appliedYear !== this.year) {
      layers.trees.showYear(this.year);
      layers.fences.showYear(this.year, this.zonesShown ? NO_BREACHES : frame.breaches);
      if (this.visible.heatmap) layers.heatmap.showYear(this.zonesShown ? null : this.frames, this.year);
      this.appliedYear = this.year;
    } else if (!frame && this.appliedYear !== -2) {
      // No frame for this year yet: nothing of another run or year may linger on the ground.
      layers.fences.showYear(this.year, NO_BREACHES);
      if (this.visible.heatmap) layers.heatmap.showYear(null, this.year);
      this.appliedYear = -2;
    }
    layers.herd.show(this.zonesShown ? undefined : frame, this.fraction);
  }

  private applyVisibility(): void {
    this.dirty = true;
    const layers = this.layers;
    if (!layers) return;
    layers.trees.setVisible(this.visible.trees);
    layers.zones.setVisible(this.visible.zones);
    layers.fences.setVisible(this.visible.fences);
    layers.herd.setVisible(this.visible.herbivores);
    layers.heatmap.setVisible(this.visible.heatmap);
    layers.survey.setVisible(this.visible.plots);
  }

  /** Centres the map on the site and zooms so all of it shows, with a margin. */
  private fitMap(): void {
    const terrain = this.layers?.terrain;
    if (!terrain) return;
    const w = terrain.widthM;
    const d = terrain.depthM;
    const aspect = this.engine.getAspectRatio(this.camera) || 1;
    this.camera.target = new Vector3(w / 2, terrain.heightAt(w / 2, d / 2), d / 2);
    this.camera.radius = (1.1 * Math.max(d / 2, w / 2 / aspect)) / Math.tan(this.camera.fov / 2);
  }

  private frameCamera(): void {
    const terrain = this.layers!.terrain;
    const w = terrain.widthM;
    const d = terrain.depthM;
    const size = Math.max(w, d, 1);
    const camera = this.camera;
    camera.target = new Vector3(w / 2, terrain.heightAt(w / 2, d / 2), d / 2);
    camera.radius = size * 1.05;
    camera.upperRadiusLimit = size * 3;
    camera.maxZ = size * 8;
    this.scene.fogStart = size * 1.5;
    this.scene.fogEnd = size * 6;
    // The dome follows the camera; it must sit inside the far plane.
    this.sky.scaling.setAll(size * 3);
  }

  /** Local ground point (x east, z north) under a canvas point, by marching the ray over the height field. */
  private groundUnder(screenX: number, screenY: number): [number, number] | null {
    const terrain = this.layers!.terrain;
    const ray = this.scene.createPickingRay(screenX, screenY, Matrix.Identity(), this.camera);
    const o = ray.origin;
    const dir = ray.direction;
    const top = terrain.reliefM + 1;
    // Start where the ray comes down through the top of the relief.
    let t = o.y > top && dir.y < 0 ? (o.y - top) / -dir.y : 0;
    const step = terrain.cellSize / 2;
    const end = this.camera.maxZ;
    let prevT = t;
    for (; t <= end; t += step) {
      const x = o.x + dir.x * t;
      const y = o.y + dir.y * t;
      const z = o.z + dir.z * t;
      if (y <= terrain.heightAt(x, z)) {
        // Bisect between the last point above ground and this one.
        let lo = prevT;
        let hi = t;
        for (let k = 0; k < 12; k++) {
          const mid = (lo + hi) / 2;
          if (o.y + dir.y * mid <= terrain.heightAt(o.x + dir.x * mid, o.z + dir.z * mid)) hi = mid;
          else lo = mid;
        }
        const gx = o.x + dir.x * hi;
        const gz = o.z + dir.z * hi;
        return terrain.isInside(gx, gz) ? [gx, gz] : null;
      }
      // Below the lowest ground and still going down: the ray missed the site.
      if (y < 0 && dir.y <= 0) return null;
      prevT = t;
    }
    return null;
  }

  private disposeLayers(): void {
    const layers = this.layers;
    if (!layers) return;
    layers.trees.dispose();
    layers.zones.dispose();
    layers.fences.dispose();
    layers.herd.dispose();
    layers.heatmap.dispose();
    layers.sketch.dispose();
    layers.survey.dispose();
    layers.terrain.dispose();
    this.layers = null;
  }
}

/** A unit sphere around the camera, coloured from horizon to zenith; scaled to the site in setSite. */
function skyDome(scene: Scene): Mesh {
  const sky = CreateSphere('sky', { diameter: 2, segments: 12, sideOrientation: 2 }, scene);
  const positions = sky.getVerticesData('position')!;
  const colors = new Float32Array((positions.length / 3) * 4);
  for (let v = 0; v < positions.length / 3; v++) {
    const t = Math.max(0, positions[v * 3 + 1]) ** 0.6;
    colors[v * 4] = HORIZON.r + (ZENITH.r - HORIZON.r) * t;
    colors[v * 4 + 1] = HORIZON.g + (ZENITH.g - HORIZON.g) * t;
    colors[v * 4 + 2] = HORIZON.b + (ZENITH.b - HORIZON.b) * t;
    colors[v * 4 + 3] = 1;
  }
  sky.setVerticesData('color', colors);
  const material = new StandardMaterial('sky', scene);
  material.disableLighting = true;
  material.emissiveColor = new Color3(1, 1, 1);
  material.diffuseColor = new Color3(0, 0, 0);
  material.fogEnabled = false;
  sky.material = material;
  sky.infiniteDistance = true;
  sky.isPickable = false;
  sky.applyFog = false;
  return sky;
}

/** WebGL and WebGPU engines (and NullEngine, which extends Engine) keep a draw-call counter; SceneInstrumentation needs it. */
function engineCountsDrawCalls(engine: AbstractEngine): boolean {
  return (engine as unknown as { _drawCalls?: unknown })._drawCalls !== undefined;
}
