import { openRing } from '../shared/polygon.js';
import { scenarioGeoJson, speciesAttribute } from '../output/geojson.js';
import type { Scenario } from '../scenario/schema.js';
import type { TerrainCrs } from './crs.js';
import { type GeoPackageSrs, writeGeoPackage } from './geopackage.js';

/**
 * A plan's zones and fences as GIS files in the terrain's own CRS, with the attributes an import
 * reads back: GeoJSON (the CRS named as GDAL writes it) and GeoPackage (layers "zones" and "fences").
 */

export function planGeoJson(scenario: Scenario, terrain: TerrainCrs): string {
  return scenarioGeoJson(scenario, terrain.crs, null);
}

export async function planGeoPackage(scenario: Scenario, terrain: TerrainCrs): Promise<Uint8Array> {
  const epsg = /^EPSG:(\d+)$/.exec(terrain.crs);
  const srs: GeoPackageSrs = epsg ? { epsg: Number(epsg[1]) } : terrain.crsWkt ? { wkt: terrain.crsWkt, name: terrain.crs.replace(/^PRJ:/, '') } : null;
  return writeGeoPackage(
    [
      {
        name: 'zones',
        geometryType: 'POLYGON',
        columns: [
          { name: 'name', type: 'TEXT' },
          { name: 'density_stems_per_ha', type: 'REAL' },
          { name: 'planting_year', type: 'INTEGER' },
          { name: 'species', type: 'TEXT' },
          { name: 'shelters', type: 'REAL' },
        ],
        features: scenario.plantings.map((p) => {
          const ring = openRing(p.polygon);
          return {
            geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
            values: [p.name, p.density, p.year, speciesAttribute(p.species), p.shelters ? p.shelters.height : null],
          };
        }),
      },
      {
        name: 'fences',
        geometryType: 'LINESTRING',
        columns: [
          { name: 'name', type: 'TEXT' },
          { name: 'type', type: 'TEXT' },
          { name: 'install_year', type: 'INTEGER' },
          { name: 'removal_year', type: 'INTEGER' },
        ],
        features: scenario.fences.map((f) => ({
          geometry: { type: 'LineString', coordinates: f.closed ? [...openRing(f.path), f.path[0]] : f.path },
          values: [f.name, f.type, f.installYear, f.removalYear ?? null],
        })),
      },
    ],
    srs,
  );
}
