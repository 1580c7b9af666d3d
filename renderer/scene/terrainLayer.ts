/**
 * The ground: the elevation grid as chunked, lit meshes with coarser levels of detail, and vertex
 * colours that switch between elevation, slope and suitability shading without touching geometry.
 *
 * Axes: +x east, +z north, +y up (Babylon's left-handed default), so a camera looking down with
 * +z at the top of the screen shows east on the right — the map is not mirrored. Grid vertices sit at
 * cell centres; row 0 of the grid is the northern edge. Scene y is elevation − minElevation.
 */
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { TerrainView } from '../../sim/hostApi/api.js';
import { buildMesh } from './meshBuild.js';
import { rampColor, type ColorRamp } from './colorRamp.js';
import { ELEVATION_RAMP, SLOPE_RAMP, SUITABILITY_RAMP } from './shadingRamps.js';

export type { ShadingMode } from './shadingRamps.js';
import type { ShadingMode } from './shadingRamps.js';

export interface TerrainLayerOptions {
  scene: Scene;
  terrain: TerrainView;
  /** Cells per chunk side; each chunk is one mesh with its own levels of detail. */
  chunkCells?: number;
}

/** One terrain mesh (a chunk at one level of detail) and the grid vertex behind each of its vertices. */
interface TerrainPiece {
  mesh: Mesh;
  gridIndex: Int32Array;
  colors: Float32Array;
}

/** Coarser strides for distant chunks and the distance (in chunk widths) at which each takes over. */
const LOD_LEVELS: { stride: number; chunkWidths: number }[] = [
  { stride: 2, chunkWidths: 1.5 },
  { stride: 4, chunkWidths: 3 },
  { stride: 8, chunkWidths: 6 },
];

export class TerrainLayer {
  readonly cols: number;
  readonly rows: number;
  readonly cellSize: number;
  /** Extent in metres (east–west, south–north). */
  readonly widthM: number;
  readonly depthM: number;
  /** Scene y of the highest point. */
  readonly reliefM: number;
  readonly material: StandardMaterial;

  private readonly terrain: TerrainView;
  /** Per species of the plan shown: suitability 0–255 per cell. */
  private suitability: readonly Uint8Array[] = [];
  private readonly pieces: TerrainPiece[] = [];
  private readonly gridColors: Float32Array;
  /** Elevation with NaN replaced by the nearest usable value, so sampling near the edge stays finite. */
  private readonly filled: Float32Array;

  constructor(options: TerrainLayerOptions) {
    const { scene, terrain } = options;
    this.terrain = terrain;
    this.cols = terrain.cols;
    this.rows = terrain.rows;
    this.cellSize = terrain.cellSize;
    this.widthM = terrain.cols * terrain.cellSize;
    this.depthM = terrain.rows * terrain.cellSize;
    this.reliefM = Math.max(0, terrain.maxElevation - terrain.minElevation);
    this.filled = fillNaN(terrain.elevation, terrain.cols, terrain.rows, terrain.minElevation);
    this.gridColors = new Float32Array(terrain.cols * terrain.rows * 4);

    this.material = new StandardMaterial('terrain', scene);
    this.material.specularColor = new Color3(0.04, 0.04, 0.04);
    this.material.diffuseColor = new Color3(1, 1, 1);

    const normals = this.gridNormals();
    const chunk = Math.max(2, options.chunkCells ?? 128);
    for (let r0 = 0; r0 < terrain.rows - 1; r0 += chunk) {
      for (let c0 = 0; c0 < terrain.cols - 1; c0 += chunk) {
        const r1 = Math.min(terrain.rows - 1, r0 + chunk);
        const c1 = Math.min(terrain.cols - 1, c0 + chunk);
        const base = this.buildPiece(scene, `terrain:${r0}:${c0}`, r0, r1, c0, c1, 1, normals);
        if (!base) continue;
        base.mesh.material = this.material;
        const chunkM = chunk * terrain.cellSize;
        for (const level of LOD_LEVELS) {
          if (level.stride * 2 > Math.min(r1 - r0, c1 - c0)) break;
          const lod = this.buildPiece(scene, `terrain:${r0}:${c0}:lod${level.stride}`, r0, r1, c0, c1, level.stride, normals);
          if (!lod) break;
          lod.mesh.material = this.material;
          base.mesh.addLODLevel(level.chunkWidths * chunkM, lod.mesh);
        }
      }
    }
    this.setShading('elevation');
  }

  /** Scene y of the ground at a local point (metres east and north of the south-west corner), bilinear. */
  heightAt(xLocal: number, yLocal: number): number {
    const fc = clamp(xLocal / this.cellSize - 0.5, 0, this.cols - 1);
    const fr = clamp(this.rows - 0.5 - yLocal / this.cellSize, 0, this.rows - 1);
    const c = Math.min(Math.floor(fc), this.cols - 2 < 0 ? 0 : this.cols - 2);
    const r = Math.min(Math.floor(fr), this.rows - 2 < 0 ? 0 : this.rows - 2);
    const tc = fc - c;
    const tr = fr - r;
    const e = this.filled;
    const i = r * this.cols + c;
    const c1 = this.cols > 1 ? 1 : 0;
    const r1 = this.rows > 1 ? this.cols : 0;
    const north = e[i] + (e[i + c1] - e[i]) * tc;
    const south = e[i + r1] + (e[i + r1 + c1] - e[i + r1]) * tc;
    return north + (south - north) * tr - this.terrain.minElevation;
  }

  /** Whether a local point lies on the site (its nearest cell has an elevation). */
  isInside(xLocal: number, yLocal: number): boolean {
    const c = Math.floor(xLocal / this.cellSize);
    const r = Math.floor(this.rows - yLocal / this.cellSize);
    if (c < 0 || r < 0 || c >= this.cols || r >= this.rows) return false;
    return !Number.isNaN(this.terrain.elevation[r * this.cols + c]);
  }

  /** The plan's species suitability grids, which the suitability shading shows (after `setShading`). */
  setSuitability(grids: readonly Uint8Array[]): void {
    this.suitability = grids;
  }

  /** Recolours every chunk and level of detail; geometry is untouched. */
  setShading(mode: ShadingMode, speciesIndex?: number): void {
    const t = this.terrain;
    const n = t.cols * t.rows;
    const out = this.gridColors;
    const span = Math.max(1e-6, t.maxElevation - t.minElevation);
    const suit = this.suitability;
    const useSpecies = speciesIndex !== undefined && speciesIndex >= 0 && speciesIndex < suit.length;
    for (let i = 0; i < n; i++) {
      let ramp: ColorRamp;
      let value: number;
      if (mode === 'elevation') {
        ramp = ELEVATION_RAMP;
        value = (this.filled[i] - t.minElevation) / span;
      } else if (mode === 'slope') {
        ramp = SLOPE_RAMP;
        value = Number.isNaN(t.slope[i]) ? 0 : t.slope[i];
      } else {
        ramp = SUITABILITY_RAMP;
        if (useSpecies) value = suit[speciesIndex][i];
        else {
          value = 0;
          for (let s = 0; s < suit.length; s++) if (suit[s][i] > value) value = suit[s][i];
        }
      }
      rampColor(ramp, value, out, i * 4);
      out[i * 4 + 3] = 1;
    }
    for (const piece of this.pieces) {
      const { gridIndex, colors } = piece;
      for (let v = 0; v < gridIndex.length; v++) {
        const g = gridIndex[v] * 4;
        colors[v * 4] = out[g];
        colors[v * 4 + 1] = out[g + 1];
        colors[v * 4 + 2] = out[g + 2];
        colors[v * 4 + 3] = 1;
      }
      piece.mesh.updateVerticesData('color', colors);
    }
  }

  /**
   * A terrain-shaped sheet `lift` metres above the ground with UVs spanning the site (u east, v north),
   * for overlays such as the browse heat map. One mesh per chunk, full detail, no colours.
   */
  createDrape(scene: Scene, name: string, lift: number): Mesh[] {
    const out: Mesh[] = [];
    for (const piece of this.pieces) {
      if (piece.mesh.name.includes(':lod')) continue;
      const g = piece.gridIndex;
      const positions = new Float32Array(g.length * 3);
      const uvs = new Float32Array(g.length * 2);
      const src = piece.mesh.getVerticesData('position')!;
      for (let v = 0; v < g.length; v++) {
        positions[v * 3] = src[v * 3];
        positions[v * 3 + 1] = src[v * 3 + 1] + lift;
        positions[v * 3 + 2] = src[v * 3 + 2];
        uvs[v * 2] = src[v * 3] / this.widthM;
        uvs[v * 2 + 1] = src[v * 3 + 2] / this.depthM;
      }
      const indices = piece.mesh.getIndices()!;
      out.push(buildMesh(scene, `${name}:${piece.mesh.name}`, { positions, indices: Uint32Array.from(indices), normals: piece.mesh.getVerticesData('normal')!, uvs }));
    }
    return out;
  }

  dispose(): void {
    for (const piece of this.pieces) piece.mesh.dispose();
    this.material.dispose();
  }

  private buildPiece(
    scene: Scene,
    name: string,
    r0: number,
    r1: number,
    c0: number,
    c1: number,
    stride: number,
    normals: Float32Array,
  ): TerrainPiece | null {
    const t = this.terrain;
    const rowList = strided(r0, r1, stride);
    const colList = strided(c0, c1, stride);
    const nr = rowList.length;
    const nc = colList.length;
    const gridIndex = new Int32Array(nr * nc);
    const positions = new Float32Array(nr * nc * 3);
    const normalOut = new Float32Array(nr * nc * 3);
    for (let a = 0; a < nr; a++) {
      for (let b = 0; b < nc; b++) {
        const r = rowList[a];
        const c = colList[b];
        const g = r * t.cols + c;
        const v = a * nc + b;
        gridIndex[v] = g;
        positions[v * 3] = (c + 0.5) * t.cellSize;
        positions[v * 3 + 1] = this.filled[g] - t.minElevation;
        positions[v * 3 + 2] = (t.rows - r - 0.5) * t.cellSize;
        normalOut[v * 3] = normals[g * 3];
        normalOut[v * 3 + 1] = normals[g * 3 + 1];
        normalOut[v * 3 + 2] = normals[g * 3 + 2];
      }
    }
    const indices: number[] = [];
    const elev = t.elevation;
    for (let a = 0; a < nr - 1; a++) {
      for (let b = 0; b < nc - 1; b++) {
        const v00 = a * nc + b;
        const v01 = v00 + 1;
        const v10 = v00 + nc;
        const v11 = v10 + 1;
        // A quad touching a cell outside the site is left out, so the site's edge is where drawing stops.
        if (
          Number.isNaN(elev[gridIndex[v00]]) ||
          Number.isNaN(elev[gridIndex[v01]]) ||
          Number.isNaN(elev[gridIndex[v10]]) ||
          Number.isNaN(elev[gridIndex[v11]])
        ) {
          continue;
        }
        // Row a+1 is south of row a; this winding faces up in Babylon's left-handed frame (as CreateGround).
        indices.push(v11, v01, v00, v10, v11, v00);
      }
    }
    if (indices.length === 0) return null;
    const colors = new Float32Array(nr * nc * 4);
    const mesh = buildMesh(scene, name, { positions, indices: Uint32Array.from(indices), normals: normalOut, colors }, { updatableColors: true });
    mesh.isPickable = false;
    const piece = { mesh, gridIndex, colors };
    this.pieces.push(piece);
    return piece;
  }

  /** Per grid vertex normals from central differences, shared by all chunks so seams shade alike. */
  private gridNormals(): Float32Array {
    const { cols, rows, cellSize } = this.terrain;
    const e = this.filled;
    const out = new Float32Array(cols * rows * 3);
    for (let r = 0; r < rows; r++) {
      const rn = Math.max(0, r - 1);
      const rs = Math.min(rows - 1, r + 1);
      for (let c = 0; c < cols; c++) {
        const cw = Math.max(0, c - 1);
        const ce = Math.min(cols - 1, c + 1);
        const dx = (e[r * cols + ce] - e[r * cols + cw]) / (Math.max(1, ce - cw) * cellSize);
        const dz = (e[rn * cols + c] - e[rs * cols + c]) / (Math.max(1, rs - rn) * cellSize);
        const len = Math.hypot(dx, 1, dz);
        const i = (r * cols + c) * 3;
        out[i] = -dx / len;
        out[i + 1] = 1 / len;
        out[i + 2] = -dz / len;
      }
    }
    return out;
  }
}

function strided(from: number, to: number, stride: number): number[] {
  const out: number[] = [];
  for (let v = from; v < to; v += stride) out.push(v);
  out.push(to);
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Copies the grid with NaN cells next to the site replaced by the mean of their valid neighbours (two
 * rings, enough for bilinear sampling and normals at the edge); cells further out get `fallback`.
 */
const FILL_RINGS = 2;

function fillNaN(src: Float32Array, cols: number, rows: number, fallback: number): Float32Array {
  const out = Float32Array.from(src);
  let pending = 0;
  for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) pending++;
  const next = new Float32Array(out.length);
  for (let pass = 0; pass < FILL_RINGS && pending > 0; pass++) {
    next.set(out);
    let filledNow = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        if (!Number.isNaN(out[i])) continue;
        let sum = 0;
        let n = 0;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            const rr = r + dr;
            const cc = c + dc;
            if (rr < 0 || cc < 0 || rr >= rows || cc >= cols) continue;
            const v = out[rr * cols + cc];
            if (!Number.isNaN(v)) {
              sum += v;
              n++;
            }
          }
        }
        if (n > 0) {
          next[i] = sum / n;
          filledNow++;
        }
      }
    }
    out.set(next);
    pending -= filledNow;
  }
  for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = fallback;
  return out;
}
