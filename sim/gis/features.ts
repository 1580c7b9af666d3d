/** The part of GeoJSON an import reads: features with a geometry and flat properties. */
export type Position = number[];

export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Geometry[] };

export interface Feature {
  type: 'Feature';
  geometry: Geometry | null;
  properties: Record<string, unknown> | null;
}

/** One layer of a vector file, in the CRS the file gives it. */
export interface VectorLayer {
  name: string;
  features: Feature[];
  crs: import('./crs.js').SourceCrs;
  /** False where the CRS is the format's default rather than stated (GeoJSON without a `crs` member). */
  crsStated: boolean;
}
