import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeArrayBuffer, type GeotiffWriterMetadata } from 'geotiff';
import { removeTempDirs, tempDir as sharedTempDir } from '../helpers.js';

/** The real 30 m SRTM DEM shared between projects (see ../shared/data/terrain/README.md). */
export const REAL_DEM = fileURLToPath(new URL('../../../shared/data/terrain/big-tujunga-srtm30m-utm11n.tif', import.meta.url));

/** A fresh folder under the system temp folder, removed after the test that made it (test/setup.ts). */
export function tempDir(): string {
  return sharedTempDir('reforest-terrain-');
}

export { removeTempDirs };

/** Writes a GeoTIFF with geotiff's writer; metadata may use geo keys the writer's type does not list. */
export function writeTiff(
  dir: string,
  name: string,
  values: Float32Array | Uint8Array | number[][][],
  metadata: Record<string, unknown>,
): string {
  const file = join(dir, name);
  const bytes = writeArrayBuffer(values as Float32Array, { ...metadata } as GeotiffWriterMetadata);
  writeFileSync(file, Buffer.from(bytes));
  return file;
}

/** A projected (metre) GeoTIFF of float elevations, origin at (west, north). */
export function writeProjectedTiff(
  dir: string,
  name: string,
  opts: { cols: number; rows: number; cell: number; west: number; north: number; epsg?: number; nodata?: string },
  z: (col: number, row: number) => number,
): string {
  const values = new Float32Array(opts.cols * opts.rows);
  for (let r = 0; r < opts.rows; r++) for (let c = 0; c < opts.cols; c++) values[r * opts.cols + c] = z(c, r);
  return writeTiff(dir, name, values, {
    width: opts.cols,
    height: opts.rows,
    ModelPixelScale: [opts.cell, opts.cell, 0],
    ModelTiepoint: [0, 0, 0, opts.west, opts.north, 0],
    ProjectedCSTypeGeoKey: opts.epsg ?? 32630,
    GTModelTypeGeoKey: 1,
    GTRasterTypeGeoKey: 1,
    ...(opts.nodata !== undefined ? { GDAL_NODATA: opts.nodata } : {}),
  });
}
