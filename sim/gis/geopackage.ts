import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import wkx from 'wkx';
import { epsgEntry, GisError, type SourceCrs } from './crs.js';
import type { Feature, Geometry, VectorLayer } from './features.js';

/**
 * OGC GeoPackage (SQLite) layers, read and written with sql.js (SQLite compiled to WebAssembly) and
 * geometries as WKB through wkx. Only what a plan needs: feature tables of polygons and lines with
 * plain attribute columns, in one SRS.
 */

let sqlite: Promise<SqlJsStatic> | null = null;
const sql = () => (sqlite ??= initSqlJs());

/** 'GPKG' as the SQLite application id, and the GeoPackage version written (1.2). */
const APPLICATION_ID = 0x47504b47;
const USER_VERSION = 10200;

export async function readGeoPackage(bytes: Uint8Array, fileName: string): Promise<VectorLayer[]> {
  const SQL = await sql();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    db.exec('SELECT count(*) FROM sqlite_master');
  } catch {
    throw new GisError(`${fileName} is not a GeoPackage (not an SQLite database)`);
  }
  try {
    let columns: { table: string; column: string; srsId: number }[];
    try {
      columns = rows(db, 'SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns').map((r) => ({ table: String(r[0]), column: String(r[1]), srsId: Number(r[2]) }));
    } catch {
      throw new GisError(`${fileName} is an SQLite database but not a GeoPackage (it has no gpkg_geometry_columns table)`);
    }
    const layers: VectorLayer[] = [];
    for (const { table, column, srsId } of columns) {
      const srs = rows(db, 'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0];
      let crs: SourceCrs = null;
      if (srs && srsId > 0) {
        const [org, code, definition] = [String(srs[0]).toUpperCase(), Number(srs[1]), String(srs[2])];
        crs = org === 'EPSG' && epsgEntry(code) ? { epsg: code } : definition && definition !== 'undefined' ? { wkt: definition } : null;
      }
      const stmt = db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`);
      const features: Feature[] = [];
      try {
        const names = stmt.getColumnNames();
        while (stmt.step()) {
          const values = stmt.get();
          const properties: Record<string, unknown> = {};
          let geometry: Geometry | null = null;
          names.forEach((name, i) => {
            if (name === column) geometry = values[i] instanceof Uint8Array ? parseGeometryBlob(values[i] as Uint8Array, `${fileName}: layer ${table}`) : null;
            else properties[name] = values[i];
          });
          features.push({ type: 'Feature', geometry, properties });
        }
      } finally {
        stmt.free();
      }
      layers.push({ name: table, features, crs, crsStated: crs !== null });
    }
    return layers;
  } finally {
    db.close();
  }
}

/** A GeoPackage geometry: the "GP" header (flags, SRS id, optional envelope), then standard WKB. */
function parseGeometryBlob(blob: Uint8Array, where: string): Geometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new GisError(`${where}: a geometry is not a GeoPackage geometry blob`);
  const flags = blob[3];
  if (flags & 0x10) return null; // empty geometry
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07];
  if (envelope === undefined) throw new GisError(`${where}: a geometry has an unknown envelope kind`);
  try {
    return wkx.Geometry.parse(Buffer.from(blob.buffer, blob.byteOffset + 8 + envelope, blob.length - 8 - envelope)).toGeoJSON() as Geometry;
  } catch (err) {
    throw new GisError(`${where}: a geometry's WKB cannot be read (${(err as Error).message})`);
  }
}

function rows(db: Database, query: string, params: (string | number)[] = []): unknown[][] {
  const stmt = db.prepare(query);
  try {
    stmt.bind(params);
    const out: unknown[][] = [];
    while (stmt.step()) out.push(stmt.get());
    return out;
  } finally {
    stmt.free();
  }
}

/** A feature table to write: its geometry type, and columns with their SQLite types. */
export interface GeoPackageLayer {
  name: string;
  geometryType: 'POLYGON' | 'LINESTRING';
  columns: { name: string; type: 'TEXT' | 'REAL' | 'INTEGER' }[];
  features: { geometry: Geometry; values: (string | number | null)[] }[];
}

/** The SRS a written layer is in: an EPSG code, a WKT definition, or none (a site in local metres). */
export type GeoPackageSrs = { epsg: number } | { wkt: string; name: string } | null;

/** A GeoPackage 1.2 file holding the given layers, all in one SRS. */
export async function writeGeoPackage(layers: GeoPackageLayer[], srs: GeoPackageSrs): Promise<Uint8Array> {
  const SQL = await sql();
  const db = new SQL.Database();
  try {
    db.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${USER_VERSION};`);
    db.exec(`
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
        z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    `);
    const wgs84 = epsgEntry(4326)!;
    const insertSrs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    insertSrs.run(['Undefined Cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined Cartesian coordinate reference system']);
    insertSrs.run(['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']);
    insertSrs.run(['WGS 84 geodetic', 4326, 'EPSG', 4326, wgs84.wkt, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid']);
    let srsId = -1;
    if (srs && 'epsg' in srs) {
      srsId = srs.epsg;
      const entry = epsgEntry(srs.epsg);
      if (!entry) throw new GisError(`EPSG:${srs.epsg} is not in the EPSG registry Reforest carries`);
      if (srsId !== 4326) insertSrs.run([entry.name, srsId, 'EPSG', srsId, entry.wkt, null]);
    } else if (srs) {
      // Codes from 100000 up are free for an organisation's own definitions.
      srsId = 100000;
      insertSrs.run([srs.name, srsId, 'NONE', srsId, srs.wkt, null]);
    }
    insertSrs.free();
    for (const layer of layers) {
      const table = `"${layer.name}"`;
      const columns = layer.columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
      db.exec(`CREATE TABLE ${table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${layer.geometryType}${columns ? `, ${columns}` : ''})`);
      const insert = db.prepare(`INSERT INTO ${table} (geom${layer.columns.map((c) => `, "${c.name}"`).join('')}) VALUES (?${', ?'.repeat(layer.columns.length)})`);
      let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const f of layer.features) {
        const { blob, envelope } = geometryBlob(f.geometry, srsId);
        [minX, minY, maxX, maxY] = [Math.min(minX, envelope[0]), Math.min(minY, envelope[2]), Math.max(maxX, envelope[1]), Math.max(maxY, envelope[3])];
        insert.run([blob, ...f.values]);
      }
      insert.free();
      const bounds = layer.features.length ? [minX, minY, maxX, maxY] : [null, null, null, null];
      db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [layer.name, 'features', layer.name, ...bounds, srsId]);
      db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)', [layer.name, 'geom', layer.geometryType, srsId]);
    }
    return db.export();
  } finally {
    db.close();
  }
}

/** The GeoPackage blob of a geometry: little-endian header with its XY envelope, then WKB. */
function geometryBlob(geometry: Geometry, srsId: number): { blob: Uint8Array; envelope: [number, number, number, number] } {
  const wkb = wkx.Geometry.parseGeoJSON(geometry).toWkb();
  const xs: number[] = [];
  const ys: number[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      xs.push(c[0] as number);
      ys.push(c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk('coordinates' in geometry ? geometry.coordinates : []);
  const envelope: [number, number, number, number] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const header = Buffer.alloc(8 + 32);
  header.write('GP', 0, 'latin1');
  header[2] = 0; // version 1
  header[3] = 0b0000_0011; // envelope [minx, maxx, miny, maxy]; little-endian
  header.writeInt32LE(srsId, 4);
  envelope.forEach((v, i) => header.writeDoubleLE(v, 8 + 8 * i));
  return { blob: new Uint8Array(Buffer.concat([header, wkb])), envelope };
}
