/**
 * One replicate's trees as the 3D view sees them: positions once, then one frame per year. Frames are
 * kept as they arrive (their typed arrays are shared, never copied into per-tree objects); the few
 * per-tree facts every year needs (when a tree was planted, when it died) are derived incrementally.
 */
import type { TreeLayout, YearFrame } from '../../sim/results/frames.js';

/** Years a dead tree stays visible while it fades; picking and drawing agree on this. */
export const DEAD_VISIBLE_YEARS = 5;

export interface ForestFramesOptions {
  /** Cell size of the picking index, metres. */
  indexCellM?: number;
}

export interface TreeInfo {
  species: number;
  zone: number;
  height: number;
  /** 0 not yet planted, 1 alive, 2 dead (as in YearFrame.status). */
  status: number;
  /** Years since planting (for a dead tree, its age when it died); 0 before planting. */
  age: number;
  /** Years up to the asked year in which the tree was browsed. */
  browsedYears: number[];
}

const NO_YEAR = -1;

/**
 * Positions are kept relative to an origin (`west`, `south`) taken from the layout's south-west corner
 * (whole metres), so float32 keeps them precise; the view adds the origin's offset from the terrain's.
 */
export class ForestFrames {
  west = 0;
  south = 0;
  /** Trees known so far (layout plus appended). */
  count = 0;
  /** Metres east and north of (west, south); valid for indices < count. */
  x = new Float32Array(0);
  y = new Float32Array(0);
  species = new Uint8Array(0);
  /** 0 outside every zone, else planting index + 1; regenerated trees carry 0 (frames do not send their zone). */
  zone = new Uint16Array(0);
  /** First year with status 1, or −1. */
  plantYear = new Int16Array(0);
  /** First year with status 2, or −1. */
  deathYear = new Int16Array(0);
  speciesIds: string[] = [];
  replicate = -1;

  private readonly frames: YearFrame[] = [];
  // Picking index: a uniform grid of singly linked lists (head per cell, next per tree), so appending
  // trees is O(1) and a query visits only the cells within reach.
  // Sized from the layout's extent; regenerated trees beyond it fall into the border cells.
  private readonly indexCell: number;
  private indexCols = 1;
  private indexRows = 1;
  private cellHead = new Int32Array(1).fill(-1);
  private nextInCell = new Int32Array(0);

  constructor(options: ForestFramesOptions = {}) {
    this.indexCell = options.indexCellM ?? 10;
  }

  addLayout(layout: TreeLayout): void {
    if (this.count > 0 || this.frames.length > 0) throw new Error('ForestFrames already holds a layout');
    this.replicate = layout.replicate;
    this.speciesIds = layout.speciesIds.slice();
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < layout.count; i++) {
      minX = Math.min(minX, layout.x[i]);
      maxX = Math.max(maxX, layout.x[i]);
      minY = Math.min(minY, layout.y[i]);
      maxY = Math.max(maxY, layout.y[i]);
    }
    if (layout.count > 0) {
      this.west = Math.floor(minX);
      this.south = Math.floor(minY);
      this.indexCols = Math.max(1, Math.ceil((maxX - this.west + 1) / this.indexCell));
      this.indexRows = Math.max(1, Math.ceil((maxY - this.south + 1) / this.indexCell));
      this.cellHead = new Int32Array(this.indexCols * this.indexRows).fill(-1);
    }
    this.ensureCapacity(layout.count);
    for (let i = 0; i < layout.count; i++) {
      this.place(i, layout.x[i], layout.y[i], layout.species[i], layout.zone[i]);
    }
    this.count = layout.count;
  }

  /** Frames must come in year order starting at 0 (the order a run streams them). */
  addFrame(frame: YearFrame): void {
    if (frame.year !== this.frames.length) {
      throw new Error(`Expected the frame of year ${this.frames.length}, got year ${frame.year}`);
    }
    const added = frame.appendedSpecies.length;
    if (added > 0) {
      this.ensureCapacity(this.count + added);
      for (let k = 0; k < added; k++) {
        this.place(this.count + k, frame.appended[2 * k], frame.appended[2 * k + 1], frame.appendedSpecies[k], 0);
      }
      this.count += added;
    }
    if (frame.count !== this.count) {
      throw new Error(`Frame of year ${frame.year} has ${frame.count} trees, the layout and appended trees ${this.count}`);
    }
    const { status } = frame;
    const year = frame.year;
    for (let i = 0; i < frame.count; i++) {
      const s = status[i];
      if (s === 1 && this.plantYear[i] === NO_YEAR) this.plantYear[i] = year;
      else if (s === 2 && this.deathYear[i] === NO_YEAR) this.deathYear[i] = year;
    }
    this.frames.push(frame);
  }

  /** Last year with a frame, or −1 before the first. */
  get lastYear(): number {
    return this.frames.length - 1;
  }

  frame(year: number): YearFrame | undefined {
    return this.frames[year];
  }

  /** Whether tree `index` is drawn at `year`: planted, and alive or dead for fewer than DEAD_VISIBLE_YEARS. */
  isVisible(index: number, year: number): boolean {
    const f = this.frames[year];
    if (!f || index >= f.count) return false;
    const s = f.status[index];
    if (s === 1) return true;
    return s === 2 && year - this.deathYear[index] < DEAD_VISIBLE_YEARS;
  }

  /** Throws a RangeError when the year has no frame or the tree is not in it. */
  treeInfo(index: number, year: number): TreeInfo {
    const f = this.frames[year];
    if (!f || index < 0 || index >= f.count) throw new RangeError(`No tree ${index} in year ${year}`);
    const status = f.status[index];
    const planted = this.plantYear[index];
    const died = this.deathYear[index];
    let age = 0;
    if (planted !== NO_YEAR && status !== 0) age = (status === 2 && died !== NO_YEAR ? died : year) - planted;
    const browsedYears: number[] = [];
    for (let y = 0; y <= year; y++) {
      const fy = this.frames[y];
      if (index < fy.count && fy.browsed[index] === 1) browsedYears.push(y);
    }
    return { species: this.species[index], zone: this.zone[index], height: f.height[index], status, age, browsedYears };
  }

  /**
   * Nearest tree visible at `year` within `maxDist` metres of a point (relative to west/south), of the
   * zones `zonesShown` marks when given (as TreeLayer draws them), or −1.
   */
  nearestTree(xLocal: number, yLocal: number, year: number, maxDist: number, zonesShown: Uint8Array | null = null): number {
    if (!this.frames[year]) return -1;
    const cell = this.indexCell;
    // Trees beyond the layout's extent (regeneration) are filed in the border cells: clamp both ends.
    const clampC = (v: number) => Math.min(this.indexCols - 1, Math.max(0, v));
    const clampR = (v: number) => Math.min(this.indexRows - 1, Math.max(0, v));
    const c0 = clampC(Math.floor((xLocal - maxDist) / cell));
    const c1 = clampC(Math.floor((xLocal + maxDist) / cell));
    const r0 = clampR(Math.floor((yLocal - maxDist) / cell));
    const r1 = clampR(Math.floor((yLocal + maxDist) / cell));
    let best = -1;
    let bestD2 = maxDist * maxDist;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        for (let i = this.cellHead[r * this.indexCols + c]; i !== -1; i = this.nextInCell[i]) {
          const dx = this.x[i] - xLocal;
          const dy = this.y[i] - yLocal;
          const d2 = dx * dx + dy * dy;
          const zone = this.zone[i];
          if (zonesShown && zone > 0 && zonesShown[zone] !== 1) continue;
          if (d2 <= bestD2 && this.isVisible(i, year)) {
            bestD2 = d2;
            best = i;
          }
        }
      }
    }
    return best;
  }

  private place(i: number, xCrs: number, yCrs: number, species: number, zone: number): void {
    const x = xCrs - this.west;
    const y = yCrs - this.south;
    this.x[i] = x;
    this.y[i] = y;
    this.species[i] = species;
    this.zone[i] = zone;
    this.plantYear[i] = NO_YEAR;
    this.deathYear[i] = NO_YEAR;
    // Trees just outside the extent (on its edge) go to the border cells.
    const c = Math.min(this.indexCols - 1, Math.max(0, Math.floor(x / this.indexCell)));
    const r = Math.min(this.indexRows - 1, Math.max(0, Math.floor(y / this.indexCell)));
    const cellIndex = r * this.indexCols + c;
    this.nextInCell[i] = this.cellHead[cellIndex];
    this.cellHead[cellIndex] = i;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.x.length) return;
    // Regeneration appends a little every year; growing geometrically keeps copies rare.
    const capacity = Math.max(n, Math.ceil(this.x.length * 1.5));
    this.x = grow(this.x, new Float32Array(capacity));
    this.y = grow(this.y, new Float32Array(capacity));
    this.species = grow(this.species, new Uint8Array(capacity));
    this.zone = grow(this.zone, new Uint16Array(capacity));
    this.plantYear = grow(this.plantYear, new Int16Array(capacity));
    this.deathYear = grow(this.deathYear, new Int16Array(capacity));
    this.nextInCell = grow(this.nextInCell, new Int32Array(capacity));
  }
}

function grow<T extends Float32Array | Uint8Array | Uint16Array | Int16Array | Int32Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
