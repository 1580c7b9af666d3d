/** The parts of shpjs Reforest uses: a shapefile's geometry (reprojected to WGS 84 by its .prj), its attributes, and the two joined as GeoJSON. */
declare module 'shpjs' {
  interface ShapefileLayer {
    type: 'FeatureCollection';
    features: import('../gis/features.js').Feature[];
    fileName?: string;
  }
  export function parseShp(shp: Uint8Array, prj?: string): unknown[];
  export function parseDbf(dbf: Uint8Array, cpg?: Uint8Array): Record<string, unknown>[];
  export function combine(parts: [unknown[], Record<string, unknown>[] | undefined]): ShapefileLayer;
}
