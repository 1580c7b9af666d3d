import type { Processes } from '../library/schema.js';
import { SiteGrid, TreeIndex } from './grid.js';
import { CompetitionField } from './competition.js';
import { TreeStore } from './trees.js';

/**
 * The big working arrays of a replicate, owned by the thread that runs it rather than by one site: a
 * thread runs one replicate at a time, so sites of the same grid share one set, and a new plan on a
 * known site allocates nothing. The trees array grows to the largest plan seen and is emptied for each
 * replicate.
 */
export class ReplicateWorkspace {
  private trees: TreeStore | null = null;
  private gridKey = '';
  private index: TreeIndex | null = null;
  private field: CompetitionField | null = null;
  private forage = new Float32Array(0);

  /** An emptied tree store with room for `capacity` trees to start with. */
  treeStore(capacity: number): TreeStore {
    if (!this.trees) this.trees = new TreeStore(capacity);
    else this.trees.clear();
    return this.trees;
  }

  /** The browsing index and competition field of a grid, reused while the grid and the constants stay the same. */
  gridArrays(grid: SiteGrid, standDensity: Processes['standDensity']): { index: TreeIndex; field: CompetitionField } {
    const key = `${grid.cols}x${grid.rows}@${grid.cellSize},${grid.west},${grid.north}:${JSON.stringify(standDensity)}`;
    if (key !== this.gridKey || !this.index || !this.field) {
      this.gridKey = key;
      this.index = new TreeIndex(grid);
      this.field = new CompetitionField(grid, standDensity);
    }
    return { index: this.index, field: this.field };
  }

  /** Forage scratch of at least `length` values (its contents are rewritten by every year's forage count). */
  forageScratch(length: number): Float32Array {
    if (this.forage.length < length) this.forage = new Float32Array(length);
    return this.forage.subarray(0, length);
  }
}
