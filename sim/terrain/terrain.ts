/**
 * A terrain is a north-up elevation raster in a projected coordinate system measured in metres,
 * with the surfaces every model step reads (slope, aspect, wetness) derived once when it is built.
 *
 * All rasters are row-major, row 0 is the northern edge, and are backed by SharedArrayBuffer so
 * that worker threads read the same memory instead of receiving a copy.
 */
export interface Terrain {
  /** Number of columns (west to east). */
  readonly cols: number;
  /** Number of rows (north to south). */
  readonly rows: number;
  /** Side of a square cell, metres. */
  readonly cellSize: number;
  /** Easting of the western edge of column 0, metres, in the terrain's CRS. */
  readonly west: number;
  /** Northing of the northern edge of row 0, metres, in the terrain's CRS. */
  readonly north: number;
  /** CRS identifier, e.g. "EPSG:32611"; "LOCAL" for procedural terrain (metres from its south-west corner). */
  readonly crs: string;
  /** The CRS in full as WKT, where only a name is in `crs` (an ASCII grid's .prj): what reprojection onto the terrain needs. */
  readonly crsWkt?: string;
  /** Elevation, metres; NaN where the cell is outside the site (NODATA). */
  readonly elevation: Float32Array;
  /** Slope, degrees (Horn 1981, as `gdaldem slope -compute_edges`); NaN where undefined (NODATA cell). See derive.ts for edges. */
  readonly slope: Float32Array;
  /** Aspect, degrees clockwise from north (0–360) the slope faces; -1 for flat cells; NaN for NODATA. */
  readonly aspect: Float32Array;
  /** Topographic wetness index ln(a / tan β); NaN for NODATA. */
  readonly twi: Float32Array;
  /** Where the raster came from, for messages ("procedural", or the file path). */
  readonly source: string;
}

export function terrainWidth(t: Terrain): number {
  return t.cols * t.cellSize;
}

export function terrainHeight(t: Terrain): number {
  return t.rows * t.cellSize;
}

/** Southern edge northing. */
export function terrainSouth(t: Terrain): number {
  return t.north - t.rows * t.cellSize;
}

/** Column of an easting, or -1 outside the raster. */
export function columnOf(t: Terrain, x: number): number {
  const c = Math.floor((x - t.west) / t.cellSize);
  return c >= 0 && c < t.cols ? c : -1;
}

/** Row of a northing, or -1 outside the raster. */
export function rowOf(t: Terrain, y: number): number {
  const r = Math.floor((t.north - y) / t.cellSize);
  return r >= 0 && r < t.rows ? r : -1;
}

/** Index of the cell holding (x, y), or -1 outside the raster. */
export function cellIndexAt(t: Terrain, x: number, y: number): number {
  const c = columnOf(t, x);
  const r = rowOf(t, y);
  return c < 0 || r < 0 ? -1 : r * t.cols + c;
}

/** True when (x, y) lies on a cell with data: inside the site. */
export function isInsideSite(t: Terrain, x: number, y: number): boolean {
  const i = cellIndexAt(t, x, y);
  return i >= 0 && !Number.isNaN(t.elevation[i]);
}
