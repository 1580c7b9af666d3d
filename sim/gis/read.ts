import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { unzipSync } from 'fflate';
import { parseZip } from 'shpjs';
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

export async function readVectorFile(fileName: string, bytes: Uint8Array): Promise<VectorLayer[]> {
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

async function readZippedShapefile(fileName: string, bytes: Uint8Array): Promise<VectorLayer[]> {
  const names: string[] = [];
  try {
    // Lists the entries without inflating any.
    unzipSync(bytes, { filter: (f) => (names.push(f.name), false) });
  } catch {
    throw new GisError(`${fileName} is not a zip archive`);
  }
  const shps = names.filter((n) => /\.shp$/i.test(n) && !n.includes('__MACOSX'));
  if (shps.length === 0) throw new GisError(`${fileName} holds no shapefile (.shp)`);
  for (const shp of shps) {
    const stem = shp.slice(0, -4);
    if (!names.some((n) => n.toLowerCase() === `${stem}.prj`.toLowerCase())) {
      throw new GisError(`${fileName}: ${shp} has no .prj beside it, so its CRS is unknown; zip the .prj with it`);
    }
  }
  let parsed;
  try {
    parsed = await parseZip(bytes);
  } catch (err) {
    throw new GisError(`${fileName}: the shapefile cannot be read (${(err as Error).message})`);
  }
  // shpjs has reprojected every layer with a .prj to WGS 84.
  return (Array.isArray(parsed) ? parsed : [parsed]).map((layer) => ({ name: layer.fileName ?? fileName, features: layer.features, crs: WGS84, crsStated: true }));
}
