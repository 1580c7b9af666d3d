/** The part of shpjs Reforest uses: a zipped shapefile's layers as GeoJSON, reprojected to WGS 84 when a .prj is present. */
declare module 'shpjs' {
  interface ShapefileLayer {
    type: 'FeatureCollection';
    features: import('../gis/features.js').Feature[];
    fileName?: string;
  }
  export function parseZip(buffer: Uint8Array | ArrayBuffer): Promise<ShapefileLayer | ShapefileLayer[]>;
}
