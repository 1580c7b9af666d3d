import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAsciiGrid } from '../../sim/terrain/ascii.js';
import { TerrainError } from '../../sim/terrain/errors.js';
import { terrainSouth } from '../../sim/terrain/terrain.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();

function writeGrid(name: string, lines: string[], prj?: string): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  if (prj !== undefined) writeFileSync(file.replace(/\.asc$/, '.prj'), prj);
  return file;
}

/** Rows of `cols` values z(c, r), north row first. */
function dataRows(cols: number, rows: number, z: (c: number, r: number) => number | string): string[] {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from({ length: cols }, (_, c) => String(z(c, r))).join(' '));
  return out;
}

async function failure(file: string): Promise<string> {
  try {
    await loadAsciiGrid(file);
  } catch (err) {
    expect(err).toBeInstanceOf(TerrainError);
    return (err as Error).message;
  }
  throw new Error('expected the load to fail');
}

describe('loadAsciiGrid', () => {
  it('reads values, NODATA and the corner origin', async () => {
    const file = writeGrid('corner.asc', [
      'ncols 4',
      'nrows 3',
      'xllcorner 1000',
      'yllcorner 2000',
      'cellsize 10',
      'NODATA_value -9999',
      '1 2 3 4',
      '5 -9999 7 8',
      '9 10 11 12.5',
    ]);
    const t = await loadAsciiGrid(file);
    expect([t.cols, t.rows, t.cellSize]).toEqual([4, 3, 10]);
    expect(t.west).toBe(1000);
    expect(terrainSouth(t)).toBe(2000);
    expect(t.north).toBe(2030);
    expect(t.crs).toBe('UNKNOWN');
    expect(t.source).toBe(file);
    expect(Array.from(t.elevation.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(Number.isNaN(t.elevation[5])).toBe(true);
    expect(Number.isNaN(t.slope[5]) && Number.isNaN(t.twi[5])).toBe(true);
    expect(t.elevation[11]).toBe(12.5);
    expect(t.elevation.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('reads the center origin variant, header keys in any case, and a sidecar .prj', async () => {
    const file = writeGrid(
      'center.asc',
      ['NCOLS 3', 'NRows 2', 'XLLCENTER 505', 'yllcenter 6005', 'CellSize 10', ...dataRows(3, 2, (c, r) => 100 + c + r)],
      'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],' +
        'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["Meter",1.0]]',
    );
    const t = await loadAsciiGrid(file);
    expect(t.west).toBe(500);
    expect(terrainSouth(t)).toBe(6000);
    expect(t.north).toBe(6020);
    expect(t.crs).toBe('PRJ:British_National_Grid');
    expect(t.elevation[0]).toBe(100);
    expect(t.elevation[5]).toBe(103);
  });

  it('accepts rows wrapped over several lines', async () => {
    const values = Array.from({ length: 12 }, (_, i) => i + 1);
    const file = writeGrid('wrapped.asc', ['ncols 4', 'nrows 3', 'xllcorner 0', 'yllcorner 0', 'cellsize 5', '1 2 3 4 5', '6 7', '8 9 10 11 12']);
    const t = await loadAsciiGrid(file);
    expect(Array.from(t.elevation)).toEqual(values);
  });

  it('crops to an extent', async () => {
    const file = writeGrid('crop.asc', ['ncols 10', 'nrows 8', 'xllcorner 0', 'yllcorner 0', 'cellsize 10', ...dataRows(10, 8, (c, r) => c + 100 * r)]);
    const t = await loadAsciiGrid(file, { extent: { minX: 25, minY: 12, maxX: 51, maxY: 40 } });
    expect([t.cols, t.rows]).toEqual([4, 3]);
    expect(t.west).toBe(20);
    expect(t.north).toBe(40);
    // Row 0 of the crop is row 4 of the file (north edge at 80 − 4·10 = 40), column 0 is column 2.
    expect(t.elevation[0]).toBe(2 + 400);
    await expect(loadAsciiGrid(file, { extent: { minX: 500, minY: 500, maxX: 600, maxY: 600 } })).rejects.toThrow(
      /crop\.asc: extent \(minX 500, minY 500, maxX 600, maxY 600\) does not overlap the raster, which covers x 0 to 100, y 0 to 80/,
    );
  });

  it('names the file and line of a row with too few values', async () => {
    const rows = dataRows(120, 3, (c) => c);
    rows[0] = rows[0].split(' ').slice(1).join(' ');
    const file = writeGrid('site.asc', ['ncols 120', 'nrows 3', 'xllcorner 0', 'yllcorner 0', 'cellsize 10', 'NODATA_value -9999', ...rows]);
    expect(await failure(file)).toBe(`${file} line 7: expected 120 values, found 119`);
  });

  it('names the file and line of a non-numeric value', async () => {
    const file = writeGrid('word.asc', ['ncols 3', 'nrows 3', 'xllcorner 0', 'yllcorner 0', 'cellsize 10', '1 2 3', '4 five 6', '7 8 9']);
    expect(await failure(file)).toBe(`${file} line 7: "five" (value 2) is not a decimal number`);
  });

  it('refuses hex and Infinity cells, and cells too large for an elevation model', async () => {
    const hex = writeGrid('hex.asc', ['ncols 2', 'nrows 1', 'xllcorner 0', 'yllcorner 0', 'cellsize 10', '5 0x1A']);
    expect(await failure(hex)).toBe(`${hex} line 6: "0x1A" (value 2) is not a decimal number`);
    const inf = writeGrid('inf.asc', ['ncols 2', 'nrows 1', 'xllcorner 0', 'yllcorner 0', 'cellsize 10', '5 Infinity']);
    expect(await failure(inf)).toBe(`${inf} line 6: "Infinity" (value 2) is not a decimal number`);
    const huge = writeGrid('huge.asc', ['ncols 2', 'nrows 2', 'xllcorner 0', 'yllcorner 0', 'cellsize 1e300', '1 2', '3 4']);
    expect(await failure(huge)).toMatch(/cell size 1e\+300 × 1e\+300 m is larger than any elevation model's/);
  });

  it('reads a grid saved with a UTF-8 byte-order mark', async () => {
    const file = writeGrid('bom.asc', ['\ufeffncols 2', 'nrows 1', 'xllcorner 0', 'yllcorner 0', 'cellsize 10', '5 6']);
    const t = await loadAsciiGrid(file);
    expect([t.cols, t.rows, t.elevation[0], t.elevation[1]]).toEqual([2, 1, 5, 6]);
  });

  it('names a missing header key and the line where the header ends', async () => {
    const file = writeGrid('nocell.asc', ['ncols 2', 'nrows 2', 'xllcorner 0', 'yllcorner 0', '1 2', '3 4']);
    expect(await failure(file)).toBe(`${file} line 5: missing header key "cellsize" (the header ends before this line)`);
    const noY = writeGrid('noy.asc', ['ncols 2', 'nrows 2', 'xllcorner 0', 'cellsize 1', '1 2', '3 4']);
    expect(await failure(noY)).toMatch(/noy\.asc line 5: missing header key "yllcorner"/);
  });

  it('names unknown and malformed header lines', async () => {
    const unknown = writeGrid('unknown.asc', ['ncols 2', 'nrows 2', 'colour blue', 'xllcorner 0', 'yllcorner 0', 'cellsize 1', '1 2', '3 4']);
    expect(await failure(unknown)).toMatch(/unknown\.asc line 3: "colour" is not an ESRI ASCII grid header key/);
    const badValue = writeGrid('badvalue.asc', ['ncols two', 'nrows 2', 'xllcorner 0', 'yllcorner 0', 'cellsize 1', '1 2', '3 4']);
    expect(await failure(badValue)).toMatch(/badvalue\.asc line 1: value "two" of header key "ncols" is not a number/);
  });

  it('reports missing rows and surplus values against their lines', async () => {
    const short = writeGrid('short.asc', ['ncols 3', 'nrows 4', 'xllcorner 0', 'yllcorner 0', 'cellsize 1', '1 2 3', '4 5 6', '7 8 9']);
    expect(await failure(short)).toBe(`${short} line 8: expected 4 rows of 3 values, found 3 rows (the data ends here)`);
    const long = writeGrid('long.asc', ['ncols 2', 'nrows 2', 'xllcorner 0', 'yllcorner 0', 'cellsize 1', '1 2', '3 4', '5 6']);
    expect(await failure(long)).toMatch(/long\.asc line 8: more values than the header's 2 rows × 2 columns = 4/);
  });

  it('refuses a missing file, an all-NODATA grid and a .prj in feet', async () => {
    const missing = join(dir, 'absent.asc');
    expect(await failure(missing)).toBe(`${missing}: cannot read the elevation model: file not found`);
    const empty = writeGrid('empty.asc', ['ncols 2', 'nrows 2', 'xllcorner 0', 'yllcorner 0', 'cellsize 1', 'nodata_value -1', '-1 -1', '-1 -1']);
    expect(await failure(empty)).toBe(`${empty}: every cell is NODATA: the raster holds no elevations`);
    const feet = writeGrid(
      'feet.asc',
      ['ncols 2', 'nrows 2', 'xllcorner 0', 'yllcorner 0', 'cellsize 1', '1 2', '3 4'],
      'PROJCS["NAD_1983_StatePlane_California_V_FIPS_0405_Feet",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",' +
        'SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
        'PROJECTION["Lambert_Conformal_Conic"],UNIT["Foot_US",0.3048006096012192]]',
    );
    expect(await failure(feet)).toMatch(/feet\.prj: projected CRS "NAD_1983_StatePlane_California_V_FIPS_0405_Feet" measures in Foot_US/);
  });

  it('converts a grid in degrees (GEOGCS .prj) to metres from its south-west corner', async () => {
    const d = 1 / 1200; // 3 arc-seconds
    const file = writeGrid(
      'degrees.asc',
      ['ncols 50', 'nrows 30', `xllcorner -5`, `yllcorner 56.9`, `cellsize ${d}`, ...dataRows(50, 30, () => 250)],
      'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
    );
    const t = await loadAsciiGrid(file);
    const latC = 56.9 + (30 * d) / 2;
    const expectedCell = d * 111_320 * Math.cos((latC * Math.PI) / 180);
    expect(t.cellSize).toBeCloseTo(expectedCell, 6);
    expect(t.west).toBe(0);
    expect(terrainSouth(t)).toBeCloseTo(0, 9);
    expect(t.crs).toMatch(/^LOCAL:equirectangular\(lat_c=56\.9125,lon0=-5,lat0=56\.9\)$/);
  });
});
