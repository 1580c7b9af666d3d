import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planGeoJson, planGeoPackage } from '../../sim/gis/exportPlan.js';
import { importPlanShapes, type ImportTarget } from '../../sim/gis/importPlan.js';
import { type Scenario, scenarioSchema } from '../../sim/scenario/schema.js';
import { smallScenario, tempDir } from '../helpers.js';

/**
 * Zones and fences from GIS files, checked against GDAL: the fixtures are written by ogr2ogr from one
 * GeoJSON in longitude/latitude, and every import is compared with ogr2ogr's own reprojection into the
 * terrain's CRS (PROJ, not proj4js). Exports are read back by ogrinfo and ogr2ogr.
 */
const dir = tempDir('reforest-gis-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const parseScenario = (input: unknown): Scenario => scenarioSchema.parse(input);
const at = (name: string) => join(dir, name);
const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { stdio: ['ignore', 'pipe', 'pipe'] });

// A 20 km square of UTM zone 30N around Pitlochry, and a plan on it in longitude/latitude.
const utm: ImportTarget = { crs: 'EPSG:32630', west: 460_000, east: 480_000, south: 6_250_000, north: 6_270_000 };
writeFileSync(
  at('plan.geojson'),
  JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: 'north block', density: 2000 }, geometry: { type: 'Polygon', coordinates: [[[-3.5, 56.5], [-3.49, 56.5], [-3.49, 56.505], [-3.5, 56.505], [-3.5, 56.5]]] } },
      { type: 'Feature', properties: { name: 'burn side', density: 1600 }, geometry: { type: 'Polygon', coordinates: [[[-3.48, 56.49], [-3.475, 56.49], [-3.4775, 56.494], [-3.48, 56.49]]] } },
      { type: 'Feature', properties: { name: 'deer fence' }, geometry: { type: 'LineString', coordinates: [[-3.501, 56.499], [-3.489, 56.499], [-3.489, 56.506]] } },
    ],
  }),
);
ogr('-f', 'KML', at('plan.kml'), at('plan.geojson'));
ogr('-f', 'GPKG', at('plan.gpkg'), at('plan.geojson'), '-t_srs', 'EPSG:27700', '-nln', 'plan');
const polygonsOnly = ['-dialect', 'sqlite', '-sql', "SELECT * FROM plan WHERE GeometryType(geometry) = 'POLYGON'", '-nln', 'zones'];
const linesOnly = ['-dialect', 'sqlite', '-sql', "SELECT * FROM plan WHERE GeometryType(geometry) = 'LINESTRING'", '-nln', 'fences'];
ogr('-f', 'ESRI Shapefile', at('plan.shp.zip'), at('plan.geojson'), '-t_srs', 'EPSG:3857', ...polygonsOnly);
ogr('-f', 'ESRI Shapefile', '-update', at('plan.shp.zip'), at('plan.geojson'), '-t_srs', 'EPSG:3857', ...linesOnly);
// GDAL's own answer: the plan in the terrain's CRS.
ogr('-f', 'GeoJSON', at('expected.geojson'), at('plan.geojson'), '-t_srs', 'EPSG:32630');
const expected = JSON.parse(readFileSync(at('expected.geojson'), 'utf8')) as { features: { properties: { name: string }; geometry: { coordinates: number[][] | number[][][] } }[] };
const expectedOf = (name: string) => {
  const g = expected.features.find((f) => f.properties.name === name)!.geometry.coordinates;
  return (typeof g[0][0] === 'number' ? g : g[0]) as number[][];
};

/** Layers as `ogrinfo -so -al` reports them (GDAL 3.6 has no JSON output): geometry type, feature count, CRS name. */
function ogrinfo(file: string): Record<string, { geometry: string; count: number; crs: string | null }> {
  const text = execFileSync('ogrinfo', ['-so', '-al', file], { encoding: 'utf8' });
  const out: Record<string, { geometry: string; count: number; crs: string | null }> = {};
  for (const block of text.split('Layer name: ').slice(1)) {
    out[block.split('\n')[0].trim()] = {
      geometry: /^Geometry: (.+)$/m.exec(block)?.[1] ?? '',
      count: Number(/^Feature Count: (\d+)$/m.exec(block)?.[1]),
      crs: /^PROJCRS\["([^"]+)"/m.exec(block)?.[1] ?? null,
    };
  }
  return out;
}

/** Each vertex within `tol` metres of one of GDAL's (rings may start elsewhere or run the other way). */
function expectNear(got: [number, number][], want: number[][], tol: number): void {
  const distinct = want.filter((p, i) => i === 0 || p[0] !== want[0][0] || p[1] !== want[0][1]);
  expect(got.length).toBe(distinct.length);
  for (const p of got) expect(Math.min(...distinct.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1]))), JSON.stringify(p)).toBeLessThan(tol);
}

describe('importing zones and fences', () => {
  for (const file of ['plan.geojson', 'plan.kml', 'plan.shp.zip', 'plan.gpkg']) {
    it(`reads ${file} into the terrain's CRS as GDAL reprojects it`, async () => {
      const shapes = await importPlanShapes(file, readFileSync(at(file)), utm);
      expect(shapes.zones.map((z) => z.name).sort()).toEqual(['burn side', 'north block']);
      expect(shapes.fences.map((f) => f.name)).toEqual(['deer fence']);
      for (const z of shapes.zones) expectNear(z.polygon, expectedOf(z.name), 0.05);
      expectNear(shapes.fences[0].path, expectedOf('deer fence'), 0.05);
      expect(shapes.fences[0].closed).toBe(false);
      expect(shapes.zones.find((z) => z.name === 'north block')!.density).toBe(2000);
      // British National Grid is reached by the Helmert shift PROJ also uses without the OSTN15 grid; the user is told.
      if (file === 'plan.gpkg') expect(shapes.notes).toEqual([expect.stringMatching(/^EPSG:27700 \(OSGB36 \/ British National Grid\) reprojected with EPSG:1314 .* about 2 m/)]);
      else expect(shapes.notes).toEqual([]);
    });
  }

  it('refuses a file that does not say its CRS, and names what is missing', async () => {
    ogr('-f', 'ESRI Shapefile', at('noprj.shp.zip'), at('plan.geojson'), '-t_srs', 'EPSG:32630', ...polygonsOnly);
    // The same shapefile without its .prj.
    const { unzipSync, zipSync } = await import('fflate');
    const entries = unzipSync(readFileSync(at('noprj.shp.zip')));
    delete entries['zones.prj'];
    await expect(importPlanShapes('noprj.zip', zipSync(entries), utm)).rejects.toThrow(/zones\.shp has no \.prj beside it, so its CRS is unknown/);
    // GeoJSON in metres without a `crs` member is not RFC 7946 longitude/latitude: its CRS is unknown.
    const bare = JSON.parse(readFileSync(at('expected.geojson'), 'utf8'));
    delete bare.crs;
    await expect(importPlanShapes('metres.geojson', new TextEncoder().encode(JSON.stringify(bare)), utm)).rejects.toThrow(/does not say which CRS its coordinates are in/);
  });

  it('needs no datum shift between files and terrains in the same CRS, and refuses a shift grid it lacks', async () => {
    // The GeoPackage in British National Grid onto a terrain in it: coordinates as stored, no note.
    const bng: ImportTarget = { crs: 'EPSG:27700', west: 300_000, east: 320_000, south: 725_000, north: 745_000 };
    const shapes = await importPlanShapes('plan.gpkg', readFileSync(at('plan.gpkg')), bng);
    ogr('-f', 'GeoJSON', at('bng.geojson'), at('plan.gpkg'));
    const stored = JSON.parse(readFileSync(at('bng.geojson'), 'utf8')).features[0].geometry.coordinates[0] as number[][];
    expectNear(shapes.zones.find((z) => z.name === 'north block')!.polygon, stored, 0.008); // rounded to the centimetre
    expect(shapes.notes).toEqual([]);
    const nad27 = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4267' } }, features: [] };
    await expect(importPlanShapes('nad27.geojson', new TextEncoder().encode(JSON.stringify(nad27)), utm)).rejects.toThrow(/through the shift grid NTv2_0\.gsb, which Reforest does not carry; reproject the file/);
  });

  it('says where the shapes are when none lies on the terrain, and leaves out those partly off it', async () => {
    const elsewhere: ImportTarget = { crs: 'EPSG:32630', west: 400_000, east: 401_000, south: 6_000_000, north: 6_001_000 };
    await expect(importPlanShapes('plan.kml', readFileSync(at('plan.kml')), elsewhere)).rejects.toThrow(/nothing in plan\.kml lies on the terrain: its shapes span E 469,\d{3}–470,\d{3}/);
    // A terrain that holds the burn-side zone only.
    const part: ImportTarget = { ...utm, west: 470_300, south: 6_260_500, east: 471_000, north: 6_261_500 };
    const shapes = await importPlanShapes('plan.kml', readFileSync(at('plan.kml')), part);
    expect(shapes.zones.map((z) => z.name)).toEqual(['burn side']);
    expect(shapes.notes.join(' ')).toMatch(/2 shapes not wholly on the terrain left out: "north block", "deer fence"/);
  });

  it('takes a site without a real-world CRS only in its own coordinates', async () => {
    const local: ImportTarget = { crs: 'LOCAL', west: 0, east: 400, south: 0, north: 400 };
    await expect(importPlanShapes('plan.kml', readFileSync(at('plan.kml')), local)).rejects.toThrow(/is in EPSG:4326, but this site has no real-world CRS \(its terrain is procedural\)/);
    const scenario = parseScenario(smallScenario({ fences: [{ name: 'ring', type: 'deer_fence', path: [[90, 90], [310, 90], [310, 310], [90, 310]], closed: true }] }));
    const back = await importPlanShapes('small-plan.geojson', new TextEncoder().encode(planGeoJson(scenario, local)), local);
    expect(back.notes).toEqual(["small-plan.geojson states no CRS, so its coordinates are taken as the site's own"]);
    expect(back.zones).toEqual([{ name: 'zone', polygon: scenario.plantings[0].polygon, density: 1600, year: 0, species: [{ species: 'downy_birch', fraction: 1 }] }]);
    expect(back.fences).toEqual([{ name: 'ring', path: scenario.fences[0].path, closed: true, type: 'deer_fence', installYear: 0 }]);
  });
});

describe('exporting a plan', () => {
  const scenario = parseScenario(
    smallScenario({
      plantings: [{ name: 'upper', polygon: [[470_000, 6_261_000], [470_400, 6_261_000], [470_400, 6_261_300], [470_000, 6_261_300]], species: [{ species: 'scots_pine', fraction: 0.6 }, { species: 'downy_birch', fraction: 0.4 }], density: 2500, year: 2 }],
      fences: [{ name: 'exclosure', type: 'deer_fence', path: [[469_990, 6_260_990], [470_410, 6_260_990], [470_410, 6_261_310], [469_990, 6_261_310]], closed: true, installYear: 1, removalYear: 20 }],
    }),
  );

  it('writes a GeoPackage that GDAL reads, in the terrain\'s CRS, and that imports back as the same plan', async () => {
    const gpkg = await planGeoPackage(scenario, utm);
    writeFileSync(at('export.gpkg'), gpkg);
    const layers = ogrinfo(at('export.gpkg'));
    expect(layers.zones).toEqual({ geometry: 'Polygon', count: 1, crs: 'WGS 84 / UTM zone 30N' });
    expect(layers.fences).toEqual({ geometry: 'Line String', count: 1, crs: 'WGS 84 / UTM zone 30N' });
    // GDAL's reading of the geometry and attributes.
    const viaGdal = JSON.parse(execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', at('export.gpkg'), 'zones'], { encoding: 'utf8' }));
    expect(viaGdal.features[0].properties).toMatchObject({ name: 'upper', density_stems_per_ha: 2500, planting_year: 2, species: 'scots_pine:0.6 downy_birch:0.4' });
    expectNear(viaGdal.features[0].geometry.coordinates[0].slice(0, -1), scenario.plantings[0].polygon, 1e-6);
    const back = await importPlanShapes('export.gpkg', gpkg, utm);
    expect(back.zones).toEqual([{ name: 'upper', polygon: scenario.plantings[0].polygon, density: 2500, year: 2, species: scenario.plantings[0].species }]);
    expect(back.fences).toEqual([{ name: 'exclosure', path: scenario.fences[0].path, closed: true, type: 'deer_fence', installYear: 1, removalYear: 20 }]);
  });

  it('writes GeoJSON that GDAL places in the terrain\'s CRS', () => {
    writeFileSync(at('export.geojson'), planGeoJson(scenario, utm));
    const layers = Object.values(ogrinfo(at('export.geojson')));
    expect(layers).toEqual([{ geometry: 'Unknown (any)', count: 2, crs: 'WGS 84 / UTM zone 30N' }]);
  });
});
