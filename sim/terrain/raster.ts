/**
 * From a georeferenced raster on disk to a Terrain — the steps the GeoTIFF and ESRI ASCII loaders share:
 * put the cells in metres (geographic rasters through a local equirectangular projection), make them square
 * (bilinear resampling when they are not), crop to the scenario's extent, check the size, read only the
 * cells needed, refuse rasters without data or with values no elevation model holds, and derive the surfaces.
 */
import { makeTerrain, sharedFloat32 } from './derive.js';
import { TerrainError } from './errors.js';
import { cropToExtent, type Extent, type GridGeometry, type PixelWindow } from './extent.js';
import { isSquare, resampleBilinear, sourceWindowFor, squareGridFor, type MetricFrame } from './resample.js';
import type { Terrain } from './terrain.js';

/** Most cells a terrain may have after cropping (about 200 MB per surface at 4 bytes a cell). */
export const MAX_TERRAIN_CELLS = 50_000_000;

/** Elevations outside this range (metres) are on no land on Earth: the raster is not an elevation model in metres, or its NODATA value is not declared. */
export const PLAUSIBLE_ELEVATION = { min: -12_000, max: 9_000 } as const;

/** Metres per degree of latitude, and of longitude at the equator, used by the local equirectangular projection. */
export const METRES_PER_DEGREE_LAT = 110_574;
export const METRES_PER_DEGREE_LON = 111_320;

/** Largest north–south span, degrees, for which the local equirectangular projection is accepted. */
export const MAX_GEOGRAPHIC_SPAN = 5;

/** A raster's placement and a way to read blocks of it. */
export interface RasterSource {
  /** The path, for messages. */
  file: string;
  cols: number;
  rows: number;
  /** Cell width and height in the CRS's units (metres, or degrees when `geographic`). */
  cellX: number;
  cellY: number;
  /** Western and northern edges of the raster in the CRS's units. */
  west: number;
  north: number;
  /** CRS identifier recorded in the Terrain (ignored for geographic rasters, which get a LOCAL one). */
  crs: string;
  /** The CRS as WKT, when `crs` only names it (an ASCII grid's .prj). */
  crsWkt?: string;
  /** True when coordinates are longitude/latitude degrees. */
  geographic: boolean;
  /** Reads a block of cells, row-major, as metres with NODATA as NaN. */
  read(win: PixelWindow): Promise<Float32Array>;
}

/**
 * Builds the Terrain for (the `extent` part of) a raster.
 *
 * Geographic rasters: reprojected to a square metric grid with a local equirectangular projection about the
 * raster's centre latitude φc — x = (lon − lon_west)·111320·cos φc, y = (lat − lat_south)·110574 — so the
 * terrain's coordinates, and the scenario geometry and extent given for it, are metres east and north of the
 * raster's south-west corner. The cell size is the smaller metric side of a source cell; the CRS is recorded
 * as `LOCAL:equirectangular(lat_c=…,lon0=…,lat0=…)`.
 *
 * Projected rasters whose cells are not square: resampled bilinearly to square cells of the smaller side,
 * keeping the raster's south-west corner and CRS.
 */
/** Largest cell side accepted, m: slopes and wetness are meaningless on coarser cells. */
const MAX_CELL_METRES = 10_000;
/** Largest absolute corner coordinate accepted: beyond any projected CRS on Earth. */
const MAX_COORDINATE = 1e8;

export async function rasterToTerrain(src: RasterSource, extent?: Extent): Promise<Terrain> {
  const { file } = src;
  if (!(src.cols >= 1 && src.rows >= 1)) throw new TerrainError(`raster has no cells (${src.cols} × ${src.rows})`, file);
  if (!(src.cellX > 0 && src.cellY > 0) || !Number.isFinite(src.cellX) || !Number.isFinite(src.cellY)) {
    throw new TerrainError(`cell size ${src.cellX} × ${src.cellY} is not a positive size`, file);
  }
  if (!src.geographic && (src.cellX > MAX_CELL_METRES || src.cellY > MAX_CELL_METRES)) {
    throw new TerrainError(`cell size ${src.cellX} × ${src.cellY} m is larger than any elevation model's (at most ${MAX_CELL_METRES / 1000} km)`, file);
  }
  if (!(Math.abs(src.west) <= MAX_COORDINATE && Math.abs(src.north) <= MAX_COORDINATE)) {
    throw new TerrainError(`corner (${src.west}, ${src.north}) is outside any coordinate system's range`, file);
  }

  let frame: MetricFrame;
  let crs = src.crs;
  if (src.geographic) {
    const south = src.north - src.rows * src.cellY;
    const east = src.west + src.cols * src.cellX;
    if (src.north > 90 || south < -90 || src.west < -360 || east > 360) {
      throw new TerrainError(
        `coordinates (longitude ${src.west} to ${east}, latitude ${south} to ${src.north}) are not valid degrees for a geographic CRS`,
        file,
      );
    }
    if (src.north - south > MAX_GEOGRAPHIC_SPAN) {
      throw new TerrainError(
        `raster spans ${round(src.north - south, 3)}° of latitude; geographic (degree) rasters are converted to metres with a ` +
          `local projection that is only accurate for sites up to ${MAX_GEOGRAPHIC_SPAN}° across — reproject it to a projected CRS in metres (e.g. UTM)`,
        file,
      );
    }
    const latC = (src.north + south) / 2;
    const cosLat = Math.cos((latC * Math.PI) / 180);
    if (cosLat < 0.05) {
      throw new TerrainError(`raster is too close to a pole (latitude ${round(latC, 3)}°) to convert from degrees to metres`, file);
    }
    const dx = src.cellX * METRES_PER_DEGREE_LON * cosLat;
    const dy = src.cellY * METRES_PER_DEGREE_LAT;
    frame = { cols: src.cols, rows: src.rows, dx, dy, west: 0, north: src.rows * dy };
    crs = `LOCAL:equirectangular(lat_c=${round(latC, 6)},lon0=${round(src.west, 6)},lat0=${round(south, 6)})`;
  } else {
    frame = { cols: src.cols, rows: src.rows, dx: src.cellX, dy: src.cellY, west: src.west, north: src.north };
  }

  let grid: GridGeometry;
  let win: PixelWindow;
  let elevation: Float32Array;
  if (isSquare(frame)) {
    grid = { cols: frame.cols, rows: frame.rows, cellSize: frame.dx, west: frame.west, north: frame.north };
    win = cropToExtent(grid, extent, file);
    checkSize(win, extent, file);
    elevation = await src.read(win);
  } else {
    grid = squareGridFor(frame);
    win = cropToExtent(grid, extent, file);
    checkSize(win, extent, file);
    const srcWin = sourceWindowFor(frame, win, grid.cellSize);
    const block = await src.read(srcWin);
    elevation = sharedFloat32(win.cols * win.rows);
    resampleBilinear(block, srcWin, frame, win, grid.cellSize, elevation);
  }

  let valid = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < elevation.length; i++) {
    const v = elevation[i];
    if (v !== v) continue;
    valid++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (valid === 0) {
    throw new TerrainError(
      extent ? 'every cell inside the extent is NODATA: the extent covers no part of the site' : 'every cell is NODATA: the raster holds no elevations',
      file,
    );
  }
  if (lo < PLAUSIBLE_ELEVATION.min || hi > PLAUSIBLE_ELEVATION.max) {
    throw new TerrainError(
      `values range from ${round(lo, 3)} to ${round(hi, 3)}, beyond any elevation on Earth in metres — ` +
        `is it an elevation model in metres, and is its NODATA value declared?`,
      file,
    );
  }

  return makeTerrain({
    cols: win.cols,
    rows: win.rows,
    cellSize: grid.cellSize,
    west: win.west,
    north: win.north,
    crs,
    // A geographic raster is given a local projection of its own; the file's WKT no longer describes it.
    ...(src.crsWkt && !src.geographic ? { crsWkt: src.crsWkt } : {}),
    source: file,
    elevation,
  });
}

function checkSize(win: PixelWindow, extent: Extent | undefined, file: string): void {
  const cells = win.cols * win.rows;
  if (cells > MAX_TERRAIN_CELLS) {
    throw new TerrainError(
      `raster is ${win.cols.toLocaleString('en')} × ${win.rows.toLocaleString('en')} = ${cells.toLocaleString('en')} cells` +
        `${extent ? ' after cropping to the extent' : ''}; at most ${MAX_TERRAIN_CELLS.toLocaleString('en')} cells are supported — ` +
        `${extent ? 'use a smaller extent' : 'give an extent to crop it'} or resample it to larger cells`,
      file,
    );
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
