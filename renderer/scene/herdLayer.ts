/**
 * Browsing animals: one low-poly deer (body, legs, head) thin-instanced per animal, placed along the
 * year's tracks by the fraction of the year and turned to face where it is heading.
 */
import '@babylonjs/core/Meshes/thinInstanceMesh.js';
import { CreateBoxVertexData } from '@babylonjs/core/Meshes/Builders/boxBuilder.js';
import { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import { Matrix } from '@babylonjs/core/Maths/math.vector.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { YearFrame } from '../../sim/results/frames.js';

export interface HerdLayerOptions {
  scene: Scene;
  west: number;
  south: number;
  heightAt: (xLocal: number, yLocal: number) => number;
  /** Size multiplier so animals read at landscape scale (1 = life size). */
  animalScale?: number;
}

export class HerdLayer {
  readonly mesh: Mesh;
  /** Animals placed at the shown moment. */
  count = 0;
  private readonly west: number;
  private readonly south: number;
  private readonly heightAt: (xLocal: number, yLocal: number) => number;
  private readonly scale: number;
  private matrices = new Float32Array(0);
  /** Last heading per animal (unit x, z), kept while an animal stands still. */
  private heading = new Float32Array(0);
  private visible = true;

  constructor(options: HerdLayerOptions) {
    this.west = options.west;
    this.south = options.south;
    this.heightAt = options.heightAt;
    this.scale = options.animalScale ?? 2;
    this.mesh = deerMesh(options.scene);
    this.mesh.setEnabled(false);
  }

  /** Places every animal at `fraction` (0–1) of the frame's year, interpolating between track samples. */
  show(frame: YearFrame | undefined, fraction: number): void {
    const samples = frame?.trackSamples ?? 0;
    const animals = frame?.animals ?? 0;
    if (!frame || samples === 0 || animals === 0 || frame.tracks.length < samples * animals * 2) {
      this.count = 0;
      this.applyVisibility();
      return;
    }
    if (this.matrices.length < animals * 16) {
      this.matrices = new Float32Array(animals * 16);
      this.heading = new Float32Array(animals * 2);
      for (let a = 0; a < animals; a++) this.heading[2 * a] = 1;
      this.mesh.thinInstanceSetBuffer('matrix', this.matrices, 16, false);
    }
    const u = Math.min(1, Math.max(0, fraction)) * (samples - 1);
    const k0 = Math.floor(u);
    const k1 = Math.min(samples - 1, k0 + 1);
    const t = u - k0;
    const tr = frame.tracks;
    const s = this.scale;
    for (let a = 0; a < animals; a++) {
      const i0 = (k0 * animals + a) * 2;
      const i1 = (k1 * animals + a) * 2;
      const x0 = tr[i0] - this.west;
      const y0 = tr[i0 + 1] - this.south;
      const x1 = tr[i1] - this.west;
      const y1 = tr[i1 + 1] - this.south;
      const x = x0 + (x1 - x0) * t;
      const y = y0 + (y1 - y0) * t;
      const len = Math.hypot(x1 - x0, y1 - y0);
      if (len > 1e-3) {
        this.heading[2 * a] = (x1 - x0) / len;
        this.heading[2 * a + 1] = (y1 - y0) / len;
      }
      const cx = this.heading[2 * a];
      const cz = this.heading[2 * a + 1];
      // Rows are the images of the model axes: +x (the way the deer faces) turns to the heading.
      const o = a * 16;
      const m = this.matrices;
      m[o] = cx * s;
      m[o + 1] = 0;
      m[o + 2] = cz * s;
      m[o + 3] = 0;
      m[o + 4] = 0;
      m[o + 5] = s;
      m[o + 6] = 0;
      m[o + 7] = 0;
      m[o + 8] = -cz * s;
      m[o + 9] = 0;
      m[o + 10] = cx * s;
      m[o + 11] = 0;
      m[o + 12] = x;
      m[o + 13] = this.heightAt(x, y);
      m[o + 14] = y;
      m[o + 15] = 1;
    }
    this.count = animals;
    this.mesh.thinInstanceCount = animals;
    this.mesh.thinInstanceBufferUpdated('matrix');
    this.applyVisibility();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.applyVisibility();
  }

  dispose(): void {
    this.mesh.material?.dispose();
    this.mesh.dispose();
  }

  private applyVisibility(): void {
    // With no instances a thin-instanced mesh would draw its template once at the origin.
    this.mesh.setEnabled(this.visible && this.count > 0);
  }
}

/** A red-deer sized figure facing +x, standing on y = 0. */
function deerMesh(scene: Scene): Mesh {
  const part = (w: number, h: number, d: number, x: number, y: number): VertexData => {
    const data = CreateBoxVertexData({ width: w, height: h, depth: d });
    data.transform(Matrix.Translation(x, y, 0));
    return data;
  };
  const body = part(1.5, 0.6, 0.45, 0, 1.05);
  body.merge([part(1.3, 0.75, 0.35, 0, 0.38), part(0.25, 0.55, 0.2, 0.72, 1.45), part(0.45, 0.25, 0.22, 0.9, 1.7)]);
  const mesh = new Mesh('herd', scene);
  body.applyToMesh(mesh);
  const material = new StandardMaterial('herd', scene);
  material.diffuseColor = new Color3(0.45, 0.28, 0.16);
  material.specularColor = new Color3(0, 0, 0);
  mesh.material = material;
  mesh.isPickable = false;
  mesh.alwaysSelectAsActiveMesh = true;
  return mesh;
}
