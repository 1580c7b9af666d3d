/**
 * Loading an elevation model from an ESRI ASCII grid (.asc): a header of `key value` lines — ncols, nrows,
 * xllcorner|xllcenter, yllcorner|yllcenter, cellsize, optional NODATA_value; keys in any case — then nrows
 * rows of ncols numbers, north row first.
 *
 * Rows are normally one per line, and then a wrong count is reported against its line. Files that wrap
 * rows over several lines are read as one stream of numbers — when the number of data lines differs from
 * nrows, or when it equals nrows but the lines split the right total differently — and a wrong total is
 * reported against the line where the data runs out or overflows.
 *
 * Coordinates are taken to be metres. The CRS is recorded from a sidecar `.prj` when there is one: the name
 * of its PROJCS (`PRJ:<name>`), or its first 16 printable characters. A `.prj` describing a geographic CRS (GEOGCS)
 * means the grid is in degrees: it is converted to metres exactly as geographic GeoTIFFs are (local
 * equirectangular projection, coordinates in metres from the south-west corner). A `.prj` whose linear unit
 * is a foot is refused, as for GeoTIFF. Without a `.prj` the CRS is "UNKNOWN".
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { sharedFloat32 } from './derive.js';
import { isRegularFile, regularFileSize } from './file.js';
import { TerrainError, reason } from './errors.js';
import { copyWindow, type Extent, type PixelWindow } from './extent.js';
import { rasterToTerrain } from './raster.js';
import type { Terrain } from './terrain.js';

export interface LoadAsciiGridOptions {
  /** Crop to this rectangle (the grid's metres). */
  extent?: Extent;
}

/** Largest ASCII grid file read, bytes (a JavaScript string holds at most about 512 MB). */
const MAX_FILE_BYTES = 480 * 1024 * 1024;

const HEADER_KEYS = ['ncols', 'nrows', 'xllcorner', 'xllcenter', 'yllcorner', 'yllcenter', 'cellsize', 'nodata_value', 'dx', 'dy'] as const;
type HeaderKey = (typeof HEADER_KEYS)[number];

/** Loads an ESRI ASCII grid as a Terrain. Every failure is a TerrainError naming the file (and line). */
export async function loadAsciiGrid(file: string, opts: LoadAsciiGridOptions = {}): Promise<Terrain> {
  const size = await regularFileSize(file);
  let text: string;
  try {
    if (size > MAX_FILE_BYTES) {
      throw new TerrainError(
        `is ${Math.round(size / 1024 / 1024)} MB, too large for an ASCII grid; convert it to GeoTIFF (gdal_translate)`,
        file,
      );
    }
    text = await readFile(file, 'latin1');
  } catch (err) {
    if (err instanceof TerrainError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : reason(err);
    throw new TerrainError(`cannot read the elevation model: ${why}`, file);
  }

  const grid = parseAsciiGrid(text, file);
  const prj = await readPrj(file);
  const data = grid.values;
  return rasterToTerrain(
    {
      file,
      cols: grid.cols,
      rows: grid.rows,
      cellX: grid.cellSize,
      cellY: grid.cellSize,
      west: grid.west,
      north: grid.north,
      crs: prj.crs,
      ...(prj.wkt ? { crsWkt: prj.wkt } : {}),
      geographic: prj.geographic,
      read: async (win: PixelWindow) => copyWindow(data, grid.cols, win, sharedFloat32(win.cols * win.rows)),
    },
    opts.extent,
  );
}

export interface ParsedAsciiGrid {
  cols: number;
  rows: number;
  cellSize: number;
  west: number;
  north: number;
  /** Row-major, north row first; NODATA as NaN. */
  values: Float32Array;
}

/** Parses the text of an ESRI ASCII grid. `file` is used in messages. */
export function parseAsciiGrid(text: string, file: string): ParsedAsciiGrid {
  // A UTF-8 byte-order mark, read as Latin-1 (or as UTF-8), is not part of the first header key.
  if (text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3);
  else if (text.startsWith('\ufeff')) text = text.slice(1);
  const lines = text.split(/\r\n|\n|\r/);
  const at = (line: number, what: string): TerrainError => new TerrainError(`${file} line ${line}: ${what}`, file);

  // Header: `key value` lines until the first line that starts with a number.
  const header = new Map<HeaderKey, number>();
  let li = 0;
  for (; li < lines.length; li++) {
    const trimmed = lines[li].trim();
    if (trimmed === '') continue;
    const tokens = trimmed.split(/\s+/);
    if (isNumberToken(tokens[0])) break;
    const key = tokens[0].toLowerCase() as HeaderKey;
    if (!HEADER_KEYS.includes(key)) {
      throw at(li + 1, `"${excerpt(tokens[0])}" is not an ESRI ASCII grid header key (ncols, nrows, xllcorner, yllcorner, cellsize, NODATA_value)`);
    }
    if (header.has(key)) throw at(li + 1, `header key "${excerpt(tokens[0])}" appears twice`);
    if (tokens.length !== 2) throw at(li + 1, `header key "${excerpt(tokens[0])}" needs exactly one value, found ${tokens.length - 1}`);
    if (!isNumberToken(tokens[1])) throw at(li + 1, `value "${excerpt(tokens[1])}" of header key "${excerpt(tokens[0])}" is not a number`);
    header.set(key, Number(tokens[1]));
  }
  const headerEnd = li + 1; // line number of the first data line (or one past the end)
  const missing = (key: string): TerrainError =>
    at(Math.min(headerEnd, lines.length), `missing header key "${key}" (the header ends before this line)`);

  const ncols = header.get('ncols');
  const nrows = header.get('nrows');
  if (ncols === undefined) throw missing('ncols');
  if (nrows === undefined) throw missing('nrows');
  if (!Number.isInteger(ncols) || ncols < 1) throw new TerrainError(`ncols must be a whole number of at least 1 (got ${ncols})`, file);
  if (!Number.isInteger(nrows) || nrows < 1) throw new TerrainError(`nrows must be a whole number of at least 1 (got ${nrows})`, file);
  if (ncols * nrows > 500_000_000) {
    throw new TerrainError(`header declares ${ncols} × ${nrows} cells, far more than any ASCII grid holds`, file);
  }
  const xCorner = header.get('xllcorner');
  const xCenter = header.get('xllcenter');
  const yCorner = header.get('yllcorner');
  const yCenter = header.get('yllcenter');
  if (xCorner !== undefined && xCenter !== undefined) throw new TerrainError('header has both xllcorner and xllcenter', file);
  if (yCorner !== undefined && yCenter !== undefined) throw new TerrainError('header has both yllcorner and yllcenter', file);
  if (xCorner === undefined && xCenter === undefined) throw missing('xllcorner');
  if (yCorner === undefined && yCenter === undefined) throw missing('yllcorner');
  let cellSize = header.get('cellsize');
  if (cellSize === undefined) {
    const dx = header.get('dx');
    const dy = header.get('dy');
    if (dx === undefined || dy === undefined) throw missing('cellsize');
    if (Math.abs(dx - dy) > 1e-9 * Math.max(Math.abs(dx), Math.abs(dy))) {
      throw new TerrainError(`cells are not square (dx ${dx}, dy ${dy}); resample the grid to square cells (gdalwarp -tr)`, file);
    }
    cellSize = dx;
  }
  if (!(cellSize > 0)) throw new TerrainError(`cellsize must be positive (got ${cellSize})`, file);
  const west = xCorner ?? xCenter! - cellSize / 2;
  const south = yCorner ?? yCenter! - cellSize / 2;
  const nodata = header.get('nodata_value');

  // Data.
  const n = ncols * nrows;
  const values = new Float32Array(n);
  const dataLines: number[] = [];
  for (let k = li; k < lines.length; k++) if (lines[k].trim() !== '') dataLines.push(k);
  const parseToken = (tok: string, line: number, column: number): number => {
    if (/^[-+]?nan$/i.test(tok)) return NaN;
    const v = DECIMAL.test(tok) ? Number(tok) : NaN;
    if (!Number.isFinite(v)) throw at(line, `"${excerpt(tok)}" (value ${column}) is not a decimal number`);
    return v === nodata ? NaN : v;
  };

  // One row per line when there are nrows data lines — unless some line is off and yet the total is right,
  // which is a file wrapping its rows differently.
  let perLine = dataLines.length === nrows;
  if (perLine) {
    let total = 0;
    let misfit = false;
    for (const k of dataLines) {
      const count = tokenCount(lines[k]);
      total += count;
      if (count !== ncols) misfit = true;
    }
    if (misfit && total === n) perLine = false;
  }

  if (perLine) {
    for (let r = 0; r < nrows; r++) {
      const k = dataLines[r];
      const tokens = lines[k].trim().split(/\s+/);
      if (tokens.length !== ncols) throw at(k + 1, `expected ${ncols} values, found ${tokens.length}`);
      const row = r * ncols;
      for (let c = 0; c < ncols; c++) values[row + c] = parseToken(tokens[c], k + 1, c + 1);
    }
  } else {
    let filled = 0;
    for (const k of dataLines) {
      const tokens = lines[k].trim().split(/\s+/);
      if (filled + tokens.length > n) {
        throw at(
          k + 1,
          `more values than the header's ${nrows} rows × ${ncols} columns = ${n} ` +
            `(the data has ${dataLines.length} lines where ${nrows} rows were expected)`,
        );
      }
      for (let c = 0; c < tokens.length; c++) values[filled + c] = parseToken(tokens[c], k + 1, c + 1);
      filled += tokens.length;
    }
    if (filled < n) {
      const last = dataLines.length > 0 ? dataLines[dataLines.length - 1] + 1 : lines.length;
      const rowsOfCols = dataLines.length > 0 && dataLines.every((k) => tokenCount(lines[k]) === ncols);
      throw at(
        last,
        rowsOfCols
          ? `expected ${nrows} rows of ${ncols} values, found ${dataLines.length} rows (the data ends here)`
          : `the data ends after ${filled} values; the header's ${nrows} rows × ${ncols} columns need ${n}`,
      );
    }
  }

  return { cols: ncols, rows: nrows, cellSize, west, north: south + nrows * cellSize, values };
}

/** Whitespace-separated tokens on a line, counted without splitting. */
function tokenCount(line: string): number {
  let count = 0;
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    const space = ch === 32 || ch === 9 || ch === 13 || ch === 11 || ch === 12;
    if (!space && !inToken) count++;
    inToken = !space;
  }
  return count;
}

/**
 * A token as quoted in a message: printable ASCII only and at most 16 characters, so that an error
 * never spells out a file that was not an elevation model.
 */
export function excerpt(token: string): string {
  const printable = token.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 16 ? `${printable.slice(0, 16)}…` : printable;
}

/** A plain decimal number as ASCII grids write them: no hex, no Infinity. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function isNumberToken(tok: string): boolean {
  return (DECIMAL.test(tok) && Number.isFinite(Number(tok))) || /^[-+]?nan$/i.test(tok);
}

/** The CRS recorded for an ASCII grid, from its sidecar .prj if there is one. */
async function readPrj(file: string): Promise<{ crs: string; geographic: boolean; wkt?: string }> {
  const stem = join(dirname(file), basename(file, extname(file)));
  for (const candidate of [`${stem}.prj`, `${stem}.PRJ`]) {
    let text: string;
    try {
      // A sidecar that is not a regular file (a pipe, a device) could block or never end: passed over.
      if (!(await isRegularFile(candidate))) continue;
      text = await readFile(candidate, 'utf8');
    } catch {
      continue;
    }
    const described = describePrj(text, candidate);
    // Kept whole for reprojecting vector files onto the grid; a .prj that is not WKT is a name only.
    return /^(PROJCS|PROJCRS)\s*\[/i.test(text.trim()) ? { ...described, wkt: text.trim() } : described;
  }
  return { crs: 'UNKNOWN', geographic: false };
}

/** Reads the CRS name, kind and linear unit from WKT1 (ESRI or OGC flavour) or any other .prj text. */
export function describePrj(text: string, prjFile: string): { crs: string; geographic: boolean } {
  const wkt = text.trim();
  const top = /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(wkt);
  if (!top) return { crs: `PRJ:${excerpt(wkt.replace(/\s+/g, ' '))}`, geographic: false };
  const kind = top[1].toUpperCase();
  const name = top[2];
  if (kind === 'PROJCS' || kind === 'PROJCRS') {
    const unit = topLevelUnit(wkt);
    if (unit && /foot|feet|ft/i.test(unit)) {
      throw new TerrainError(
        `projected CRS "${name}" measures in ${unit}; Reforest needs metres. Reproject the grid to a metric CRS ` +
          '(e.g. gdalwarp -t_srs EPSG:326xx) and convert its elevations to metres if they are in feet',
        prjFile,
      );
    }
    return { crs: `PRJ:${name}`, geographic: false };
  }
  return { crs: `PRJ:${name}`, geographic: true };
}

/** The name of the UNIT (or LENGTHUNIT) that is a direct child of the outermost WKT node. */
function topLevelUnit(wkt: string): string | undefined {
  let depth = 0;
  let found: string | undefined;
  for (let i = 0; i < wkt.length; i++) {
    const ch = wkt[i];
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    else if (depth === 1 && /[A-Za-z]/.test(ch) && (i === 0 || /[,[\s(]/.test(wkt[i - 1]))) {
      const m = /^(UNIT|LENGTHUNIT)\s*\[\s*"([^"]*)"/i.exec(wkt.slice(i, i + 200));
      if (m) found = m[2];
    } else if (ch === '"') {
      const end = wkt.indexOf('"', i + 1);
      if (end < 0) break;
      i = end;
    }
  }
  return found;
}
