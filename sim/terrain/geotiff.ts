/**
 * Loading an elevation model from a GeoTIFF with the `geotiff` package.
 *
 * What is accepted: a single-band raster of 16/32-bit integers or 16/32/64-bit floats, north-up (no rotation
 * or shear), georeferenced by one tiepoint plus pixel scale or by an affine ModelTransformation, in a projected
 * CRS in metres or a geographic CRS in degrees.
 *
 * Decisions:
 * - Geographic (degree) rasters are reprojected to a square metric grid with a local equirectangular
 *   projection about the raster's centre latitude (see `rasterToTerrain`): the terrain's coordinates — and so
 *   the scenario's geometry and extent — are then metres east and north of the raster's south-west corner,
 *   and its CRS reads `LOCAL:equirectangular(lat_c=…,lon0=…,lat0=…)`.
 * - Projected CRSs in feet (ProjLinearUnitsGeoKey 9002 foot, 9003 US survey foot, 9005 Clarke's foot, or a
 *   CRS citation saying "ftUS"/"feet") are rejected rather than converted: such models usually carry
 *   elevations in feet too, which the file does not reliably say, and converting only the horizontal units
 *   would silently mis-state every slope. The message says how to reproject.
 * - Projected rasters with non-square cells are resampled bilinearly to square cells of the smaller side.
 * - PixelIsPoint rasters are shifted half a cell, as GDAL does, so that cell edges line up.
 * - Values equal to the GDAL_NODATA tag, and non-finite values, become NaN.
 * - 8-bit (and smaller) integer rasters are refused: they are pictures or classifications, not elevations.
 */
import { open } from 'node:fs/promises';
import { fromFile, type GeoTIFF, type GeoTIFFImage } from 'geotiff';
import { sharedFloat32 } from './derive.js';
import { TerrainError, reason } from './errors.js';
import { regularFileSize } from './file.js';
import type { Extent, PixelWindow } from './extent.js';
import { rasterToTerrain, type RasterSource } from './raster.js';
import type { Terrain } from './terrain.js';

export interface LoadGeoTiffOptions {
  /** Crop to this rectangle (the CRS's metres; for geographic rasters, metres from the south-west corner). */
  extent?: Extent;
}

/** Loads a GeoTIFF elevation model as a Terrain. Every failure is a TerrainError naming the file. */
export async function loadGeoTiff(file: string, opts: LoadGeoTiffOptions = {}): Promise<Terrain> {
  const fileSize = await checkTiffHeader(file);
  let tiff: GeoTIFF;
  try {
    tiff = await fromFile(file);
  } catch (err) {
    throw new TerrainError(`cannot be read as a TIFF file (${reason(err)})`, file);
  }
  try {
    const image = await tiff.getImage(0);
    const source = describeImage(image, file);
    await checkDataInFile(image, fileSize, file);
    return await rasterToTerrain(source, opts.extent);
  } catch (err) {
    if (err instanceof TerrainError) throw err;
    throw new TerrainError(`cannot be read as a GeoTIFF elevation model (${reason(err)})`, file);
  } finally {
    try {
      await tiff.close();
    } catch {
      // closing a read-only file cannot lose data; nothing to report
    }
  }
}

/**
 * Checks that the file exists, is a file and starts like a TIFF, so that junk gets a clear message.
 * Returns the file's size in bytes.
 */
async function checkTiffHeader(file: string): Promise<number> {
  let head: Buffer;
  const size = await regularFileSize(file);
  try {
    const fh = await open(file, 'r');
    try {
      head = Buffer.alloc(8);
      const { bytesRead } = await fh.read(head, 0, 8, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : reason(err);
    throw new TerrainError(`cannot read the elevation model: ${why}`, file);
  }
  if (head.length === 0) throw new TerrainError('is empty, not a GeoTIFF', file);
  const le = head[0] === 0x49 && head[1] === 0x49 && (head[2] === 42 || head[2] === 43) && head[3] === 0;
  const be = head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && (head[3] === 42 || head[3] === 43);
  if (le || be) {
    // The header points at the first image directory; a file cut short before it has no image at all.
    const big = head[2] === 43 || head[3] === 43;
    const classicOffset = head.length >= 8 ? (le ? head.readUInt32LE(4) : head.readUInt32BE(4)) : -1;
    if (big ? size < 16 : classicOffset < 0 || classicOffset + 2 > size) {
      throw new TerrainError(`is truncated: ${size} bytes, cut off before its first image directory`, file);
    }
    return size;
  }
  const text = head.toString('latin1').toLowerCase();
  const hint = text.startsWith('ncols') || text.startsWith('nrows')
    ? ' (it looks like an ESRI ASCII grid; use terrain type "ascii")'
    : head[0] === 0x89 && text.slice(1, 4) === 'png'
      ? ' (it is a PNG image)'
      : head[0] === 0xff && head[1] === 0xd8
        ? ' (it is a JPEG image)'
        : '';
  throw new TerrainError(`is not a TIFF file${hint}`, file);
}

/** Refuses a file cut short: every strip or tile of raster data must lie inside it. */
async function checkDataInFile(image: GeoTIFFImage, fileSize: number, file: string): Promise<void> {
  const fd = image.getFileDirectory();
  const tiled = fd.hasTag('TileOffsets');
  const offsets = (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number> | undefined;
  const counts = (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number> | undefined;
  if (!offsets || !counts || offsets.length === 0) throw new TerrainError('has no raster data (no strip or tile offsets)', file);
  // A writer that failed part-way (GDAL refusing JPEG for 16-bit samples, say) leaves the layout
  // without the data: every strip empty. That is no elevation model, not one that is all NODATA.
  let written = 0;
  for (let i = 0; i < counts.length; i++) written += Number(counts[i] ?? 0);
  if (written === 0) {
    const compression = Number(fd.getValue('Compression') ?? 1);
    const why = compression === 7 && image.getBitsPerSample(0) > 12 ? ' (JPEG compression cannot hold samples of more than 12 bits; use DEFLATE or LZW)' : '';
    throw new TerrainError(`has no raster data: every ${tiled ? 'tile' : 'strip'} is empty, as left by a write that failed${why}`, file);
  }
  for (let i = 0; i < offsets.length; i++) {
    const end = Number(offsets[i]) + Number(counts[i] ?? 0);
    if (end > fileSize) {
      throw new TerrainError(
        `is truncated: its raster data runs to byte ${end.toLocaleString('en')} but the file has ${fileSize.toLocaleString('en')} bytes`,
        file,
      );
    }
  }
}

/** Works out placement, CRS and data type of the first image, refusing anything that is not an elevation model. */
function describeImage(image: GeoTIFFImage, file: string): RasterSource {
  const fd = image.getFileDirectory();
  const cols = image.getWidth();
  const rows = image.getHeight();
  if (!(cols > 0 && rows > 0)) throw new TerrainError(`raster has no cells (${cols} × ${rows})`, file);

  const bands = image.getSamplesPerPixel();
  const format = fd.hasTag('SampleFormat') ? image.getSampleFormat(0) : 1;
  const bits = image.getBitsPerSample(0);
  const kind = describeSamples(format, bits);
  if (bands !== 1) throw new TerrainError(`raster has ${bands} bands of ${kind}; an elevation model has one band`, file);
  const photometric = Number(fd.getValue('PhotometricInterpretation') ?? 1);
  if (photometric === 3) throw new TerrainError('is a colour-mapped (palette) image, not an elevation model', file);
  if (photometric === 2 || photometric === 6) throw new TerrainError('is a colour (RGB) image, not an elevation model', file);
  if (format !== 1 && format !== 2 && format !== 3) {
    throw new TerrainError(`holds ${kind}; an elevation model holds plain numbers (integers or floating point)`, file);
  }
  if (format !== 3 && bits <= 8) {
    throw new TerrainError(
      `holds ${kind} (at most 256 levels), which is image or class data, not elevation; ` +
        'export the elevation model as 16-bit integers or 32-bit floating point',
      file,
    );
  }
  if ((format !== 3 && bits !== 16 && bits !== 32) || (format === 3 && bits !== 16 && bits !== 32 && bits !== 64)) {
    throw new TerrainError(`holds ${kind}, which is not supported; use 16- or 32-bit integers or 32-bit floating point`, file);
  }

  // Placement.
  const tiepoints = fd.getValue('ModelTiepoint') as ArrayLike<number> | undefined;
  const scale = fd.getValue('ModelPixelScale') as ArrayLike<number> | undefined;
  const transform = fd.getValue('ModelTransformation') as ArrayLike<number> | undefined;
  let west: number;
  let north: number;
  let cellX: number;
  let cellY: number;
  if (transform && transform.length >= 8) {
    const [a, b, , d, e, f, , h] = Array.from(transform);
    if (b !== 0 || e !== 0) {
      throw new TerrainError(
        `raster is rotated or sheared (ModelTransformation terms ${b}, ${e}); warp it to a north-up grid first, e.g. with gdalwarp`,
        file,
      );
    }
    cellX = a;
    cellY = -f;
    west = d;
    north = h;
  } else if (tiepoints && scale && tiepoints.length >= 6 && scale.length >= 2) {
    if (tiepoints.length > 6) {
      throw new TerrainError(
        `raster is placed by ${tiepoints.length / 6} ground control points, not a regular grid; warp it to a north-up grid first, e.g. with gdalwarp`,
        file,
      );
    }
    cellX = scale[0];
    cellY = scale[1];
    west = tiepoints[3] - tiepoints[0] * cellX;
    north = tiepoints[4] + tiepoints[1] * cellY;
  } else {
    throw new TerrainError(
      'has no georeferencing (no ModelTiepoint and ModelPixelScale, nor ModelTransformation): it is a plain image, not a GeoTIFF',
      file,
    );
  }
  if (!(cellX > 0 && cellY > 0) || ![west, north, cellX, cellY].every(Number.isFinite)) {
    throw new TerrainError(
      `raster is not north-up with positive cell sizes (pixel size ${cellX} × ${-cellY}); warp it to a north-up grid first, e.g. with gdalwarp`,
      file,
    );
  }

  // CRS.
  let keys: Record<string, unknown>;
  try {
    keys = (image.getGeoKeys() ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new TerrainError(`has an unreadable GeoKeyDirectory (${reason(err)})`, file);
  }
  const num = (k: string): number | undefined => {
    const v = keys[k];
    const n = Array.isArray(v) ? Number(v[0]) : typeof v === 'number' ? v : undefined;
    return n !== undefined && Number.isFinite(n) ? n : undefined;
  };
  const str = (k: string): string | undefined => (typeof keys[k] === 'string' ? (keys[k] as string).replace(/\|+$/, '') : undefined);
  if (num('GTRasterTypeGeoKey') === 2) {
    // PixelIsPoint: the tiepoint is the centre of the first cell.
    west -= cellX / 2;
    north += cellY / 2;
  }
  const modelType = num('GTModelTypeGeoKey');
  const pcs = num('ProjectedCSTypeGeoKey');
  const gcs = num('GeographicTypeGeoKey');
  let geographic = false;
  let crs: string;
  if (modelType === 3) {
    throw new TerrainError('uses a geocentric (earth-centred x, y, z) CRS; reproject it to a projected CRS in metres', file);
  } else if (modelType === 1 || (modelType === undefined && pcs !== undefined)) {
    const citation = str('PCSCitationGeoKey') ?? str('GTCitationGeoKey');
    crs = pcs !== undefined && pcs > 0 && pcs < 32767 ? `EPSG:${pcs}` : citation ? `USER:${citation.slice(0, 60)}` : 'UNKNOWN';
    const units = num('ProjLinearUnitsGeoKey');
    const feet = units === 9002 || units === 9003 || units === 9005 || (units === undefined && citation !== undefined && /\(ft(us)?\)|\bfeet\b|\bfoot\b/i.test(citation));
    if (feet) {
      const name = units === 9003 ? 'US survey feet' : units === 9005 ? "Clarke's feet" : 'feet';
      throw new TerrainError(
        `projected CRS ${crs} measures in ${name}; Reforest needs metres. Reproject it to a metric CRS, e.g. ` +
          '`gdalwarp -t_srs EPSG:326xx` for UTM, and convert its elevations to metres if they are in feet',
        file,
      );
    }
    if (units !== undefined && units !== 9001) {
      throw new TerrainError(`projected CRS ${crs} uses linear unit code ${units}, not metres (9001); reproject it to a metric CRS`, file);
    }
  } else if (modelType === 2 || (modelType === undefined && gcs !== undefined)) {
    const angular = num('GeogAngularUnitsGeoKey');
    if (angular !== undefined && angular !== 9102 && angular !== 9122) {
      throw new TerrainError(`geographic CRS uses angular unit code ${angular}, not degrees (9102); reproject it`, file);
    }
    geographic = true;
    crs = gcs !== undefined && gcs > 0 && gcs < 32767 ? `EPSG:${gcs}` : 'geographic';
  } else if (modelType === undefined && pcs === undefined && gcs === undefined) {
    crs = 'UNKNOWN';
    const east = west + cols * cellX;
    const south = north - rows * cellY;
    if (cellX < 0.01 && cellY < 0.01 && west >= -180 && east <= 180 && south >= -90 && north <= 90) {
      throw new TerrainError(
        `has no CRS (no GeoKeyDirectory) and its coordinates (${west} to ${east}, ${south} to ${north}) with cells of ${cellX} look like degrees; ` +
          'set its CRS, e.g. with gdal_edit.py -a_srs EPSG:4326',
        file,
      );
    }
  } else {
    throw new TerrainError(`has an unsupported model type (GTModelTypeGeoKey ${modelType})`, file);
  }

  const nodata = parseNoData(fd.hasTag('GDAL_NODATA') ? fd.getValue('GDAL_NODATA') : undefined, file);
  const nodataAsStored = nodata === undefined ? undefined : format === 3 && bits !== 64 ? Math.fround(nodata) : nodata;

  const read = async (win: PixelWindow): Promise<Float32Array> => {
    let raw: ArrayLike<number>;
    try {
      const rasters = await image.readRasters({
        window: [win.col0, win.row0, win.col0 + win.cols, win.row0 + win.rows],
        samples: [0],
      });
      raw = rasters[0] as ArrayLike<number>;
    } catch (err) {
      throw new TerrainError(`cannot decode the raster data (${reason(err)})`, file);
    }
    const n = win.cols * win.rows;
    if (raw.length !== n) throw new TerrainError(`raster data is truncated: read ${raw.length} of ${n} cells`, file);
    const out = sharedFloat32(n);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      out[i] = v === nodataAsStored || !Number.isFinite(v) ? NaN : v;
    }
    return out;
  };

  return { file, cols, rows, cellX, cellY, west, north, crs, geographic, read };
}

function describeSamples(format: number, bits: number): string {
  switch (format) {
    case 1:
    case 2:
      return `${bits}-bit integers`;
    case 3:
      return `${bits}-bit floating-point numbers`;
    case 5:
    case 6:
      return `${bits}-bit complex numbers`;
    default:
      return `${bits}-bit untyped samples`;
  }
}

/** The GDAL_NODATA tag is ASCII text: a number, "nan", or nothing. */
function parseNoData(tag: unknown, file: string): number | undefined {
  if (tag === undefined || tag === null) return undefined;
  const text = String(Array.isArray(tag) ? tag.join('') : tag)
    .replace(/\0/g, '')
    .trim();
  if (text === '') return undefined;
  if (/^[-+]?nan$/i.test(text)) return NaN;
  const v = Number(text);
  if (Number.isNaN(v)) throw new TerrainError(`GDAL_NODATA tag "${text}" is not a number`, file);
  return v;
}
