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
import { sharedFloat32 } from './derive.js';
import { regularFileSize } from './file.js';
import { readPrj } from './asciiPrj.js';
import { readAsciiGridText } from './asciiRead.js';
import { TerrainError, excerpt, reason } from './errors.js';
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
    text = await readAsciiGridText(file, size);
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

  // Lines are counted before any is split, and read token by token no further than the header's cells:
  // a data line of a hundred million values under a header of four is refused, not split.
  if (perLine) {
    for (let r = 0; r < nrows; r++) {
      const k = dataLines[r];
      const count = tokenCount(lines[k]);
      if (count !== ncols) throw at(k + 1, `expected ${ncols} values, found ${count}`);
      const row = r * ncols;
      eachToken(lines[k], ncols, (tok, c) => (values[row + c] = parseToken(tok, k + 1, c + 1)));
    }
  } else {
    let filled = 0;
    for (const k of dataLines) {
      const count = tokenCount(lines[k], n - filled + 1);
      if (filled + count > n) {
        throw at(
          k + 1,
          `more values than the header's ${nrows} rows × ${ncols} columns = ${n} ` +
            `(the data has ${dataLines.length} lines where ${nrows} rows were expected)`,
        );
      }
      const from = filled;
      eachToken(lines[k], count, (tok, c) => (values[from + c] = parseToken(tok, k + 1, c + 1)));
      filled += count;
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

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 9 || ch === 13 || ch === 11 || ch === 12;
}

/** Whitespace-separated tokens on a line, counted without splitting; counting stops at `upTo`. */
function tokenCount(line: string, upTo = Infinity): number {
  let count = 0;
  let inToken = false;
  for (let i = 0; i < line.length && count < upTo; i++) {
    const space = isSpace(line.charCodeAt(i));
    if (!space && !inToken) count++;
    inToken = !space;
  }
  return count;
}

/** Calls `each` with the first `max` whitespace-separated tokens of a line and their index. */
function eachToken(line: string, max: number, each: (token: string, index: number) => void): void {
  let index = 0;
  let i = 0;
  while (index < max) {
    while (i < line.length && isSpace(line.charCodeAt(i))) i++;
    if (i >= line.length) return;
    const start = i;
    while (i < line.length && !isSpace(line.charCodeAt(i))) i++;
    each(line.slice(start, i), index++);
  }
}

/** A plain decimal number as ASCII grids write them: no hex, no Infinity. */
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function isNumberToken(tok: string): boolean {
  return (DECIMAL.test(tok) && Number.isFinite(Number(tok))) || /^[-+]?nan$/i.test(tok);
}
