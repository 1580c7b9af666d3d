/**
 * Every tree of a replicate as thin instances: per species one far (very low poly) mesh holding every
 * tree, plus one near (detailed) mesh holding the trees close to the camera target. Draw calls are
 * therefore 2 × species whatever the tree count.
 *
 * Each tree owns a fixed slot in its species' far buffers; translations are written once when the tree
 * is placed, and a year change rewrites only scales and colours in place. Trees drawn by the near mesh
 * get scale 0 in the far one.
 */
import '@babylonjs/core/Meshes/thinInstanceMesh.js';
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js';
import { Material } from '@babylonjs/core/Materials/material.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { Color3 } from '@babylonjs/core/Maths/math.color.js';
import type { Scene } from '@babylonjs/core/scene.js';
import type { SpeciesView } from '../../sim/hostApi/api.js';
import type { YearFrame } from '../../sim/results/frames.js';
import { DEAD_VISIBLE_YEARS, type ForestFrames } from './forestFrames.js';
import { buildMesh } from './meshBuild.js';
import { speciesColors, type Rgb } from './speciesPalette.js';
import { treeShape, type TreeDetail } from './treeShapes.js';

export interface TreeLayerOptions {
  scene: Scene;
  species: readonly SpeciesView[];
  /** Terrain origin (CRS metres); scene x, z are metres east and north of it. */
  west: number;
  south: number;
  /** Scene y of the ground at a local point. */
  heightAt: (xLocal: number, yLocal: number) => number;
  /** Trees within this distance of the camera target use the detailed mesh. */
  nearRadiusM?: number;
}

export interface TreeMesh {
  species: number;
  detail: TreeDetail;
  mesh: Mesh;
}

interface SpeciesBatch {
  far: Mesh;
  near: Mesh;
  color: Rgb;
  /** Tree index per far slot. */
  members: Int32Array;
  count: number;
  farMatrices: Float32Array;
  farColors: Float32Array;
  /** Tree index per near slot. */
  nearMembers: Int32Array;
  nearCount: number;
  nearMatrices: Float32Array;
  nearColors: Float32Array;
}

/** Tint of a tree browsed this year or last: pale and brownish, mixed half-and-half with its colour. */
export const BROWSED_TINT: Rgb = [0.78, 0.62, 0.42];
export const DEAD_TINT: Rgb = [0.52, 0.48, 0.44];
/** The camera must be within this many near radii of its target before detailed trees are worth drawing. */
const NEAR_ACTIVE_RADII = 3;
/** The near set is rebuilt once the target has moved this fraction of the near radius. */
const LOD_MOVE_FRACTION = 0.25;

export class TreeLayer {
  readonly meshes: TreeMesh[] = [];
  /** Trees drawn with a non-zero size at the shown year. */
  drawn = 0;

  private readonly material: StandardMaterial;
  private readonly batches: SpeciesBatch[] = [];
  private readonly heightAt: (xLocal: number, yLocal: number) => number;
  private readonly nearRadius: number;
  private readonly west: number;
  private readonly south: number;
  /** Offset from the frames' origin to the terrain's. */
  private dx = 0;
  private dy = 0;
  private frames: ForestFrames | null = null;
  /** By zone (planting index + 1): 1 where the zone's trees are drawn; null draws every zone's. */
  private zonesShown: Uint8Array | null = null;
  private placed = 0;
  private isNear = new Uint8Array(0);
  private year = -1;
  private uploadPending = false;
  private visible = true;
  private lodActive = false;
  private lodDirty = true;
  private lodX = 0;
  private lodZ = 0;

  constructor(options: TreeLayerOptions) {
    const { scene } = options;
    this.heightAt = options.heightAt;
    this.nearRadius = options.nearRadiusM ?? 200;
    this.west = options.west;
    this.south = options.south;
    this.material = new StandardMaterial('trees', scene);
    this.material.specularColor = new Color3(0.03, 0.03, 0.03);
    const colors = speciesColors(options.species);
    options.species.forEach((sp, s) => {
      const far = this.makeMesh(scene, `trees:${sp.id}:far`, sp, 'far');
      const near = this.makeMesh(scene, `trees:${sp.id}:near`, sp, 'near');
      this.meshes.push({ species: s, detail: 'far', mesh: far }, { species: s, detail: 'near', mesh: near });
      this.batches.push({
        far,
        near,
        color: colors[s],
        members: new Int32Array(0),
        count: 0,
        farMatrices: new Float32Array(0),
        farColors: new Float32Array(0),
        nearMembers: new Int32Array(0),
        nearCount: 0,
        nearMatrices: new Float32Array(0),
        nearColors: new Float32Array(0),
      });
    });
  }

  /**
   * Draws the frames' trees, only those of the zones `zonesShown` marks when given (by planting index
   * + 1; trees outside every zone are always drawn).
   */
  setFrames(frames: ForestFrames | null, zonesShown: Uint8Array | null = null): void {
    this.frames = frames;
    this.zonesShown = zonesShown;
    this.placed = 0;
    this.year = -1;
    this.lodDirty = true;
    this.isNear.fill(0);
    for (const b of this.batches) {
      b.count = 0;
      b.nearCount = 0;
    }
    this.sync();
  }

  /**
   * Places trees the frames gained since the last call (the layout, regeneration); returns whether any
   * were, in which case the caller must show the year again.
   */
  sync(): boolean {
    const frames = this.frames;
    if (!frames || frames.count === this.placed) {
      this.refreshCounts();
      return false;
    }
    const n = frames.count;
    this.dx = frames.west - this.west;
    this.dy = frames.south - this.south;
    if (this.isNear.length < n) this.isNear = growTo(this.isNear, new Uint8Array(capacityFor(n)));
    const rebind = new Set<SpeciesBatch>();
    const shown = this.zonesShown;
    for (let i = this.placed; i < n; i++) {
      const b = this.batches[frames.species[i]];
      if (!b) continue;
      const zone = frames.zone[i];
      if (shown && zone > 0 && shown[zone] !== 1) continue;
      if (b.count === b.members.length) {
        const cap = capacityFor(b.count + 1);
        b.members = growTo(b.members, new Int32Array(cap));
        b.farMatrices = growTo(b.farMatrices, new Float32Array(cap * 16));
        b.farColors = growTo(b.farColors, new Float32Array(cap * 4));
        rebind.add(b);
      }
      const slot = b.count++;
      b.members[slot] = i;
      const x = frames.x[i] + this.dx;
      const y = frames.y[i] + this.dy;
      writeTranslation(b.farMatrices, slot, x, this.heightAt(x, y), y);
    }
    this.placed = n;
    for (const b of this.batches) {
      if (rebind.has(b)) {
        b.far.thinInstanceSetBuffer('matrix', b.farMatrices, 16, false);
        b.far.thinInstanceSetBuffer('color', b.farColors, 4, false);
      }
    }
    // The material's shader variant depends on which instance buffers a mesh has, and Babylon caches
    // it per mesh: meshes that were drawn empty must have it chosen again now that they have trees.
    this.material.markAsDirty(Material.AttributesDirtyFlag);
    // New trees near the target belong in the near set too.
    this.lodDirty = true;
    this.refreshCounts();
    // New trees get their size and tint from the caller's next showYear (ForestScene re-applies the year).
    return true;
  }

  /** Sizes and tints every tree for `year`, in place; does nothing until that year's frame has arrived. */
  showYear(year: number): void {
    const frames = this.frames;
    const frame = frames?.frame(year);
    if (!frames || !frame) return;
    this.year = year;
    const prev = frames.frame(year - 1);
    let drawn = 0;
    for (const b of this.batches) {
      for (let slot = 0; slot < b.count; slot++) {
        const i = b.members[slot];
        const scale = this.isNear[i] ? 0 : this.treeState(frames, frame, prev, i, year, b.color, b.farColors, slot * 4);
        setScale(b.farMatrices, slot, scale);
        if (scale > 0) drawn++;
      }
      for (let slot = 0; slot < b.nearCount; slot++) {
        const scale = this.treeState(frames, frame, prev, b.nearMembers[slot], year, b.color, b.nearColors, slot * 4);
        setScale(b.nearMatrices, slot, scale);
        if (scale > 0) drawn++;
      }
    }
    this.drawn = drawn;
    this.uploadPending = true;
  }

  /**
   * Sends the instance buffers to the GPU if a year change rewrote them since the last render. Called
   * just before rendering: scrubbing through years faster than frames are drawn uploads once per
   * frame, not once per year, and an upload never waits on a frame still being drawn.
   */
  flush(): void {
    if (!this.uploadPending) return;
    this.uploadPending = false;
    for (const b of this.batches) {
      if (b.count > 0) {
        b.far.thinInstanceBufferUpdated('matrix');
        b.far.thinInstanceBufferUpdated('color');
      }
      if (b.nearCount > 0) {
        b.near.thinInstanceBufferUpdated('matrix');
        b.near.thinInstanceBufferUpdated('color');
      }
    }
  }

  /**
   * Moves detailed trees to follow the camera target (local metres) once it has moved far enough,
   * and drops them when the camera is too far out for detail to show. Returns whether the sets changed.
   */
  updateLod(xLocal: number, yLocal: number, cameraDistance: number): boolean {
    const frames = this.frames;
    if (!frames) return false;
    const active = cameraDistance < this.nearRadius * NEAR_ACTIVE_RADII;
    const moved = Math.hypot(xLocal - this.lodX, yLocal - this.lodZ) > this.nearRadius * LOD_MOVE_FRACTION;
    if (!this.lodDirty && active === this.lodActive && (!active || !moved)) return false;
    this.lodDirty = false;
    this.lodActive = active;
    this.lodX = xLocal;
    this.lodZ = yLocal;
    const r2 = this.nearRadius * this.nearRadius;
    for (const b of this.batches) {
      for (let k = 0; k < b.nearCount; k++) this.isNear[b.nearMembers[k]] = 0;
      b.nearCount = 0;
      if (!active) continue;
      for (let slot = 0; slot < b.count; slot++) {
        const i = b.members[slot];
        const dx = frames.x[i] + this.dx - xLocal;
        const dy = frames.y[i] + this.dy - yLocal;
        if (dx * dx + dy * dy > r2) continue;
        if (b.nearCount === b.nearMembers.length) {
          const cap = capacityFor(b.nearCount + 1);
          b.nearMembers = growTo(b.nearMembers, new Int32Array(cap));
          b.nearMatrices = growTo(b.nearMatrices, new Float32Array(cap * 16));
          b.nearColors = growTo(b.nearColors, new Float32Array(cap * 4));
          b.near.thinInstanceSetBuffer('matrix', b.nearMatrices, 16, false);
          b.near.thinInstanceSetBuffer('color', b.nearColors, 4, false);
          this.material.markAsDirty(Material.AttributesDirtyFlag);
        }
        const near = b.nearCount++;
        b.nearMembers[near] = i;
        const m = slot * 16;
        writeTranslation(b.nearMatrices, near, b.farMatrices[m + 12], b.farMatrices[m + 13], b.farMatrices[m + 14]);
        this.isNear[i] = 1;
      }
    }
    this.refreshCounts();
    if (this.year >= 0) this.showYear(this.year);
    return true;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.refreshCounts();
  }

  dispose(): void {
    for (const { mesh } of this.meshes) mesh.dispose();
    this.material.dispose();
  }

  private makeMesh(scene: Scene, name: string, species: SpeciesView, detail: TreeDetail): Mesh {
    const mesh = buildMesh(scene, name, treeShape(species.form, detail));
    mesh.material = this.material;
    mesh.isPickable = false;
    // Instances span the whole site; culling by the template's bounds would drop them.
    mesh.alwaysSelectAsActiveMesh = true;
    mesh.doNotSyncBoundingInfo = true;
    mesh.setEnabled(false);
    return mesh;
  }

  /**
   * Instance counts and enabled state; a thin-instanced mesh with no instances would draw its template,
   * so an empty one is disabled. Its count stays at least 1 all the same: the scene's readiness check
   * also compiles disabled meshes, and Babylon keeps the instance-colour define of a mesh that once
   * had instances, so a count of 0 would compile a shader that reads an attribute it lacks.
   */
  private refreshCounts(): void {
    for (const b of this.batches) {
      if (b.members.length > 0) b.far.thinInstanceCount = Math.max(1, b.count);
      if (b.nearMembers.length > 0) b.near.thinInstanceCount = Math.max(1, b.nearCount);
      b.far.setEnabled(this.visible && b.count > 0);
      b.near.setEnabled(this.visible && b.nearCount > 0);
    }
  }

  /** Writes tree i's colour at out[offset..+3] and returns its scale (its height, 0 when not drawn). */
  private treeState(
    frames: ForestFrames,
    frame: YearFrame,
    prev: YearFrame | undefined,
    i: number,
    year: number,
    color: Rgb,
    out: Float32Array,
    offset: number,
  ): number {
    if (i >= frame.count) return 0;
    const status = frame.status[i];
    if (status === 1) {
      const browsed = frame.browsed[i] === 1 || (prev !== undefined && i < prev.count && prev.browsed[i] === 1);
      mix(color, BROWSED_TINT, browsed ? 0.55 : 0, out, offset);
      return frame.height[i];
    }
    if (status !== 2) return 0;
    const since = year - frames.deathYear[i];
    if (since >= DEAD_VISIBLE_YEARS) return 0;
    // Dead trees grey out and shrink year by year until they are gone.
    const fade = (since + 1) / (DEAD_VISIBLE_YEARS + 1);
    mix(color, DEAD_TINT, 0.5 + 0.5 * fade, out, offset);
    return frame.height[i] * (1 - 0.8 * fade);
  }
}

function mix(a: Rgb, b: Rgb, t: number, out: Float32Array, offset: number): void {
  out[offset] = a[0] + (b[0] - a[0]) * t;
  out[offset + 1] = a[1] + (b[1] - a[1]) * t;
  out[offset + 2] = a[2] + (b[2] - a[2]) * t;
  out[offset + 3] = 1;
}

function writeTranslation(m: Float32Array, slot: number, x: number, y: number, z: number): void {
  const o = slot * 16;
  m.fill(0, o, o + 12);
  m[o + 12] = x;
  m[o + 13] = y;
  m[o + 14] = z;
  m[o + 15] = 1;
}

function setScale(m: Float32Array, slot: number, scale: number): void {
  const o = slot * 16;
  m[o] = scale;
  m[o + 5] = scale;
  m[o + 10] = scale;
}

function capacityFor(n: number): number {
  return Math.max(16, Math.ceil(n * 1.5));
}

function growTo<T extends Float32Array | Int32Array | Uint8Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
