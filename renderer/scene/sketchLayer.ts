/**
 * What the editor draws over the map: the shape being drawn, the selected shape with a handle on each
 * vertex, and every shape the plan's checks found a problem with, in red. Rebuilt whenever any of them
 * changes; a few hundred line segments at most.
 */
import { Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateLineSystem } from '@babylonjs/core/Meshes/Builders/linesBuilder.js';
import type { LinesMesh } from '@babylonjs/core/Meshes/linesMesh.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { densify } from './polyline.js';

type Point = readonly [number, number];

export interface SketchShape {
  /** Terrain coordinates. */
  points: readonly Point[];
  closed: boolean;
}

export interface SketchState {
  /** The shape being drawn, its last vertex following the pointer. */
  drawing?: SketchShape;
  /** The selected shape: drawn bright, with vertex handles. */
  selected?: SketchShape;
  /** Shapes with a problem. */
  problems?: readonly SketchShape[];
  /** Shapes a plan opened from a search changed or added, against the plan before it. */
  changed?: readonly SketchShape[];
  /** Shapes that plan took away (fences taken down), where they stood. */
  removed?: readonly SketchShape[];
  /** Side of a vertex handle, metres (about a fixed size on screen). */
  handleM: number;
}

export interface SketchLayerOptions {
  scene: Scene;
  west: number;
  south: number;
  heightAt: (xLocal: number, yLocal: number) => number;
  sampleM: number;
}

const DRAWING: [number, number, number] = [1, 0.95, 0.3];
/** White: no zone is drawn in it (sim/shared/zonePalette.ts). */
const SELECTED: [number, number, number] = [1, 1, 1];
const PROBLEM: [number, number, number] = [0.95, 0.15, 0.15];
const CHANGED: [number, number, number] = [1, 0.35, 0.85];
const REMOVED: [number, number, number] = [0.55, 0.55, 0.55];
/** Metres above the ground: above the zone outlines; a problem is drawn over the selection of the same shape. */
const LIFT_M = 1.2;
const PROBLEM_LIFT_M = 1.6;

export class SketchLayer {
  private mesh: LinesMesh | null = null;
  private visible = true;

  constructor(private readonly options: SketchLayerOptions) {}

  show(state: SketchState): void {
    this.mesh?.dispose();
    this.mesh = null;
    const lines: Vector3[][] = [];
    const colors: Color4[][] = [];
    const { west, south, heightAt, sampleM } = this.options;
    let lift = LIFT_M;
    const lifted = (x: number, y: number) => new Vector3(x, heightAt(x, y) + lift, y);
    const add = (line: Vector3[], rgb: [number, number, number]) => {
      lines.push(line);
      colors.push(line.map(() => new Color4(rgb[0], rgb[1], rgb[2], 1)));
    };
    const outline = (shape: SketchShape, rgb: [number, number, number]) => {
      if (shape.points.length < 2) return;
      const pts = densify(
        shape.points.flatMap(([x, y]) => [x - west, y - south]),
        shape.closed,
        sampleM,
      );
      const line: Vector3[] = [];
      for (let p = 0; p < pts.length; p += 2) line.push(lifted(pts[p], pts[p + 1]));
      add(line, rgb);
    };
    const handles = (shape: SketchShape, rgb: [number, number, number]) => {
      const h = state.handleM / 2;
      for (const [x0, y0] of shape.points) {
        const x = x0 - west;
        const y = y0 - south;
        add([lifted(x - h, y - h), lifted(x + h, y - h), lifted(x + h, y + h), lifted(x - h, y + h), lifted(x - h, y - h)], rgb);
      }
    };
    if (state.selected) {
      outline(state.selected, SELECTED);
      handles(state.selected, SELECTED);
    }
    if (state.drawing) {
      outline(state.drawing, DRAWING);
      handles(state.drawing, DRAWING);
    }
    for (const c of state.changed ?? []) outline(c, CHANGED);
    for (const r of state.removed ?? []) outline(r, REMOVED);
    lift = PROBLEM_LIFT_M;
    for (const p of state.problems ?? []) outline(p, PROBLEM);
    if (lines.length === 0) return;
    this.mesh = CreateLineSystem('sketch', { lines, colors }, this.options.scene);
    this.mesh.isPickable = false;
    this.mesh.setEnabled(this.visible);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.mesh?.setEnabled(visible);
  }

  dispose(): void {
    this.mesh?.dispose();
    this.mesh = null;
  }
}
