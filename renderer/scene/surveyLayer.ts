/**
 * A survey's plots on the ground: each a disc at its radius (or its polygon) draped a little above the
 * terrain, filled with the colour of how it compares with the forecast, with a dark rim so it reads on
 * any shading, and drawn over the trees that stand on it; a plot too small to see at the view's scale
 * is drawn a few pixels across. Rebuilt whenever the plots, their colours or the scale change; a few
 * hundred plots at most.
 */
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateLineSystem } from '@babylonjs/core/Meshes/Builders/linesBuilder.js';
import type { LinesMesh } from '@babylonjs/core/Meshes/linesMesh.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { PlotStanding } from '../../sim/shared/surveyForecast.js';
import { buildMesh } from './meshBuild.js';

/** One plot as drawn: where it lies (terrain coordinates) and how it stands against the forecast. */
export interface PlotMark {
  x: number;
  y: number;
  /** A circle's radius, m; null for a polygon. */
  radius: number | null;
  ring: readonly (readonly [number, number])[] | null;
  standing: PlotStanding;
}

/** Fill of a plot by how its stems/ha stand against the forecast band: colour-blind safe, apart from the trees' greens. */
export const PLOT_COLORS: Readonly<Record<PlotStanding, readonly [number, number, number]>> = {
  below: [0.84, 0.19, 0.12],
  within: [0.17, 0.52, 0.85],
  above: [0.55, 0.26, 0.7],
  unknown: [0.96, 0.96, 0.96],
};

export interface SurveyLayerOptions {
  scene: Scene;
  west: number;
  south: number;
  heightAt: (xLocal: number, yLocal: number) => number;
}

/** The least a plot is drawn across on screen, in pixels: a plot of a few metres on a site-wide map is a dot. */
export const PLOT_MIN_PX = 4;

/** Above the ground and the zone outlines (0.5 m), below the editor's sketch (1.2 m). */
const LIFT_M = 0.8;
const SEGMENTS = 32;
const RIM: [number, number, number] = [0.1, 0.1, 0.1];

export class SurveyLayer {
  private fill: Mesh | null = null;
  private rim: LinesMesh | null = null;
  private readonly material: StandardMaterial;
  private visible = true;
  private plots: readonly PlotMark[] = [];
  /** The least radius a plot is drawn at, m: PLOT_MIN_PX at the view's scale when last drawn. */
  private minRadius = 0;

  constructor(private readonly options: SurveyLayerOptions) {
    this.material = new StandardMaterial('surveyPlots', options.scene);
    this.material.disableLighting = true;
    this.material.emissiveColor = new Color3(1, 1, 1);
    this.material.specularColor = new Color3(0, 0, 0);
    this.material.backFaceCulling = false;
    this.material.zOffset = -3;
  }

  /** Draws these plots in place of those drawn before (none: the layer is empty). */
  show(plots: readonly PlotMark[]): void {
    this.plots = plots;
    this.draw();
  }

  /**
   * Follows the view's scale (metres per pixel): a plot smaller than PLOT_MIN_PX across is drawn as a
   * disc of that size, its true shape once zoomed in. Redraws only when the scale has moved by a
   * quarter; returns whether it did.
   */
  followScale(metresPerPixel: number): boolean {
    const wanted = PLOT_MIN_PX * metresPerPixel;
    if (this.plots.length === 0 || (this.minRadius > 0 && Math.abs(Math.log(wanted / this.minRadius)) < Math.log(1.25))) return false;
    this.minRadius = wanted;
    this.draw();
    return true;
  }

  private draw(): void {
    this.clear();
    const plots = this.plots;
    if (plots.length === 0) return;
    const { west, south, heightAt, scene } = this.options;
    const positions: number[] = [];
    const indices: number[] = [];
    const colors: number[] = [];
    const rims: Vector3[][] = [];
    const at = (x: number, y: number) => [x, heightAt(x, y) + LIFT_M, y];
    for (const plot of plots) {
      const cx = plot.x - west;
      const cy = plot.y - south;
      const reach = plot.ring ? Math.max(...plot.ring.map(([x, y]) => Math.hypot(x - plot.x, y - plot.y))) : plot.radius!;
      const radius = Math.max(reach, this.minRadius);
      const outline =
        plot.ring && reach >= this.minRadius
          ? plot.ring.map(([x, y]) => [x - west, y - south] as const)
          : Array.from({ length: SEGMENTS }, (_, k) => [cx + radius * Math.cos((2 * Math.PI * k) / SEGMENTS), cy + radius * Math.sin((2 * Math.PI * k) / SEGMENTS)] as const);
      // A fan from the plot's point inside: a circle, or the convex shapes plots are laid out as.
      const first = positions.length / 3;
      const [r, g, b] = PLOT_COLORS[plot.standing];
      for (const [x, y] of [[cx, cy] as const, ...outline]) {
        positions.push(...at(x, y));
        colors.push(r, g, b, 1);
      }
      for (let k = 0; k < outline.length; k++) indices.push(first, first + 1 + k, first + 1 + ((k + 1) % outline.length));
      const rim = outline.map(([x, y]) => new Vector3(...(at(x, y) as [number, number, number])));
      rims.push([...rim, rim[0]]);
    }
    this.fill = buildMesh(scene, 'surveyPlots', { positions, indices, colors });
    this.fill.material = this.material;
    this.fill.isPickable = false;
    this.rim = CreateLineSystem('surveyPlotRims', { lines: rims, colors: rims.map((line) => line.map(() => new Color4(RIM[0], RIM[1], RIM[2], 1))) }, scene);
    this.rim.isPickable = false;
    // Drawn after the ground, the trees and the rest: a plot reads through the canopy that stands on it.
    this.fill.renderingGroupId = 1;
    this.rim.renderingGroupId = 1;
    this.setVisible(this.visible);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.fill?.setEnabled(visible);
    this.rim?.setEnabled(visible);
  }

  dispose(): void {
    this.plots = [];
    this.clear();
    this.material.dispose();
  }

  private clear(): void {
    this.fill?.dispose();
    this.rim?.dispose();
    this.fill = null;
    this.rim = null;
  }
}
