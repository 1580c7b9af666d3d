import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { unzipSync } from 'fflate';
import proj4 from 'proj4';
import { combine, parseDbf, parseShp } from 'shpjs';
import { MAX_GIS_BYTES } from '../shared/fileLimits.js';
import { firstTooDeep, lineAndColumn } from '../scenario/jsonDepth.js';
import { epsgEntry, GisError, type SourceCrs } from './crs.js';
import type { Feature, VectorLayer } from './features.js';
import { readGeoPackage } from './geopackage.js';

/**
 * Vector files a plan's zones and fences can come from, read into GeoJSON features in the CRS each
 * file gives: GeoJSON (RFC 7946 longitude/latitude, or a named `crs` as GDAL writes it), KML (always
 * WGS 84; read with @tmcw/togeojson), a zipped ESRI Shapefile (shpjs, which reprojects to WGS 84 by
 * its .prj) and GeoPackage (sql.js).
 */

export const VECTOR_EXTENSIONS = ['geojson', 'json', 'kml', 'zip', 'gpkg'] as const;

const WGS84: SourceCrs = { epsg: 4326 };

/** Deepest nesting a GeoJSON file may have (a MultiPolygon's coordinates sit five levels down). */
const MAX_GEOJSON_DEPTH = 32;

/**
 * A vector file's layers. Files over the import cap are refused by their size, and whatever a file
 * holds, a failure is a GisError naming it: a reader's own error (a stack overflowing on a deeply
 * nested document, say) never reaches the caller as it is.
 */
export async function readVectorFile(fileName: string, bytes: Uint8Array): Promise<VectorLayer[]> {
  if (bytes.length > MAX_GIS_BYTES) {
    throw new GisError(`${fileName} is ${(bytes.length / 2 ** 20).toFixed(1)} MiB; a plan's zones and fences come in at most ${MAX_GIS_BYTES / 2 ** 20} MiB`);
  }
  try {
    return await readByKind(fileName, bytes);
  } catch (err) {
    if (err instanceof GisError) throw err;
    if (err instanceof RangeError) throw new GisError(`${fileName} is nested too deeply to read`);
    throw new GisError(`${fileName} cannot be read (${(err as Error).message})`);
  }
}

async function readByKind(fileName: string, bytes: Uint8Array): Promise<VectorLayer[]> {
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  switch (ext) {
    case 'geojson':
    case 'json':
      return [readGeoJson(fileName, new TextDecoder().decode(bytes))];
    case 'kml':
      return [readKml(fileName, new TextDecoder().decode(bytes))];
    case 'zip':
      return readZippedShapefile(fileName, bytes);
    case 'gpkg':
      return readGeoPackage(bytes, fileName);
    case 'shp':
      throw new GisError(`${fileName} is one part of a shapefile; zip it with its .shx, .dbf and .prj and import the zip`);
    default:
      throw new GisError(`${fileName}: import reads GeoJSON (.geojson), KML (.kml), a zipped shapefile (.zip) or a GeoPackage (.gpkg)`);
  }
}

function readGeoJson(fileName: string, text: string): VectorLayer {
  const tooDeep = firstTooDeep(text, MAX_GEOJSON_DEPTH);
  if (tooDeep >= 0) {
    const { line, column } = lineAndColumn(text, tooDeep);
    throw new GisError(`${fileName} line ${line}, column ${column}: nested more than ${MAX_GEOJSON_DEPTH} levels deep, deeper than any GeoJSON geometry`);
  }
  let json: { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new GisError(`${fileName} is not valid JSON: ${(err as Error).message}`);
  }
  let features: Feature[];
  if (json?.type === 'FeatureCollection' && Array.isArray(json.features)) features = json.features as Feature[];
  else if (json?.type === 'Feature') features = [json as unknown as Feature];
  else throw new GisError(`${fileName} is JSON but not a GeoJSON FeatureCollection or Feature`);
  // GDAL and QGIS name a projected CRS in the pre-RFC `crs` member ("urn:ogc:def:crs:EPSG::32630").
  const named = json.crs?.properties?.name;
  let crs: SourceCrs = WGS84;
  if (typeof named === 'string') {
    const code = /EPSG:{1,2}(\d+)$/i.exec(named)?.[1];
    if (/CRS84$/i.test(named)) crs = WGS84;
    else if (code && epsgEntry(Number(code))) crs = { epsg: Number(code) };
    else throw new GisError(`${fileName} names its CRS "${named}", which Reforest cannot read; give it as an EPSG code or save it as RFC 7946 GeoJSON (longitude/latitude)`);
  } else if (!looksLonLat(features)) {
    // RFC 7946 GeoJSON is longitude and latitude; anything else must say what it is.
    crs = null;
  }
  return { name: fileName, features, crs, crsStated: typeof named === 'string' };
}

/** Whether every coordinate could be a longitude and latitude. */
function looksLonLat(features: Feature[]): boolean {
  let ok = true;
  const walk = (c: unknown): void => {
    if (!ok || !Array.isArray(c)) return;
    if (typeof c[0] === 'number') ok = Math.abs(c[0]) <= 180 && Math.abs(c[1] as number) <= 90;
    else c.forEach(walk);
  };
  for (const f of features) {
    const g = f?.geometry as { coordinates?: unknown } | null;
    walk(g?.coordinates);
  }
  return ok;
}

function readKml(fileName: string, text: string): VectorLayer {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => level !== 'warning' && errors.push(message) }).parseFromString(text, 'text/xml');
  if (errors.length || !doc.documentElement || doc.documentElement.nodeName.toLowerCase() !== 'kml') {
    throw new GisError(`${fileName} is not a KML document${errors.length ? ` (${errors[0].split('\n')[0]})` : ''}`);
  }
  const collection = kml(doc as unknown as Parameters<typeof kml>[0]);
  return { name: fileName, features: collection.features as unknown as Feature[], crs: WGS84, crsStated: true };
}

/** Most bytes the entries of a zipped shapefile that are read may take once inflated, together. */
const MAX_UNZIPPED_BYTES = 256 * 2 ** 20;

/**
 * A zipped shapefile's layers. The archive's directory is read first: only the parts a layer needs
 * (.shp, .dbf, .prj, .cpg) are inflated, and only when the sizes the directory gives them come to at
 * most 256 MiB together; an entry is never inflated beyond the size its directory gives (a zip bomb
 * that claims small and inflates large fails, it does not fill memory). Each layer is reprojected to
 * WGS 84 by its .prj (shpjs and proj4).
 */
async function readZippedShapefile(fileName: string, bytes: Uint8Array): Promise<VectorLayer[]> {
  const entries = new Map<string, number>();
  try {
    // Lists the entries and their inflated sizes without inflating any.
    unzipSync(bytes, { filter: (f) => (entries.set(f.name, f.originalSize), false) });
  } catch {
    throw new GisError(`${fileName} is not a zip archive`);
  }
  const names = [...entries.keys()];
  const shps = names.filter((n) => /\.shp$/i.test(n) && !n.includes('__MACOSX'));
  if (shps.length === 0) throw new GisError(`${fileName} holds no shapefile (.shp)`);
  const partOf = (stem: string, ext: string) => names.find((n) => n.toLowerCase() === `${stem}.${ext}`.toLowerCase());
  const wanted = new Set<string>();
  for (const shp of shps) {
    const stem = shp.slice(0, -4);
    if (!partOf(stem, 'prj')) throw new GisError(`${fileName}: ${shp} has no .prj beside it, so its CRS is unknown; zip the .prj with it`);
    for (const ext of ['shp', 'dbf', 'prj', 'cpg']) {
      const part = partOf(stem, ext);
      if (part) wanted.add(part);
    }
  }
  const total = [...wanted].reduce((n, name) => n + entries.get(name)!, 0);
  if (total > MAX_UNZIPPED_BYTES) {
    throw new GisError(`${fileName} would unpack to ${(total / 2 ** 20).toFixed(0)} MiB of shapefile; a plan's zones and fences take at most ${MAX_UNZIPPED_BYTES / 2 ** 20} MiB unpacked`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => wanted.has(f.name) });
  } catch (err) {
    throw new GisError(`${fileName}: the archive cannot be unpacked (${(err as Error).message})`);
  }
  return shps.map((shp) => {
    const stem = shp.slice(0, -4);
    const part = (ext: string) => {
      const name = partOf(stem, ext);
      return name ? files[name] : undefined;
    };
    const prj = new TextDecoder().decode(part('prj'));
    try {
      proj4(prj);
    } catch {
      throw new GisError(`${fileName}: the CRS in ${stem}.prj cannot be read`);
    }
    let layer;
    try {
      const dbf = part('dbf');
      const cpg = part('cpg');
      layer = combine([parseShp(part('shp')!, prj), dbf ? parseDbf(dbf, cpg) : undefined]);
    } catch (err) {
      throw new GisError(`${fileName}: the shapefile cannot be read (${(err as Error).message})`);
    }
    return { name: stem, features: layer.features, crs: WGS84, crsStated: true };
  });
}
