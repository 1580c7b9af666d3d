/** Planting zone outlines draped on the ground, one colour per zone, all in one line mesh; also zone lookup for picking. */
import { CreateLineSystem } from '@babylonjs/core/Meshes/Builders/linesBuilder.js';
import type { LinesMesh } from '@babylonjs/core/Meshes/linesMesh.js';
import { Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { ZoneView } from '../../sim/hostApi/api.js';
import { densify, pointInPolygon } from './polyline.js';
import { zoneRgb } from '../../sim/shared/zonePalette.js';

export interface ZoneLayerOptions {
  scene: Scene;
  zones: readonly ZoneView[];
  west: number;
  south: number;
  /** Outline sample spacing, metres (the terrain cell size keeps the line on the ground). */
  sampleM: number;
  heightAt: (xLocal: number, yLocal: number) => number;
}

/** Lift above the ground so the outline is not buried in the terrain between samples. */
const LIFT_M = 0.5;

/** Colour of zone `index` (position in SiteView.zones), shared with any legend and the report's map. */
export function zoneColor(index: number): readonly [number, number, number] {
  return zoneRgb(index);
}

export class ZoneLayer {
  readonly mesh: LinesMesh | null;
  /** Zone polygons in local metres, flat [x0, y0, x1, y1, ...]. */
  private readonly polygons: Float64Array[];

  constructor(options: ZoneLayerOptions) {
    const { zones, west, south } = options;
    this.polygons = zones.map((z) => Float64Array.from(z.polygon.flatMap(([x, y]) => [x - west, y - south])));
    const lines: Vector3[][] = [];
    const colors: Color4[][] = [];
    this.polygons.forEach((poly, k) => {
      const pts = densify(poly, true, options.sampleM);
      const line: Vector3[] = [];
      for (let p = 0; p < pts.length; p += 2) line.push(new Vector3(pts[p], options.heightAt(pts[p], pts[p + 1]) + LIFT_M, pts[p + 1]));
      const [r, g, b] = zoneColor(k);
      lines.push(line);
      colors.push(line.map(() => new Color4(r, g, b, 1)));
    });
    this.mesh = lines.length > 0 ? CreateLineSystem('zones', { lines, colors }, options.scene) : null;
    if (this.mesh) this.mesh.isPickable = false;
  }

  /** Index (in SiteView.zones) of the first zone containing the local point, or −1. */
  zoneAt(xLocal: number, yLocal: number): number {
    return this.polygons.findIndex((poly) => pointInPolygon(poly, xLocal, yLocal));
  }

  setVisible(visible: boolean): void {
    this.mesh?.setEnabled(visible);
  }

  dispose(): void {
    this.mesh?.dispose();
  }
}
