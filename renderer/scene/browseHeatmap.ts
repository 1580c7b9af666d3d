/**
 * Browsing pressure draped over the ground: browsed trees per hectare in the shown year on a grid of
 * about 20 m, smoothed, as a texture on a terrain-shaped sheet; transparent where nothing was browsed.
 */
import { RawTexture } from '@babylonjs/core/Materials/Textures/rawTexture.js';
import { Texture } from '@babylonjs/core/Materials/Textures/texture.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { ForestFrames } from './forestFrames.js';
import { rampColor, type ColorRamp } from './colorRamp.js';
import type { TerrainLayer } from './terrainLayer.js';

export interface BrowseHeatmapOptions {
  scene: Scene;
  terrain: TerrainLayer;
  /** Terrain origin (CRS metres). */
  west: number;
  south: number;
  /** Target grid spacing, metres; rounded to a whole number of terrain cells. */
  gridM?: number;
}

/** Browsed trees per hectare at which the colour saturates. */
const FULL_SCALE_PER_HA = 400;
const RAMP: ColorRamp = [
  [0, [1, 0.92, 0.3]],
  [0.5, [1, 0.5, 0.1]],
  [1, [0.8, 0.05, 0.05]],
];

export interface DensityGrid {
  cols: number;
  rows: number;
  cellM: number;
  /** Per hectare, row 0 the southern edge. */
  values: Float32Array;
}

export class BrowseHeatmap {
  readonly grid: DensityGrid;
  private readonly drape: Mesh[];
  private readonly texture: RawTexture;
  private readonly material: StandardMaterial;
  private readonly pixels: Uint8Array;
  private readonly counts: Float32Array;
  private visible = false;
  private readonly west: number;
  private readonly south: number;

  constructor(options: BrowseHeatmapOptions) {
    const { scene, terrain } = options;
    this.west = options.west;
    this.south = options.south;
    const cellM = terrain.cellSize * Math.max(1, Math.round((options.gridM ?? 20) / terrain.cellSize));
    const cols = Math.ceil(terrain.widthM / cellM);
    const rows = Math.ceil(terrain.depthM / cellM);
    this.grid = { cols, rows, cellM, values: new Float32Array(cols * rows) };
    this.counts = new Float32Array(cols * rows);
    this.pixels = new Uint8Array(cols * rows * 4);
    this.texture = RawTexture.CreateRGBATexture(this.pixels, cols, rows, scene, false, false, Texture.BILINEAR_SAMPLINGMODE);
    this.texture.hasAlpha = true;
    this.texture.wrapU = Texture.CLAMP_ADDRESSMODE;
    this.texture.wrapV = Texture.CLAMP_ADDRESSMODE;
    this.material = new StandardMaterial('browseHeatmap', scene);
    this.material.diffuseTexture = this.texture;
    this.material.useAlphaFromDiffuseTexture = true;
    this.material.disableLighting = true;
    this.material.emissiveColor = new Color3(1, 1, 1);
    this.material.specularColor = new Color3(0, 0, 0);
    // Drawn over the terrain it hugs without z-fighting.
    this.material.zOffset = -2;
    this.drape = terrain.createDrape(scene, 'browseHeatmap', 0.3);
    for (const mesh of this.drape) {
      mesh.material = this.material;
      mesh.isPickable = false;
    }
    this.applyVisibility();
  }

  /** Recomputes the grid and texture for `year` (empty when the frame is missing). */
  showYear(frames: ForestFrames | null, year: number): void {
    const { cols, rows, cellM, values } = this.grid;
    const counts = this.counts;
    counts.fill(0);
    const frame = frames?.frame(year);
    if (frames && frame) {
      const dx = frames.west - this.west;
      const dy = frames.south - this.south;
      for (let i = 0; i < frame.count; i++) {
        if (frame.browsed[i] !== 1) continue;
        const c = Math.min(cols - 1, Math.max(0, Math.floor((frames.x[i] + dx) / cellM)));
        const r = Math.min(rows - 1, Math.max(0, Math.floor((frames.y[i] + dy) / cellM)));
        counts[r * cols + c]++;
      }
    }
    // 1-2-1 binomial smoothing in both directions; per-hectare from cell area.
    const perHa = 10_000 / (cellM * cellM);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        let weight = 0;
        for (let dr = -1; dr <= 1; dr++) {
          const rr = r + dr;
          if (rr < 0 || rr >= rows) continue;
          for (let dc = -1; dc <= 1; dc++) {
            const cc = c + dc;
            if (cc < 0 || cc >= cols) continue;
            const w = (dr === 0 ? 2 : 1) * (dc === 0 ? 2 : 1);
            sum += counts[rr * cols + cc] * w;
            weight += w;
          }
        }
        values[r * cols + c] = (sum / weight) * perHa;
      }
    }
    const px = this.pixels;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      const t = Math.min(1, Math.sqrt(v / FULL_SCALE_PER_HA));
      rampColor(RAMP, t, px, k * 4, 255);
      px[k * 4 + 3] = v > 0.5 ? Math.round(90 + 140 * t) : 0;
    }
    this.texture.update(px);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.applyVisibility();
  }

  dispose(): void {
    for (const mesh of this.drape) mesh.dispose();
    this.material.dispose();
    this.texture.dispose();
  }

  private applyVisibility(): void {
    for (const mesh of this.drape) mesh.setEnabled(this.visible);
  }
}
