/**
 * The surfaces derived once from an elevation raster: slope and aspect (Horn 1981, as GDAL's `gdaldem`
 * computes them) and the topographic wetness index. Also `makeTerrain`, which allocates the shared arrays
 * and assembles a Terrain from an elevation raster.
 *
 * All loops here run over typed arrays allocated up front; nothing is allocated per cell.
 */
import { TerrainError } from './errors.js';
import type { Terrain } from './terrain.js';

const RAD_TO_DEG = 180 / Math.PI;

/** Floor on tan β in the wetness index, so that flat cells get a large but finite TWI: tan 0.1°. */
export const MIN_TAN_SLOPE = Math.tan(0.1 / RAD_TO_DEG);

/**
 * Raise given to each cell of a filled depression or flat over the cell it drains to (metres), so that
 * every cell has a strictly lower neighbour on its way out of the raster (Barnes et al. 2014, Priority-Flood+ε).
 * It changes only the routing surface, never the stored elevation or slope.
 */
const FILL_EPSILON = 1e-6;

export interface DerivedSurfaces {
  /** Degrees, Horn (1981); NaN on NODATA cells. */
  slope: Float32Array;
  /** Degrees clockwise from north the slope faces, 0 ≤ a < 360; -1 where flat; NaN on NODATA cells. */
  aspect: Float32Array;
  /** ln(a / tan β); NaN on NODATA cells. */
  twi: Float32Array;
}

/** A Float32Array over a SharedArrayBuffer, so worker threads read it without a copy. */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/** True when the array's memory is a SharedArrayBuffer. */
export function isShared(a: Float32Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/**
 * Slope, aspect and wetness index of a north-up elevation raster (row 0 north, NaN = NODATA) of square
 * cells `cellSize` metres across. Each result is a new Float32Array over a SharedArrayBuffer.
 */
export function deriveSurfaces(elevation: Float32Array, cols: number, rows: number, cellSize: number): DerivedSurfaces {
  checkGrid(elevation, cols, rows, cellSize);
  const n = cols * rows;
  const slope = sharedFloat32(n);
  const aspect = sharedFloat32(n);
  const twi = sharedFloat32(n);
  hornSlopeAspect(elevation, cols, rows, cellSize, slope, aspect);
  wetnessIndex(elevation, cols, rows, cellSize, slope, twi);
  return { slope, aspect, twi };
}

export interface MakeTerrainOptions {
  cols: number;
  rows: number;
  cellSize: number;
  west: number;
  north: number;
  crs: string;
  /** The CRS as WKT, when `crs` only names it. */
  crsWkt?: string;
  source: string;
  /** Row-major elevations, metres, NaN = NODATA. Used as is when already shared, otherwise copied into shared memory. */
  elevation: Float32Array | ArrayLike<number>;
}

/** Builds a complete Terrain: elevation in shared memory plus the derived surfaces. */
export function makeTerrain(opts: MakeTerrainOptions): Terrain {
  const { cols, rows, cellSize } = opts;
  const n = cols * rows;
  let elevation: Float32Array;
  if (opts.elevation instanceof Float32Array && isShared(opts.elevation) && opts.elevation.length === n) {
    elevation = opts.elevation;
  } else {
    if (opts.elevation.length !== n) {
      throw new TerrainError(
        `elevation has ${opts.elevation.length} values but the grid is ${cols} × ${rows} = ${n} cells`,
        opts.source,
      );
    }
    elevation = sharedFloat32(n);
    const src = opts.elevation;
    for (let i = 0; i < n; i++) elevation[i] = src[i];
  }
  const { slope, aspect, twi } = deriveSurfaces(elevation, cols, rows, cellSize);
  return {
    cols,
    rows,
    cellSize,
    west: opts.west,
    north: opts.north,
    crs: opts.crs,
    elevation,
    slope,
    aspect,
    twi,
    source: opts.source,
    ...(opts.crsWkt ? { crsWkt: opts.crsWkt } : {}),
  };
}

function checkGrid(elevation: Float32Array, cols: number, rows: number, cellSize: number): void {
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) {
    throw new TerrainError(`a terrain grid needs whole, positive numbers of columns and rows (got ${cols} × ${rows})`);
  }
  if (!(cellSize > 0) || !Number.isFinite(cellSize)) {
    throw new TerrainError(`a terrain grid needs a positive cell size (got ${cellSize})`);
  }
  if (elevation.length !== cols * rows) {
    throw new TerrainError(`elevation has ${elevation.length} values but the grid is ${cols} × ${rows} = ${cols * rows} cells`);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Slope and aspect

/**
 * Horn's (1981) 3×3 finite differences, following GDAL's `gdaldem slope` / `gdaldem aspect` with
 * `-compute_edges` (apps/gdaldem_lib.cpp) step for step:
 *
 * - The window is numbered 0 1 2 / 3 4 5 / 6 7 8 from the north-west; centre 4.
 * - On the raster's first and last rows the missing row is extrapolated linearly, 2·z(edge) − z(inside),
 *   and a missing column at a corner repeats the centre column; on other rows a missing column at the west
 *   or east edge is extrapolated the same way. (GDAL's INTERPOL, computed in single precision.)
 * - Any neighbour that is NODATA — or was extrapolated from NODATA — takes the centre cell's value.
 * - slope = atan(√(dx² + dy²)) with dx = ((z0 + 2z3 + z6) − (z2 + 2z5 + z8)) / 8Δ and dy likewise north–south.
 * - aspect = azimuth of the downslope direction: atan2(dy, −dx) turned into degrees clockwise from north;
 *   a window with dx = dy = 0 is flat and gets -1 (GDAL writes its nodata value there).
 *
 * A raster with a single row or column (which GDAL leaves as nodata) uses the centre value for every
 * missing neighbour.
 */
function hornSlopeAspect(
  z: Float32Array,
  cols: number,
  rows: number,
  cellSize: number,
  slope: Float32Array,
  aspect: Float32Array,
): void {
  const w = new Float64Array(9);
  const inv8 = 1 / (8 * cellSize);
  const lastR = rows - 1;
  const lastC = cols - 1;
  for (let r = 0; r < rows; r++) {
    const interiorRow = r > 0 && r < lastR;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const zc = z[i];
      if (zc !== zc) {
        slope[i] = NaN;
        aspect[i] = NaN;
        continue;
      }
      if (interiorRow && c > 0 && c < lastC) {
        const up = i - cols;
        const dn = i + cols;
        w[0] = z[up - 1];
        w[1] = z[up];
        w[2] = z[up + 1];
        w[3] = z[i - 1];
        w[4] = zc;
        w[5] = z[i + 1];
        w[6] = z[dn - 1];
        w[7] = z[dn];
        w[8] = z[dn + 1];
      } else {
        edgeWindow(z, cols, rows, r, c, w);
      }
      for (let k = 0; k < 9; k++) if (w[k] !== w[k]) w[k] = zc;
      const ew = w[0] + 2 * w[3] + w[6] - (w[2] + 2 * w[5] + w[8]);
      const ns = w[6] + 2 * w[7] + w[8] - (w[0] + 2 * w[1] + w[2]);
      slope[i] = Math.atan(Math.sqrt(ew * ew + ns * ns) * inv8) * RAD_TO_DEG;
      if (ew === 0 && ns === 0) {
        aspect[i] = -1;
      } else {
        let a = Math.fround(Math.atan2(ns, ew) * RAD_TO_DEG);
        a = a > 90 ? Math.fround(450 - a) : Math.fround(90 - a);
        aspect[i] = a === 360 ? 0 : a;
      }
    }
  }
}

/** GDAL's INTERPOL: linear extrapolation past the edge, in single precision; NaN in, NaN out. */
function extrapolate(edge: number, inside: number): number {
  return Math.fround(2 * edge - inside);
}

/** Fills `w` with the 3×3 window of an edge cell as GDAL's `-compute_edges` builds it (NODATA left as NaN). */
function edgeWindow(z: Float32Array, cols: number, rows: number, r: number, c: number, w: Float64Array): void {
  const i = r * cols + c;
  if (cols < 2 || rows < 2) {
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        w[(dr + 1) * 3 + dc + 1] = rr >= 0 && rr < rows && cc >= 0 && cc < cols ? z[rr * cols + cc] : NaN;
      }
    }
    return;
  }
  if (r === 0 || r === rows - 1) {
    const jmin = c === 0 ? c : c - 1;
    const jmax = c === cols - 1 ? c : c + 1;
    const here = r * cols;
    if (r === 0) {
      const below = cols;
      w[0] = extrapolate(z[jmin], z[below + jmin]);
      w[1] = extrapolate(z[c], z[below + c]);
      w[2] = extrapolate(z[jmax], z[below + jmax]);
      w[3] = z[jmin];
      w[4] = z[c];
      w[5] = z[jmax];
      w[6] = z[below + jmin];
      w[7] = z[below + c];
      w[8] = z[below + jmax];
    } else {
      const above = here - cols;
      w[0] = z[above + jmin];
      w[1] = z[above + c];
      w[2] = z[above + jmax];
      w[3] = z[here + jmin];
      w[4] = z[here + c];
      w[5] = z[here + jmax];
      w[6] = extrapolate(z[here + jmin], z[above + jmin]);
      w[7] = extrapolate(z[here + c], z[above + c]);
      w[8] = extrapolate(z[here + jmax], z[above + jmax]);
    }
    return;
  }
  const up = i - cols;
  const dn = i + cols;
  if (c === 0) {
    w[0] = extrapolate(z[up], z[up + 1]);
    w[1] = z[up];
    w[2] = z[up + 1];
    w[3] = extrapolate(z[i], z[i + 1]);
    w[4] = z[i];
    w[5] = z[i + 1];
    w[6] = extrapolate(z[dn], z[dn + 1]);
    w[7] = z[dn];
    w[8] = z[dn + 1];
  } else {
    w[0] = z[up - 1];
    w[1] = z[up];
    w[2] = extrapolate(z[up], z[up - 1]);
    w[3] = z[i - 1];
    w[4] = z[i];
    w[5] = extrapolate(z[i], z[i - 1]);
    w[6] = z[dn - 1];
    w[7] = z[dn];
    w[8] = extrapolate(z[dn], z[dn - 1]);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Topographic wetness index

/** Neighbour offsets N, NE, E, SE, S, SW, W, NW. */
const DR = [-1, -1, 0, 1, 1, 1, 0, -1] as const;
const DC = [0, 1, 1, 1, 0, -1, -1, -1] as const;
/**
 * Quinn et al. (1991) multiple-flow-direction weights per unit drop: effective contour length over distance,
 * in cell sizes — 0.5 / 1 for the four cardinal neighbours, 0.354 / √2 for the diagonals.
 */
const QUINN = [0.5, 0.354 / Math.SQRT2, 0.5, 0.354 / Math.SQRT2, 0.5, 0.354 / Math.SQRT2, 0.5, 0.354 / Math.SQRT2] as const;

/**
 * TWI = ln(a / tan β) (Beven & Kirkby 1979).
 *
 * Flow routing: multiple flow direction after Quinn et al. (1991) — each cell's upslope area is shared among
 * its strictly lower neighbours in proportion to drop/distance × contour length. Routing runs on a copy of
 * the elevations with depressions and flats filled by Priority-Flood+ε (Barnes, Lehman & Mulla 2014), so that
 * every cell drains to the raster edge or to a NODATA hole rather than stopping in an SRTM pit or on a flat
 * of equal integer heights. Cells are processed in descending order of that filled elevation, ties broken by
 * cell index (the flood pops cells in ascending (elevation, index) order; accumulation walks that order
 * backwards), so the result is fully deterministic.
 *
 * a is the specific catchment area: upslope area (m², the cell's own included) per unit contour width,
 * taken as the cell size. tan β is the local Horn slope of the unfilled surface, floored at tan 0.1°.
 * A raster whose valid cells all have the same elevation routes no flow at all (a = cell size everywhere).
 */
function wetnessIndex(
  z: Float32Array,
  cols: number,
  rows: number,
  cellSize: number,
  slopeDeg: Float32Array,
  twi: Float32Array,
): void {
  const n = cols * rows;
  const cellArea = cellSize * cellSize;
  const area = new Float64Array(n);
  for (let i = 0; i < n; i++) area[i] = z[i] === z[i] ? cellArea : 0;

  // A surface with no gradient anywhere has no flow to route: every cell keeps its own area, so a flat
  // site is uniformly (and wetly) ln(Δ / tan 0.1°) rather than patterned by the artificial ε-drainage.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = z[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo < hi) routeFlow(z, cols, rows, area);

  const DEG_TO_RAD = 1 / RAD_TO_DEG;
  for (let i = 0; i < n; i++) {
    const s = slopeDeg[i];
    if (s !== s || z[i] !== z[i]) {
      twi[i] = NaN;
      continue;
    }
    let tanB = Math.tan(s * DEG_TO_RAD);
    if (tanB < MIN_TAN_SLOPE) tanB = MIN_TAN_SLOPE;
    twi[i] = Math.log(area[i] / cellSize / tanB);
  }
}

/** Multiple-flow-direction accumulation of `area` (each valid cell's own area on entry) over the filled surface. */
function routeFlow(z: Float32Array, cols: number, rows: number, area: Float64Array): void {
  const n = cols * rows;
  const filled = new Float64Array(n);
  const order = new Int32Array(n);
  const count = priorityFlood(z, cols, rows, filled, order);

  const weight = new Float64Array(8);
  for (let k = count - 1; k >= 0; k--) {
    const i = order[k];
    const zi = filled[i];
    const r = (i / cols) | 0;
    const c = i - r * cols;
    let total = 0;
    for (let d = 0; d < 8; d++) {
      weight[d] = 0;
      const rr = r + DR[d];
      const cc = c + DC[d];
      if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
      const drop = zi - filled[rr * cols + cc];
      if (drop > 0) {
        const wgt = drop * QUINN[d];
        weight[d] = wgt;
        total += wgt;
      }
    }
    if (total > 0) {
      const share = area[i] / total;
      for (let d = 0; d < 8; d++) {
        if (weight[d] > 0) area[(r + DR[d]) * cols + c + DC[d]] += share * weight[d];
      }
    }
  }
}

/**
 * Priority-Flood+ε: fills `filled` with the elevations raised just enough that every valid cell has a path of
 * strictly descending cells to an outlet (a cell on the raster edge or next to NODATA), and `order` with the
 * valid cells in the order they leave the queue: ascending (filled elevation, index). Returns how many valid
 * cells there are. NODATA cells stay NaN in `filled`.
 */
function priorityFlood(z: Float32Array, cols: number, rows: number, filled: Float64Array, order: Int32Array): number {
  const n = cols * rows;
  const closed = new Uint8Array(n);
  // 4-ary min-heap on (elevation, index); keys are kept beside the indices so sifting reads memory in order.
  const heapKey = new Float64Array(n);
  const heapIdx = new Int32Array(n);
  let size = 0;

  for (let i = 0; i < n; i++) filled[i] = z[i];

  // Outlets: valid cells on the raster edge or with a NODATA neighbour.
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (filled[i] !== filled[i]) continue;
      let outlet = r === 0 || c === 0 || r === rows - 1 || c === cols - 1;
      for (let d = 0; d < 8 && !outlet; d++) {
        const j = (r + DR[d]) * cols + c + DC[d];
        if (filled[j] !== filled[j]) outlet = true;
      }
      if (outlet) {
        closed[i] = 1;
        size = heapPush(heapKey, heapIdx, size, filled[i], i);
      }
    }
  }

  let count = 0;
  while (size > 0) {
    // Pop the smallest (elevation, index).
    const i = heapIdx[0];
    const zi = heapKey[0];
    size--;
    if (size > 0) {
      const lastKey = heapKey[size];
      const lastIdx = heapIdx[size];
      let pos = 0;
      for (;;) {
        const first = 4 * pos + 1;
        if (first >= size) break;
        let child = first;
        let ck = heapKey[first];
        let ci = heapIdx[first];
        const end = first + 4 < size ? first + 4 : size;
        for (let k = first + 1; k < end; k++) {
          const kk = heapKey[k];
          if (kk < ck || (kk === ck && heapIdx[k] < ci)) {
            child = k;
            ck = kk;
            ci = heapIdx[k];
          }
        }
        if (lastKey < ck || (lastKey === ck && lastIdx < ci)) break;
        heapKey[pos] = ck;
        heapIdx[pos] = ci;
        pos = child;
      }
      heapKey[pos] = lastKey;
      heapIdx[pos] = lastIdx;
    }

    order[count++] = i;
    const r = (i / cols) | 0;
    const c = i - r * cols;
    for (let d = 0; d < 8; d++) {
      const rr = r + DR[d];
      const cc = c + DC[d];
      if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
      const j = rr * cols + cc;
      if (closed[j] || filled[j] !== filled[j]) continue;
      closed[j] = 1;
      if (filled[j] <= zi) filled[j] = zi + FILL_EPSILON;
      size = heapPush(heapKey, heapIdx, size, filled[j], j);
    }
  }
  return count;
}

/** Adds (key, cell) to the 4-ary min-heap of `size` entries; returns the new size. */
function heapPush(heapKey: Float64Array, heapIdx: Int32Array, size: number, key: number, cell: number): number {
  let pos = size;
  while (pos > 0) {
    const parent = (pos - 1) >> 2;
    const pk = heapKey[parent];
    if (pk < key || (pk === key && heapIdx[parent] < cell)) break;
    heapKey[pos] = pk;
    heapIdx[pos] = heapIdx[parent];
    pos = parent;
  }
  heapKey[pos] = key;
  heapIdx[pos] = cell;
  return size + 1;
}
