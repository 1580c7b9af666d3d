/**
 * Browsing pressure draped over the ground: where the herd spent the shown year, in animal-days per
 * hectare, as the herbivore model computed it (the field's spread of each animal over the ground it can
 * reach, or the walk's time), on a grid of about 20 m as a texture on a terrain-shaped sheet;
 * transparent where no animal went.
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

/** Animal-days per hectare in a year at which the colour saturates (15 deer/km² spend about 55 a hectare). */
const FULL_SCALE_PER_HA = 150;
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

  /** Recomputes the grid and texture for `year` (empty when the frame or its herd use is missing). */
  showYear(frames: ForestFrames | null, year: number): void {
    const { cols, rows, cellM, values } = this.grid;
    values.fill(0);
    const use = frames?.frame(year)?.use;
    if (use) {
      // Each cell of the map takes the use of the model's cell under its centre.
      for (let r = 0; r < rows; r++) {
        const y = this.south + (r + 0.5) * cellM;
        const ur = Math.floor((use.north - y) / use.cellSize);
        if (ur < 0 || ur >= use.rows) continue;
        for (let c = 0; c < cols; c++) {
          const x = this.west + (c + 0.5) * cellM;
          const uc = Math.floor((x - use.west) / use.cellSize);
          if (uc >= 0 && uc < use.cols) values[r * cols + c] = use.perHa[ur * use.cols + uc];
        }
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
