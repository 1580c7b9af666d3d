/**
 * Per-year snapshots of one replicate for the 3D view. Trees keep their index across frames, so a
 * viewer builds instance buffers once from the layout and updates them in place each year.
 */

/** Where each tree stands: sent once, before the first frame. */
export interface TreeLayout {
  replicate: number;
  count: number;
  x: Float64Array;
  y: Float64Array;
  species: Uint8Array;
  /** 0 outside every zone, else planting index + 1. */
  zone: Uint16Array;
  speciesIds: string[];
}

/** Where herbivores spent the year: animal-days per hectare on a grid over the site. */
export interface UseGrid {
  cols: number;
  rows: number;
  /** Side of a cell, m. */
  cellSize: number;
  /** West edge and north edge of the grid, terrain CRS metres. */
  west: number;
  north: number;
  /** Row by row from the north edge. */
  perHa: Float32Array;
}

export interface YearFrame {
  replicate: number;
  year: number;
  /** Trees in the frame; grows when seedlings establish (new trees are appended). */
  count: number;
  /** New positions of trees appended since the previous frame (regeneration), [x, y] pairs. */
  appended: Float64Array;
  appendedSpecies: Uint8Array;
  height: Float32Array;
  /** TreeStatus per tree: 0 not yet planted, 1 alive, 2 dead. */
  status: Uint8Array;
  /** 1 where the tree was browsed this year. */
  browsed: Uint8Array;
  /** Herbivore positions at `trackSamples` moments in the year: [sample][animal][x, y]. */
  tracks: Float32Array;
  trackSamples: number;
  animals: number;
  /** Open fence breaches at the end of the year, [x, y] pairs. */
  breaches: Float32Array;
  /** Where the herd spent the year (the browsing pressure's map); absent in year 0 and without herbivores. */
  use?: UseGrid;
  /** Carbon of each tree, above and below ground, tCO2e (0 unless alive); only when the run asks for it. */
  carbon?: Float32Array;
}
