/**
 * Fences: a netting ribbon along each path from the ground to the fence height, posts every few metres
 * (thin instances of one box), and red markers where breaches are open. Colours follow the shown
 * year: a fence not yet installed is a faint ghost without posts, a removed one disappears, and a
 * standing one weathers from fresh timber to grey with age.
 */
import '@babylonjs/core/Meshes/thinInstanceMesh.js';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { CreateLines } from '@babylonjs/core/Meshes/Builders/linesBuilder.js';
import type { LinesMesh } from '@babylonjs/core/Meshes/linesMesh.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { FenceView } from '../../sim/hostApi/api.js';
import { buildMesh } from './meshBuild.js';
import { densify, distanceToPolyline } from './polyline.js';

export interface FenceLayerOptions {
  scene: Scene;
  fences: readonly FenceView[];
  west: number;
  south: number;
  heightAt: (xLocal: number, yLocal: number) => number;
  /** Ribbon sample spacing, metres (the terrain cell size keeps it on the ground). */
  sampleM: number;
  /** Distance between posts, metres. */
  postSpacingM?: number;
}

export type FenceState = 'planned' | 'standing' | 'removed';

interface FencePart {
  view: FenceView;
  ribbon: Mesh;
  /** The fence's line on the ground: what shows from above, where the upright ribbon has no width. */
  line: LinesMesh;
  material: StandardMaterial;
  /** Path in local metres, flat [x, y, ...]. */
  path: Float64Array;
  firstPost: number;
  postCount: number;
}

const NEW_COLOR: readonly [number, number, number] = [0.86, 0.7, 0.45];
const OLD_COLOR: readonly [number, number, number] = [0.45, 0.43, 0.4];
/** Years after which a fence has fully weathered to OLD_COLOR. */
const WEATHER_YEARS = 15;
const BREACH_MARKER_M = 3;
/** The ground line: dark timber, just above the zone outlines. */
export const LINE_COLOR = new Color3(0.33, 0.2, 0.08);
const LINE_LIFT_M = 0.8;

export function fenceState(fence: FenceView, year: number): FenceState {
  if (fence.removeYear !== null && year >= fence.removeYear) return 'removed';
  return year >= fence.installYear ? 'standing' : 'planned';
}

export class FenceLayer {
  readonly posts: Mesh;
  readonly breachMarkers: Mesh;
  private readonly parts: FencePart[] = [];
  private readonly postMatrices: Float32Array;
  private readonly postColors: Float32Array;
  private readonly postHeights: Float32Array;
  private readonly heightAt: (xLocal: number, yLocal: number) => number;
  private readonly west: number;
  private readonly south: number;
  private breachMatrices = new Float32Array(0);
  private breachCount = 0;
  private year = 0;
  private visible = true;

  constructor(options: FenceLayerOptions) {
    const { scene, fences, west, south, heightAt } = options;
    this.heightAt = heightAt;
    this.west = west;
    this.south = south;
    const spacing = options.postSpacingM ?? 4;
    const postXY: number[] = [];
    for (const view of fences) {
      const path = Float64Array.from(view.path.flatMap(([x, y]) => [x - west, y - south]));
      const material = new StandardMaterial(`fence:${view.name}`, scene);
      material.backFaceCulling = false;
      material.specularColor = new Color3(0, 0, 0);
      const sampled = densify(path, view.closed, options.sampleM);
      const ribbon = this.ribbon(scene, view, sampled);
      ribbon.material = material;
      const points: Vector3[] = [];
      for (let p = 0; p < sampled.length; p += 2) points.push(new Vector3(sampled[p], heightAt(sampled[p], sampled[p + 1]) + LINE_LIFT_M, sampled[p + 1]));
      const line = CreateLines(`fence:${view.name}:line`, { points }, scene);
      line.color = LINE_COLOR;
      line.isPickable = false;
      const postPoints = densify(path, view.closed, spacing);
      // A closed path repeats its first point at the end; one post there is enough.
      const usable = view.closed ? postPoints.length - 2 : postPoints.length;
      const firstPost = postXY.length / 3;
      for (let p = 0; p < usable; p += 2) postXY.push(postPoints[p], postPoints[p + 1], view.heightM);
      this.parts.push({ view, ribbon, line, material, path, firstPost, postCount: postXY.length / 3 - firstPost });
    }

    const postCount = postXY.length / 3;
    this.postMatrices = new Float32Array(Math.max(1, postCount) * 16);
    this.postColors = new Float32Array(Math.max(1, postCount) * 4);
    this.postHeights = new Float32Array(postCount);
    for (let k = 0; k < postCount; k++) {
      const x = postXY[3 * k];
      const y = postXY[3 * k + 1];
      this.postHeights[k] = postXY[3 * k + 2];
      const o = k * 16;
      this.postMatrices[o + 12] = x;
      this.postMatrices[o + 13] = heightAt(x, y);
      this.postMatrices[o + 14] = y;
      this.postMatrices[o + 15] = 1;
    }
    this.posts = unitBox(scene, 'fence:posts', 0.14, new Color3(1, 1, 1));
    this.posts.thinInstanceSetBuffer('matrix', this.postMatrices, 16, false);
    this.posts.thinInstanceSetBuffer('color', this.postColors, 4, false);
    this.posts.thinInstanceCount = postCount;
    this.breachMarkers = unitBox(scene, 'fence:breaches', 0.6, new Color3(0.95, 0.1, 0.08), new Color3(0.5, 0.02, 0.02));
    this.showYear(0, new Float32Array(0));
  }

  /** Colours and hides fences for `year`, and marks the open breaches ([x, y] pairs in CRS metres). */
  showYear(year: number, breaches: Float32Array): void {
    this.year = year;
    for (const part of this.parts) {
      const state = fenceState(part.view, year);
      part.ribbon.setEnabled(this.visible && state !== 'removed');
      part.line.setEnabled(this.visible && state !== 'removed');
      part.line.alpha = state === 'standing' ? 1 : 0.4;
      const age = Math.min(1, Math.max(0, (year - part.view.installYear) / WEATHER_YEARS));
      const r = NEW_COLOR[0] + (OLD_COLOR[0] - NEW_COLOR[0]) * age;
      const g = NEW_COLOR[1] + (OLD_COLOR[1] - NEW_COLOR[1]) * age;
      const b = NEW_COLOR[2] + (OLD_COLOR[2] - NEW_COLOR[2]) * age;
      part.material.diffuseColor.set(r, g, b);
      part.material.emissiveColor.set(r * 0.25, g * 0.25, b * 0.25);
      part.material.alpha = state === 'standing' ? 0.6 : 0.15;
      for (let k = part.firstPost; k < part.firstPost + part.postCount; k++) {
        const o = k * 16;
        const standing = state === 'standing';
        this.postMatrices[o] = standing ? 1 : 0;
        this.postMatrices[o + 5] = standing ? this.postHeights[k] + 0.2 : 0;
        this.postMatrices[o + 10] = standing ? 1 : 0;
        this.postColors[k * 4] = r;
        this.postColors[k * 4 + 1] = g;
        this.postColors[k * 4 + 2] = b;
        this.postColors[k * 4 + 3] = 1;
      }
    }
    if (this.parts.length > 0) {
      this.posts.thinInstanceBufferUpdated('matrix');
      this.posts.thinInstanceBufferUpdated('color');
    }
    this.setBreaches(breaches);
    this.applyVisibility();
  }

  /** Index (in SiteView.fences) of the nearest fence not removed at the shown year within `maxDist` metres of a local point, or −1. */
  fenceAt(xLocal: number, yLocal: number, maxDist: number): number {
    let best = -1;
    let bestDist = maxDist;
    this.parts.forEach((part, k) => {
      if (fenceState(part.view, this.year) === 'removed') return;
      const d = distanceToPolyline(part.path, part.view.closed, xLocal, yLocal);
      if (d <= bestDist) {
        bestDist = d;
        best = k;
      }
    });
    return best;
  }

  /** Open breaches at the shown year within `maxDist` metres of fence `index` (breaches are not tagged by fence). */
  breachesNear(index: number, maxDist: number): number {
    const part = this.parts[index];
    if (!part) return 0;
    let n = 0;
    for (let k = 0; k < this.breachCount; k++) {
      const o = k * 16;
      if (distanceToPolyline(part.path, part.view.closed, this.breachMatrices[o + 12], this.breachMatrices[o + 14]) <= maxDist) n++;
    }
    return n;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    for (const part of this.parts) {
      const shown = visible && fenceState(part.view, this.year) !== 'removed';
      part.ribbon.setEnabled(shown);
      part.line.setEnabled(shown);
    }
    this.applyVisibility();
  }

  dispose(): void {
    for (const part of this.parts) {
      part.ribbon.dispose();
      part.line.dispose();
      part.material.dispose();
    }
    this.posts.material?.dispose();
    this.posts.dispose();
    this.breachMarkers.material?.dispose();
    this.breachMarkers.dispose();
  }

  private setBreaches(breaches: Float32Array): void {
    const n = breaches.length / 2;
    if (n * 16 > this.breachMatrices.length) {
      this.breachMatrices = new Float32Array(Math.max(16, Math.ceil(n * 1.5)) * 16);
      this.breachMarkers.thinInstanceSetBuffer('matrix', this.breachMatrices, 16, false);
    }
    for (let k = 0; k < n; k++) {
      const x = breaches[2 * k] - this.west;
      const y = breaches[2 * k + 1] - this.south;
      const o = k * 16;
      this.breachMatrices.fill(0, o, o + 16);
      this.breachMatrices[o] = 1;
      this.breachMatrices[o + 5] = BREACH_MARKER_M;
      this.breachMatrices[o + 10] = 1;
      this.breachMatrices[o + 12] = x;
      this.breachMatrices[o + 13] = this.heightAt(x, y);
      this.breachMatrices[o + 14] = y;
      this.breachMatrices[o + 15] = 1;
    }
    this.breachCount = n;
    if (this.breachMatrices.length > 0) {
      this.breachMarkers.thinInstanceCount = n;
      this.breachMarkers.thinInstanceBufferUpdated('matrix');
    }
  }

  private applyVisibility(): void {
    // A thin-instanced mesh with no instances would draw its template at the origin.
    this.posts.setEnabled(this.visible && this.parts.some((p) => p.postCount > 0));
    this.breachMarkers.setEnabled(this.visible && this.breachCount > 0);
  }

  private ribbon(scene: Scene, view: FenceView, pts: Float64Array): Mesh {
    const n = pts.length / 2;
    const positions = new Float32Array(n * 2 * 3);
    const indices: number[] = [];
    for (let p = 0; p < n; p++) {
      const x = pts[2 * p];
      const y = pts[2 * p + 1];
      const ground = this.heightAt(x, y);
      positions.set([x, ground + 0.1, y, x, ground + view.heightM, y], p * 6);
      if (p > 0) {
        const a = (p - 1) * 2;
        indices.push(a, a + 1, a + 2, a + 1, a + 3, a + 2);
      }
    }
    const mesh = buildMesh(scene, `fence:${view.name}`, { positions, indices: Uint32Array.from(indices) });
    mesh.isPickable = false;
    return mesh;
  }
}

/** A box `width` wide and one metre tall standing on its base, for scaling per instance. */
function unitBox(scene: Scene, name: string, width: number, color: Color3, emissive = new Color3(0, 0, 0)): Mesh {
  const box = CreateBox(name, { width, depth: width, height: 1 }, scene);
  box.bakeTransformIntoVertices(Matrix.Translation(0, 0.5, 0));
  const material = new StandardMaterial(name, scene);
  material.diffuseColor = color;
  material.emissiveColor = emissive;
  material.specularColor = new Color3(0, 0, 0);
  box.material = material;
  box.isPickable = false;
  box.alwaysSelectAsActiveMesh = true;
  return box;
}
