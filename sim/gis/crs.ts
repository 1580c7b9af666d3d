import { createRequire } from 'node:module';
import proj4 from 'proj4';

/**
 * Coordinate reference systems of imported vector files and of the terrain, and the transform from
 * one to the other. Definitions of EPSG codes come from the EPSG registry as packaged by
 * `epsg-index`; WKT (a shapefile's .prj, a GeoPackage's definition) is read by proj4 itself.
 */

/** The CRS a file's coordinates are in, as the file says. */
export type SourceCrs = { epsg: number } | { wkt: string } | null;

/** What the import needs of a terrain's CRS. */
export interface TerrainCrs {
  /** As the terrain records it: "EPSG:32630", "PRJ:<name>", "LOCAL", "LOCAL:equirectangular(…)", "UNKNOWN". */
  crs: string;
  /** The WKT of an ASCII grid's .prj, when it had one. */
  crsWkt?: string;
}

export type Transform = (x: number, y: number) => [number, number];

/** A transform between two CRSs, with what the user should know about its accuracy. */
export interface Reprojection {
  transform: Transform;
  notes: string[];
}

const identity: Transform = (x, y) => [x, y];

export class GisError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GisError';
  }
}

const require = createRequire(import.meta.url);

/** The EPSG registry's entry for a code: name, WKT and proj4 definition; null for a code it lacks. */
export function epsgEntry(code: number): { name: string; wkt: string; proj4: string } | null {
  if (!Number.isInteger(code) || code <= 0) return null;
  try {
    return require(`epsg-index/s/${code}.json`) as { name: string; wkt: string; proj4: string };
  } catch {
    return null;
  }
}

export const describeSource = (crs: SourceCrs) => (crs === null ? 'no CRS' : 'epsg' in crs ? `EPSG:${crs.epsg}` : `"${/^\w+\[\s*"([^"]*)"/.exec(crs.wkt)?.[1] ?? 'a CRS given as WKT'}"`);

/**
 * Datum shifts for definitions whose registry entry names a shift grid Reforest does not carry: the
 * published 7-parameter (Helmert) transformation to WGS 84 that PROJ itself falls back to without the
 * grid, with its EPSG code and stated accuracy.
 */
const GRID_FALLBACKS: Record<string, { towgs84: string; transformation: string; accuracy: string }> = {
  // EPSG:1314 "OSGB36 to WGS 84 (6)", accuracy 2 m (EPSG registry); OSTN15 itself is exact to 0.1 m.
  'OSTN15_NTv2_OSGBtoETRS.gsb': { towgs84: '446.448,-125.157,542.06,0.15,0.247,0.842,-20.489', transformation: 'EPSG:1314 (OSGB36 to WGS 84)', accuracy: 'about 2 m' },
  // EPSG:1777 "DHDN to WGS 84 (2)", accuracy 3 m (EPSG registry).
  'BETA2007.gsb': { towgs84: '598.1,73.7,418.2,0.202,0.045,-2.455,6.7', transformation: 'EPSG:1777 (DHDN to WGS 84)', accuracy: 'about 3 m' },
};

/** A proj4 definition of a CRS, and a note when it is reached by a fallback datum shift. */
function definitionOf(crs: SourceCrs): { definition: string; note: string | null } {
  if (crs === null) throw new GisError('no CRS');
  if ('wkt' in crs) return { definition: crs.wkt, note: null };
  const entry = epsgEntry(crs.epsg);
  if (!entry) throw new GisError(`EPSG:${crs.epsg} is not in the EPSG registry Reforest carries`);
  const grid = /\+nadgrids=(\S+)/.exec(entry.proj4)?.[1];
  if (!grid) return { definition: entry.proj4, note: null };
  const fallback = GRID_FALLBACKS[grid];
  if (!fallback) {
    throw new GisError(
      `EPSG:${crs.epsg} (${entry.name}) is reached through the shift grid ${grid}, which Reforest does not carry; ` +
        'reproject the file into the terrain\'s CRS first (e.g. ogr2ogr -t_srs <terrain CRS> out.gpkg in.gpkg)',
    );
  }
  return {
    definition: entry.proj4.replace(/\+nadgrids=\S+/, `+towgs84=${fallback.towgs84}`),
    note: `EPSG:${crs.epsg} (${entry.name}) reprojected with ${fallback.transformation}, ${fallback.accuracy}: the grid ${grid} is not carried`,
  };
}

/** The local equirectangular projection given to a terrain made from a longitude/latitude raster. */
const EQUIRECTANGULAR = /^LOCAL:equirectangular\(lat_c=([-\d.e]+),lon0=([-\d.e]+),lat0=([-\d.e]+)\)$/;

/** Whether the terrain is placed in a real-world CRS that files can be reprojected into. */
export function isGeoreferenced(terrain: TerrainCrs): boolean {
  return /^EPSG:\d+$/.test(terrain.crs) || EQUIRECTANGULAR.test(terrain.crs) || (terrain.crs.startsWith('PRJ:') && !!terrain.crsWkt);
}

/**
 * The transform from a file's CRS into the terrain's. A terrain without a real-world CRS (procedural,
 * or a raster that named none) takes only files that name none either, in its own coordinates; a
 * georeferenced terrain takes only files that say where they are.
 */
export function transformInto(terrain: TerrainCrs, source: SourceCrs, fileName: string): Reprojection {
  if (!isGeoreferenced(terrain)) {
    if (source === null) return { transform: identity, notes: [] };
    throw new GisError(
      `${fileName} is in ${describeSource(source)}, but this site has no real-world CRS (${terrain.crs === 'LOCAL' ? 'its terrain is procedural' : `its terrain's CRS is ${terrain.crs}`}), so nothing can be reprojected onto it; ` +
        'import a file in the site\'s own coordinates with no CRS (as Export ▸ Plan writes for it), or use a site on a georeferenced elevation model',
    );
  }
  if (source === null) {
    throw new GisError(`${fileName} does not say which CRS its coordinates are in (a shapefile needs its .prj in the zip; a GeoPackage layer an SRS), so it cannot be placed on the terrain (${terrain.crs})`);
  }
  // The same CRS on both sides needs no datum shift, exact or not.
  if (('epsg' in source && terrain.crs === `EPSG:${source.epsg}`) || ('wkt' in source && terrain.crsWkt === source.wkt)) return { transform: identity, notes: [] };
  const eq = EQUIRECTANGULAR.exec(terrain.crs);
  try {
    const from = definitionOf(source);
    const notes = from.note ? [from.note] : [];
    if (eq) {
      // x = (lon − lon0)·111320·cos φc, y = (lat − lat0)·110574, as the terrain was built.
      const [latC, lon0, lat0] = eq.slice(1).map(Number);
      const toLonLat = proj4(from.definition, 'EPSG:4326');
      const kx = 111_320 * Math.cos((latC * Math.PI) / 180);
      return {
        transform: (x, y) => {
          const [lon, lat] = toLonLat.forward([x, y]);
          return [(lon - lon0) * kx, (lat - lat0) * 110_574];
        },
        notes,
      };
    }
    const to = terrain.crs.startsWith('EPSG:') ? definitionOf({ epsg: Number(terrain.crs.slice(5)) }) : { definition: terrain.crsWkt!, note: null };
    if (to.note) notes.push(to.note);
    const converter = proj4(from.definition, to.definition);
    return {
      transform: (x, y) => {
        const [tx, ty] = converter.forward([x, y]);
        return [tx, ty];
      },
      notes,
    };
  } catch (err) {
    if (err instanceof GisError) throw new GisError(`${fileName}: ${err.message}`);
    throw new GisError(`${fileName}: cannot reproject from ${describeSource(source)} to the terrain's ${terrain.crs}: ${(err as Error).message}`);
  }
}
