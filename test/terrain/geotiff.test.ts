import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { afterAll, describe, expect, it } from 'vitest';
import { TerrainError } from '../../sim/terrain/errors.js';
import { loadGeoTiff } from '../../sim/terrain/geotiff.js';
import { terrainStats } from '../../sim/terrain/stats.js';
import { isInsideSite, terrainHeight, terrainSouth, terrainWidth } from '../../sim/terrain/terrain.js';
import { hasRealDem } from '../helpers.js';
import { REAL_DEM, removeTempDirs, tempDir, writeProjectedTiff, writeTiff } from './helpers.js';

afterAll(removeTempDirs);

/** Reads band 1 of a GeoTIFF straight through geotiff, independently of the module under test. */
async function readRaw(file: string): Promise<{ cols: number; rows: number; cell: number; z: Float64Array }> {
  const tiff = await fromFile(file);
  try {
    const image = await tiff.getImage();
    const [band] = await image.readRasters({ samples: [0] });
    return {
      cols: image.getWidth(),
      rows: image.getHeight(),
      cell: image.getResolution()[0],
      z: Float64Array.from(band as ArrayLike<number>),
    };
  } finally {
    await tiff.close();
  }
}

/** Horn (1981) slope in degrees, straight from the formula, interior cells only (NaN on the border). */
function simpleHornSlope(z: Float64Array, cols: number, rows: number, cell: number): Float64Array {
  const out = new Float64Array(cols * rows).fill(NaN);
  const at = (c: number, r: number) => z[r * cols + c];
  for (let r = 1; r < rows - 1; r++) {
    for (let c = 1; c < cols - 1; c++) {
      const a = at(c - 1, r - 1), b = at(c, r - 1), cc = at(c + 1, r - 1);
      const d = at(c - 1, r), f = at(c + 1, r);
      const g = at(c - 1, r + 1), h = at(c, r + 1), i = at(c + 1, r + 1);
      const dzdx = (cc + 2 * f + i - (a + 2 * d + g)) / (8 * cell);
      const dzdy = (g + 2 * h + i - (a + 2 * b + cc)) / (8 * cell);
      out[r * cols + c] = (Math.atan(Math.sqrt(dzdx * dzdx + dzdy * dzdy)) * 180) / Math.PI;
    }
  }
  return out;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

async function rejection(p: Promise<unknown>): Promise<TerrainError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TerrainError);
    return err as TerrainError;
  }
  throw new Error('expected the load to fail');
}

describe.skipIf(!hasRealDem)('loadGeoTiff on the real Big Tujunga DEM', () => {
  it('reads its size, CRS, cell size, origin and elevation range', async () => {
    const t = await loadGeoTiff(REAL_DEM);
    expect(t.cols).toBe(1197);
    expect(t.rows).toBe(643);
    expect(t.crs).toBe('EPSG:32611');
    expect(t.cellSize).toBeCloseTo(30, 9);
    expect(t.west).toBeCloseTo(376313.655, 3);
    expect(t.north).toBeCloseTo(3807917.828, 3);
    expect(t.source).toBe(REAL_DEM);
    for (const a of [t.elevation, t.slope, t.aspect, t.twi]) {
      expect(a.length).toBe(1197 * 643);
      expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    const s = terrainStats(t);
    expect(s.validCells).toBe(1197 * 643);
    expect(s.elevation.min).toBe(315);
    expect(s.elevation.max).toBe(2295);
    expect(Number.isFinite(s.twi.min) && Number.isFinite(s.twi.max)).toBe(true);
    expect(isInsideSite(t, t.west + 15, t.north - 15)).toBe(true);
    expect(isInsideSite(t, t.west - 15, t.north - 15)).toBe(false);
  });

  it('computes Horn slope that agrees with an independent implementation', async () => {
    const t = await loadGeoTiff(REAL_DEM);
    const raw = await readRaw(REAL_DEM);
    expect([raw.cols, raw.rows]).toEqual([t.cols, t.rows]);
    const ref = simpleHornSlope(raw.z, raw.cols, raw.rows, raw.cell);

    let maxDiff = 0;
    const interior: number[] = [];
    for (let r = 1; r < t.rows - 1; r++) {
      for (let c = 1; c < t.cols - 1; c++) {
        const i = r * t.cols + c;
        maxDiff = Math.max(maxDiff, Math.abs(t.slope[i] - ref[i]));
        interior.push(ref[i]);
      }
    }
    expect(maxDiff).toBeLessThan(0.01);

    interior.sort((a, b) => a - b);
    const refMean = interior.reduce((s, v) => s + v, 0) / interior.length;
    const stats = terrainStats(t).slope;
    expect(Math.abs(stats.mean - refMean) / refMean).toBeLessThan(0.005);
    expect(Math.abs(stats.p50 - quantile(interior, 0.5)) / quantile(interior, 0.5)).toBeLessThan(0.005);
    expect(Math.abs(stats.p95 - quantile(interior, 0.95)) / quantile(interior, 0.95)).toBeLessThan(0.005);
    // Edge cells have a slope too (GDAL -compute_edges), not NaN.
    expect(Number.isFinite(t.slope[0]) && Number.isFinite(t.slope[t.cols * t.rows - 1])).toBe(true);
  });

  it('crops to an extent, snapping outward to whole cells', async () => {
    const west = 376313.655;
    const north = 3807917.828;
    // 100.5 to 250.2 cells east, 40.3 to 120.9 cells south of the corner.
    const extent = { minX: west + 30 * 100.5, maxX: west + 30 * 250.2, maxY: north - 30 * 40.3, minY: north - 30 * 120.9 };
    const t = await loadGeoTiff(REAL_DEM, { extent });
    expect(t.cols).toBe(251 - 100);
    expect(t.rows).toBe(121 - 40);
    expect(t.west).toBeCloseTo(west + 30 * 100, 2);
    expect(t.north).toBeCloseTo(north - 30 * 40, 2);
    expect(t.west).toBeLessThanOrEqual(extent.minX);
    expect(t.west + terrainWidth(t)).toBeGreaterThanOrEqual(extent.maxX);
    expect(t.north).toBeGreaterThanOrEqual(extent.maxY);
    expect(terrainSouth(t)).toBeLessThanOrEqual(extent.minY);

    // The cropped cells are the same cells of the raw raster.
    const raw = await readRaw(REAL_DEM);
    for (const [r, c] of [[0, 0], [5, 17], [t.rows - 1, t.cols - 1]]) {
      expect(t.elevation[r * t.cols + c]).toBe(raw.z[(40 + r) * raw.cols + 100 + c]);
    }
  });

  it('clips an extent that runs past the raster to the raster', async () => {
    const west = 376313.655;
    const north = 3807917.828;
    const t = await loadGeoTiff(REAL_DEM, { extent: { minX: west - 5000, maxX: west + 300, minY: north - 600, maxY: north + 1000 } });
    expect(t.cols).toBe(10);
    expect(t.rows).toBe(20);
    expect(t.west).toBeCloseTo(west, 3);
    expect(t.north).toBeCloseTo(north, 3);
  });

  it('rejects an extent that does not overlap, naming the extent and the bounds', async () => {
    const err = await rejection(loadGeoTiff(REAL_DEM, { extent: { minX: 0, minY: 0, maxX: 1000, maxY: 1000 } }));
    expect(err.message).toContain('big-tujunga-srtm30m-utm11n.tif');
    expect(err.message).toMatch(/extent \(minX 0, minY 0, maxX 1000, maxY 1000\) does not overlap/);
    expect(err.message).toMatch(/376313\.65\d? to 412223\.65\d?/);
    expect(err.message).toMatch(/3788627\.82\d? to 3807917\.82\d?/);
    expect(err.file).toBe(REAL_DEM);
  });
});

describe('loadGeoTiff refuses what is not an elevation model', () => {
  const dir = tempDir();

  it('a missing file', async () => {
    const file = join(dir, 'nowhere.tif');
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toBe(`${file}: cannot read the elevation model: file not found`);
  });

  it('a file that is not a TIFF', async () => {
    const file = join(dir, 'notes.tif');
    writeFileSync(file, 'this is not a tiff at all');
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toBe(`${file}: is not a TIFF file`);
    const asc = join(dir, 'grid.tif');
    writeFileSync(asc, 'ncols 3\nnrows 3\n');
    expect((await rejection(loadGeoTiff(asc))).message).toMatch(/looks like an ESRI ASCII grid/);
  });

  it('a truncated TIFF, without letting a geotiff exception through', async () => {
    const good = writeProjectedTiff(dir, 'whole.tif', { cols: 20, rows: 20, cell: 10, west: 0, north: 200 }, (c, r) => c + r);
    const bytes = readFileSync(good);
    const file = join(dir, 'truncated.tif');
    writeFileSync(file, bytes.subarray(0, 600));
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toBe(`${file}: is truncated: its raster data runs to byte 2,600 but the file has 600 bytes`);

    // A TIFF header pointing at a directory that is not there.
    const broken = join(dir, 'broken.tif');
    writeFileSync(broken, Buffer.from([0x49, 0x49, 42, 0, 0xff, 0xff, 0, 0, 1, 2, 3, 4]));
    expect((await rejection(loadGeoTiff(broken))).message).toBe(`${broken}: is truncated: 12 bytes, cut off before its first image directory`);

    // Seven bytes: a TIFF signature and nothing after it.
    const stub = join(dir, 'stub.tif');
    writeFileSync(stub, Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0]));
    expect((await rejection(loadGeoTiff(stub))).message).toBe(`${stub}: is truncated: 7 bytes, cut off before its first image directory`);
  });

  it('data geotiff cannot decode, re-worded rather than passed through', async () => {
    const file = writeTiff(dir, 'odd-compression.tif', new Float32Array(16).fill(100), {
      width: 4,
      height: 4,
      Compression: 60_000,
      ModelPixelScale: [10, 10, 0],
      ModelTiepoint: [0, 0, 0, 0, 40, 0],
      ProjectedCSTypeGeoKey: 32630,
      GTModelTypeGeoKey: 1,
    });
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toMatch(/^.*odd-compression\.tif: cannot decode the raster data \(.+\)$/);
  });

  it('an RGB picture', async () => {
    const band = [[10, 20, 30], [40, 50, 60]];
    const file = writeTiff(dir, 'photo.tif', [band, band, band], {
      ModelPixelScale: [1, 1, 0],
      ModelTiepoint: [0, 0, 0, 0, 0, 0],
      ProjectedCSTypeGeoKey: 32630,
      GTModelTypeGeoKey: 1,
    });
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toBe(`${file}: raster has 3 bands of 8-bit integers; an elevation model has one band`);
  });

  it('a single band of 8-bit integers', async () => {
    const file = writeTiff(dir, 'classes.tif', new Uint8Array(16).fill(3), {
      width: 4,
      height: 4,
      ModelPixelScale: [10, 10, 0],
      ModelTiepoint: [0, 0, 0, 0, 40, 0],
      ProjectedCSTypeGeoKey: 32630,
      GTModelTypeGeoKey: 1,
    });
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toMatch(/classes\.tif: holds 8-bit integers .*not elevation/);
  });

  it('a raster whose every cell is NODATA', async () => {
    const file = writeProjectedTiff(dir, 'empty.tif', { cols: 8, rows: 6, cell: 10, west: 0, north: 60, nodata: '-9999' }, () => -9999);
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toBe(`${file}: every cell is NODATA: the raster holds no elevations`);
  });

  it('a rotated raster', async () => {
    const file = writeTiff(dir, 'rotated.tif', new Float32Array(16).fill(100), {
      width: 4,
      height: 4,
      ModelTransformation: [8.66, 5, 0, 1000, 5, -8.66, 0, 2000, 0, 0, 0, 0, 0, 0, 0, 1],
      ProjectedCSTypeGeoKey: 32630,
      GTModelTypeGeoKey: 1,
    });
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toMatch(/rotated\.tif: raster is rotated or sheared/);
  });

  it('a projected CRS in US survey feet', async () => {
    const file = writeTiff(dir, 'feet.tif', new Float32Array(16).fill(100), {
      width: 4,
      height: 4,
      ModelPixelScale: [10, 10, 0],
      ModelTiepoint: [0, 0, 0, 6_000_000, 2_000_000, 0],
      ProjectedCSTypeGeoKey: 2229,
      ProjLinearUnitsGeoKey: 9003,
      GTModelTypeGeoKey: 1,
    });
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toMatch(/feet\.tif: projected CRS EPSG:2229 measures in US survey feet; Reforest needs metres/);
  });

  it('values no elevation model holds (an undeclared NODATA)', async () => {
    const file = writeProjectedTiff(dir, 'voids.tif', { cols: 5, rows: 5, cell: 30, west: 0, north: 150 }, (c) => (c === 2 ? -32768 : 500));
    const err = await rejection(loadGeoTiff(file));
    expect(err.message).toMatch(/voids\.tif: values range from -32768 to 500, beyond any elevation on Earth/);
  });
});

describe('loadGeoTiff conversions', () => {
  const dir = tempDir();

  it('turns GDAL_NODATA cells into NaN and keeps the rest', async () => {
    const file = writeProjectedTiff(dir, 'holes.tif', { cols: 6, rows: 5, cell: 25, west: 500_000, north: 6_000_125, nodata: '-9999' }, (c, r) =>
      c === 0 || r === 4 ? -9999 : 200 + c + 10 * r,
    );
    const t = await loadGeoTiff(file);
    expect(t.crs).toBe('EPSG:32630');
    expect(Number.isNaN(t.elevation[0])).toBe(true);
    expect(Number.isNaN(t.slope[0]) && Number.isNaN(t.aspect[0]) && Number.isNaN(t.twi[0])).toBe(true);
    expect(t.elevation[1 * 6 + 3]).toBe(200 + 3 + 10);
    expect(Number.isFinite(t.slope[1 * 6 + 3]) && Number.isFinite(t.twi[1 * 6 + 3])).toBe(true);
    expect(terrainStats(t).validCells).toBe(5 * 4);
  });

  it('resamples non-square projected cells to square cells of the smaller side', async () => {
    // 10 m wide, 20 m tall cells on a plane rising 0.1 m per metre northwards.
    const cols = 12;
    const rows = 6;
    const values = new Float32Array(cols * rows);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[r * cols + c] = 100 + 0.1 * 20 * (rows - r - 0.5);
    const file = writeTiff(dir, 'tall-cells.tif', values, {
      width: cols,
      height: rows,
      ModelPixelScale: [10, 20, 0],
      ModelTiepoint: [0, 0, 0, 1000, 5120, 0],
      ProjectedCSTypeGeoKey: 32630,
      GTModelTypeGeoKey: 1,
    });
    const t = await loadGeoTiff(file);
    expect(t.cellSize).toBe(10);
    expect([t.cols, t.rows]).toEqual([12, 12]);
    expect(t.west).toBe(1000);
    expect(t.north).toBe(5120);
    const expectedSlope = (Math.atan(0.1) * 180) / Math.PI;
    for (let r = 2; r < 10; r++) {
      const i = r * t.cols + 5;
      expect(t.slope[i]).toBeCloseTo(expectedSlope, 3);
      expect(t.aspect[i]).toBeCloseTo(180, 3);
    }
  });

  it('shifts PixelIsPoint rasters by half a cell', async () => {
    const file = writeTiff(dir, 'points.tif', new Float32Array(9).fill(50), {
      width: 3,
      height: 3,
      ModelPixelScale: [10, 10, 0],
      ModelTiepoint: [0, 0, 0, 1000, 2000, 0],
      ProjectedCSTypeGeoKey: 32630,
      GTModelTypeGeoKey: 1,
      GTRasterTypeGeoKey: 2,
    });
    const t = await loadGeoTiff(file);
    expect(t.west).toBe(995);
    expect(t.north).toBe(2005);
  });

  it('converts a geographic (EPSG:4326) DEM from degrees to a square metric grid', async () => {
    // 1 arc-second cells, 120 × 40, near 57° N (a Highland glen), on a plane rising 10° towards the east.
    const cols = 120;
    const rows = 40;
    const d = 1 / 3600;
    const lon0 = -4.5;
    const latN = 57.02;
    const latS = latN - rows * d;
    const latC = (latN + latS) / 2;
    const rise = Math.tan((10 * Math.PI) / 180);
    const values = new Float32Array(cols * rows);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        // Distance east along the parallel, in metres, from spherical geometry (independent of the loader's formula).
        const eastMetres = 6_371_008.8 * Math.cos((latC * Math.PI) / 180) * (((c + 0.5) * d * Math.PI) / 180);
        values[r * cols + c] = 300 + rise * eastMetres;
      }
    }
    const file = writeTiff(dir, 'wgs84.tif', values, {
      width: cols,
      height: rows,
      ModelPixelScale: [d, d, 0],
      ModelTiepoint: [0, 0, 0, lon0, latN, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
      GTRasterTypeGeoKey: 1,
    });
    const t = await loadGeoTiff(file);

    // Great-circle sizes of the raster, on a sphere of mean Earth radius.
    const R = 6_371_008.8;
    const rad = Math.PI / 180;
    const widthMetres = R * Math.cos(latC * rad) * cols * d * rad;
    const heightMetres = R * rows * d * rad;
    const expectedCell = Math.min(widthMetres / cols, heightMetres / rows);
    expect(Math.abs(t.cellSize - expectedCell) / expectedCell).toBeLessThan(0.01);
    expect(Math.abs(terrainWidth(t) - widthMetres) / widthMetres).toBeLessThan(0.01);
    expect(Math.abs(terrainHeight(t) - heightMetres)).toBeLessThan(t.cellSize + 0.01 * heightMetres);
    expect(t.west).toBe(0);
    expect(terrainSouth(t)).toBeCloseTo(0, 9);
    expect(t.crs).toMatch(/^LOCAL:equirectangular\(lat_c=57\.01444\d*,lon0=-4\.5,lat0=57\.00888\d*\)$/);

    // The 10° plane is still a 10° plane facing west (it rises to the east) once in metres.
    for (let r = 3; r < t.rows - 3; r += 5) {
      for (let c = 3; c < t.cols - 3; c += 7) {
        const i = r * t.cols + c;
        expect(Math.abs(t.slope[i] - 10)).toBeLessThan(0.1);
        expect(Math.abs(t.aspect[i] - 270)).toBeLessThan(0.1);
      }
    }
  });

  it('crops a geographic DEM with an extent in metres from its south-west corner', async () => {
    const cols = 60;
    const rows = 60;
    const d = 1 / 3600;
    const file = writeTiff(dir, 'wgs84-crop.tif', new Float32Array(cols * rows).fill(400), {
      width: cols,
      height: rows,
      ModelPixelScale: [d, d, 0],
      ModelTiepoint: [0, 0, 0, -3.9, 56.8, 0],
      GeographicTypeGeoKey: 4326,
      GTModelTypeGeoKey: 2,
    });
    const full = await loadGeoTiff(file);
    const t = await loadGeoTiff(file, { extent: { minX: 100, minY: 200, maxX: 400, maxY: 500 } });
    expect(t.cellSize).toBe(full.cellSize);
    expect(t.west).toBeLessThanOrEqual(100);
    expect(t.west).toBeGreaterThan(100 - t.cellSize);
    expect(terrainSouth(t)).toBeLessThanOrEqual(200);
    expect(t.north).toBeGreaterThanOrEqual(500);
    expect(t.elevation.every((v) => Math.abs(v - 400) < 1e-3)).toBe(true);
  });
});
