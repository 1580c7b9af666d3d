import { writeArrayBuffer } from 'geotiff';
import type { TreeLayout, YearFrame } from '../results/frames.js';
import { cellIndexAt, type Terrain } from '../terrain/terrain.js';

/** A year's maps of one replicate on the terrain's grid, row by row from the north edge. */
export interface YearRasters {
  year: number;
  /** Live stems per hectare in each cell: planted and regenerated trees standing at the end of the year. */
  stemsPerHa: Float32Array;
  /** Where the herds spent the year, animal-days per hectare; null without herbivores or in year 0. */
  browseUse: Float32Array | null;
  /** Carbon in live trees, above and below ground, tCO2e per hectare; null when the frames carry no carbon. */
  carbonPerHa: Float32Array | null;
}

/** What a run must hand over for its maps: the layout of the replicate's trees and its yearly frames. */
export interface RasterSource {
  layout: TreeLayout;
  frames: readonly YearFrame[];
}

/**
 * The maps of each year of a replicate, on the terrain's own grid: live stems per hectare from the
 * trees standing in each cell, their carbon per hectare when the frames carry it, and the herds' use of the ground resampled from their grid to the
 * terrain's (each terrain cell takes the use of the herd cell its centre lies in).
 */
export function yearRasters(source: RasterSource, terrain: Terrain): YearRasters[] {
  const cells = terrain.cols * terrain.rows;
  const perTreeHa = 10_000 / (terrain.cellSize * terrain.cellSize);
  // Each tree's cell, found once: planted trees from the layout, regenerated ones as frames append them.
  let cellOf = new Int32Array(source.layout.count);
  for (let i = 0; i < source.layout.count; i++) cellOf[i] = cellIndexAt(terrain, source.layout.x[i], source.layout.y[i]);
  let known = source.layout.count;
  const out: YearRasters[] = [];
  for (const frame of source.frames) {
    if (frame.count > cellOf.length) {
      const grown = new Int32Array(Math.max(frame.count, cellOf.length * 2));
      grown.set(cellOf);
      cellOf = grown;
    }
    for (let k = 0; known < frame.count; k++, known++) cellOf[known] = cellIndexAt(terrain, frame.appended[2 * k], frame.appended[2 * k + 1]);
    const stems = new Float32Array(cells);
    const carbon = frame.carbon ? new Float32Array(cells) : null;
    for (let i = 0; i < frame.count; i++) {
      const c = cellOf[i];
      if (c < 0 || frame.status[i] !== 1) continue;
      stems[c] += perTreeHa;
      if (carbon) carbon[c] += frame.carbon![i] * perTreeHa;
    }
    out.push({ year: frame.year, stemsPerHa: stems, browseUse: frame.use ? resampleUse(frame.use, terrain) : null, carbonPerHa: carbon });
  }
  return out;
}

function resampleUse(use: NonNullable<YearFrame['use']>, terrain: Terrain): Float32Array {
  const out = new Float32Array(terrain.cols * terrain.rows);
  for (let r = 0; r < terrain.rows; r++) {
    const y = terrain.north - (r + 0.5) * terrain.cellSize;
    const ur = Math.floor((use.north - y) / use.cellSize);
    if (ur < 0 || ur >= use.rows) continue;
    for (let c = 0; c < terrain.cols; c++) {
      const x = terrain.west + (c + 0.5) * terrain.cellSize;
      const uc = Math.floor((x - use.west) / use.cellSize);
      if (uc >= 0 && uc < use.cols) out[r * terrain.cols + c] = use.perHa[ur * use.cols + uc];
    }
  }
  return out;
}

/**
 * One map as a single-band float32 GeoTIFF on the terrain's grid, georeferenced in its CRS where that
 * is an EPSG code (a procedural site's local metres carry no CRS), for QGIS or GDAL to read.
 */
export function geoTiffOf(values: Float32Array, terrain: Terrain): Uint8Array {
  const epsg = /^EPSG:(\d+)$/.exec(terrain.crs);
  const code = epsg ? Number(epsg[1]) : null;
  const metadata: Record<string, unknown> = {
    width: terrain.cols,
    height: terrain.rows,
    ModelPixelScale: [terrain.cellSize, terrain.cellSize, 0],
    ModelTiepoint: [0, 0, 0, terrain.west, terrain.north, 0],
    // Projected, with the site's own EPSG code, or a user-defined projected CRS for local metres.
    GTModelTypeGeoKey: 1,
    GTRasterTypeGeoKey: 1,
    ProjectedCSTypeGeoKey: code ?? 32767,
  };
  return new Uint8Array(writeArrayBuffer(values, metadata));
}
