import { openRing } from '../shared/polygon.js';
import { DEATH_CAUSE_NAMES, STATUS_NAMES, type FinalTrees } from '../results/trees.js';
import type { Scenario } from '../scenario/schema.js';
import { zoneName } from './trees.js';

/** A zone's species mix as one attribute, "id:fraction id:fraction", as GIS exports write it and the import reads it. */
export function speciesAttribute(mix: readonly { species: string; fraction: number }[]): string {
  return mix.map((s) => `${s.species}:${s.fraction}`).join(' ');
}

/**
 * The plan and its outcome as GeoJSON in the terrain's own coordinates: planting zones (polygons),
 * fences (lines) and, when given, the final trees of one replicate (points). A projected EPSG CRS is
 * named in the `crs` member, which GDAL and QGIS read; RFC 7946 readers that expect longitude and
 * latitude must reproject.
 */
export function scenarioGeoJson(scenario: Scenario, crs: string, trees: FinalTrees | null): string {
  const features: object[] = [];
  for (const p of scenario.plantings) {
    const ring = openRing(p.polygon);
    features.push({
      type: 'Feature',
      properties: {
        layer: 'zone',
        name: p.name,
        density_stems_per_ha: p.density,
        planting_year: p.year,
        species: speciesAttribute(p.species),
        shelters: p.shelters ? p.shelters.height : null,
      },
      geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
    });
  }
  for (const f of scenario.fences) {
    const path = f.closed ? [...openRing(f.path), f.path[0]] : f.path;
    features.push({
      type: 'Feature',
      properties: { layer: 'fence', name: f.name, type: f.type, install_year: f.installYear, removal_year: f.removalYear ?? null },
      geometry: { type: 'LineString', coordinates: path },
    });
  }
  if (trees) {
    const zoneNames = scenario.plantings.map((p) => p.name);
    for (let i = 0; i < trees.count; i++) {
      const dead = trees.status[i] === 2;
      features.push({
        type: 'Feature',
        properties: {
          layer: 'tree',
          id: i,
          species: trees.speciesIds[trees.species[i]],
          zone: zoneName(zoneNames, trees.zone[i]),
          status: STATUS_NAMES[trees.status[i]],
          height_m: Number(trees.height[i].toFixed(3)),
          diameter_cm: Number(trees.diameter[i].toFixed(2)),
          times_browsed: trees.browseCount[i],
          cause_of_death: dead ? DEATH_CAUSE_NAMES[trees.cause[i]] : null,
        },
        geometry: { type: 'Point', coordinates: [Number(trees.x[i].toFixed(2)), Number(trees.y[i].toFixed(2))] },
      });
    }
  }
  const epsg = /^EPSG:(\d+)$/.exec(crs);
  const collection = {
    type: 'FeatureCollection',
    name: scenario.name,
    ...(epsg ? { crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${epsg[1]}` } } } : {}),
    features,
  };
  return JSON.stringify(collection) + '\n';
}
