import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, readScenarioJson, type LoadedScenario } from '../../sim/scenario/load.js';
import { loadSurvey } from '../../sim/survey/check.js';
import type { Survey } from '../../sim/survey/format.js';
import { projectRoot, reforestInProcess, tempDir } from '../helpers.js';

// A survey of the georeferenced glen (British National Grid, EPSG:27700) given as a CSV and as the
// vector files a GIS writes, each made from the CSV by GDAL (Debian's ogr2ogr and gdaltransform, PROJ
// doing the reprojection, not proj4js): every format gives the same figures, its plots back on the same
// places within 0.5 m. `survey check` runs in this process (the built core in dist/).

const hasGdal = spawnSync('ogr2ogr', ['--version']).status === 0 && spawnSync('gdaltransform', ['--version']).status === 0;
if (!hasGdal) console.log('Skipping the survey format tests: ogr2ogr and gdaltransform (gdal-bin) are not installed.');

const planFile = join(projectRoot, 'assets/scenarios/glen-geotiff.json');
const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const CSV_OPEN = ['-oo', 'X_POSSIBLE_NAMES=x', '-oo', 'Y_POSSIBLE_NAMES=y', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-s_srs', 'EPSG:27700'];
const HEADER = 'plot,date,x,y,radius_m,species,live,dead,browsed,mean_height_m';

interface Centre {
  id: string;
  x: number;
  y: number;
}

let plan: LoadedScenario;
let dir: string;
let centres: Centre[];
let rows: string[];

/** Three plots in each of the plan's zones at fractions of its extent (off the metre, to show reprojection is not rounding), tallied by species. */
function layOut(): void {
  const input = JSON.parse(readFileSync(planFile, 'utf8')) as { plantings: { polygon: [number, number][]; species: { species: string }[] }[] };
  centres = [];
  rows = [];
  input.plantings.forEach((zone, z) => {
    const xs = zone.polygon.map((p) => p[0]);
    const ys = zone.polygon.map((p) => p[1]);
    [0.2, 0.5, 0.8].forEach((f, k) => {
      const c = { id: `Z${z + 1}-P${k + 1}`, x: Math.min(...xs) + f * (Math.max(...xs) - Math.min(...xs)) + 0.37, y: Math.min(...ys) + (1 - f) * (Math.max(...ys) - Math.min(...ys)) + 0.61 };
      centres.push(c);
      zone.species.slice(0, 3).forEach((s, n) => rows.push(`${c.id},2024-07-01,${c.x},${c.y},5.64,${s.species},${3 + z + n + k},${z + n},${z * n},${(0.4 + 0.1 * n + 0.05 * k).toFixed(2)}`));
    });
  });
  // A plot where nothing was found.
  const empty = { id: 'Z2-P4', x: centres[4].x + 40, y: centres[4].y };
  centres.push(empty);
  rows.push(`${empty.id},2024-07-01,${empty.x},${empty.y},5.64,,0,0,0,`);
}

/** Writes a survey file naming `plots` (and `crs` for a CSV in another CRS than the site's). */
function surveyFile(name: string, plots: string, crs?: string): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name: 'BNG glen, year 3', plantedOn: '2021-04-15', plots, crs, herbivoreCounts: [{ date: '2024-02-01', kind: 'red_deer', densityPerKm2: 18.5 }] }));
  return file;
}

/** What `survey check` prints of the survey: every line but the notes (which say how each was read). */
async function figures(survey: string): Promise<string> {
  const r = await reforestInProcess(['survey', 'check', planFile, survey], { compiled: true, timeLimitMs: 30_000 });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((line) => !line.startsWith('  note:'))
    .join('\n');
}

/** Each plot's distance from where the CSV put it. */
function offsets(survey: Survey, reference: Survey): number[] {
  expect(survey.plots.map((p) => p.id).sort()).toEqual(reference.plots.map((p) => p.id).sort());
  return survey.plots.map((p) => {
    const q = reference.plots.find((r) => r.id === p.id)!;
    return Math.hypot(p.x - q.x, p.y - q.y);
  });
}

/** The layer's CRS as ogrinfo names it. */
const crsName = (file: string) => /^PROJCRS\["([^"]+)"|^GEOGCRS\["([^"]+)"/m.exec(execFileSync('ogrinfo', ['-so', '-al', file], { encoding: 'utf8' }))?.slice(1).find(Boolean);

beforeAll(async () => {
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
  plan = await loadScenario(await readScenarioJson(planFile), { baseDir: join(projectRoot, 'assets/scenarios'), label: planFile });
  dir = tempDir('reforest-survey-gis-');
  layOut();
  writeFileSync(join(dir, 'plots.csv'), `${[HEADER, ...rows].join('\n')}\n`);
});

describe.runIf(hasGdal)('survey plots in every format, reprojected by GDAL', () => {
  it('gives the figures of the CSV from a GeoPackage and GeoJSON in EPSG:4326 and a zipped shapefile in EPSG:3857', async () => {
    const csv = surveyFile('csv', 'plots.csv');
    const reference = await loadSurvey(csv, plan);
    expect(reference.plots).toHaveLength(centres.length);
    expect(reference.plotZone).toEqual(centres.map((c) => (c.id.startsWith('Z1-') ? 0 : 1)));
    const expected = await figures(csv);
    expect(expected).toMatch(/^"BNG glen, year 3": 7 plots in year 3 since planting/);
    expect(expected).toMatch(/zone "fenced": 3 plots, [\d,]+ live stems\/ha, .*mean height 0\.\d\d m/);
    expect(expected).toMatch(/zone "unfenced": 4 plots, /);
    expect(expected).toMatch(/herbivores counted: 18\.5 per km2/);

    // Typed columns as a GIS keeps them (integers, reals, a date) in the GeoPackage and the shapefile,
    // whose .dbf cuts mean_height_m to mean_heigh and has no empty number; text in the GeoJSON.
    const typed = ['-oo', 'AUTODETECT_TYPE=YES'];
    ogr('-f', 'GPKG', join(dir, 'plots.gpkg'), join(dir, 'plots.csv'), ...CSV_OPEN, ...typed, '-t_srs', 'EPSG:4326', '-nln', 'plots');
    ogr('-f', 'GeoJSON', join(dir, 'plots.geojson'), join(dir, 'plots.csv'), ...CSV_OPEN, '-t_srs', 'EPSG:4326', '-nln', 'plots');
    ogr('-f', 'ESRI Shapefile', join(dir, 'plots.shp.zip'), join(dir, 'plots.csv'), ...CSV_OPEN, ...typed, '-t_srs', 'EPSG:3857', '-nln', 'plots');
    expect(crsName(join(dir, 'plots.gpkg'))).toBe('WGS 84');
    expect(crsName(join(dir, 'plots.geojson'))).toMatch(/WGS 84/);
    expect(crsName(join(dir, 'plots.shp.zip'))).toBe('WGS 84 / Pseudo-Mercator');

    for (const file of ['plots.gpkg', 'plots.geojson', 'plots.shp.zip']) {
      const survey = surveyFile(file, file);
      expect(await figures(survey), file).toBe(expected);
      const read = await loadSurvey(survey, plan);
      expect(Math.max(...offsets(read, reference)), file).toBeLessThan(0.5);
      for (const p of read.plots) expect(p.tallies, `${file} ${p.id}`).toEqual(reference.plots.find((q) => q.id === p.id)!.tallies);
      expect(read.notes.join('\n'), file).toMatch(/EPSG:1314/);
    }
  });

  it('places a CSV of longitude and latitude (crs EPSG:4326) where the CSV in the site CRS puts it', async () => {
    const reference = await loadSurvey(surveyFile('csv', 'plots.csv'), plan);
    const lonLat = execFileSync('gdaltransform', ['-s_srs', 'EPSG:27700', '-t_srs', 'EPSG:4326', '-output_xy'], { input: rows.map((r) => r.split(',').slice(2, 4).join(' ')).join('\n'), encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/));
    expect(lonLat).toHaveLength(rows.length);
    const lonLatRows = rows.map((r, i) => {
      const cells = r.split(',');
      [cells[2], cells[3]] = lonLat[i];
      return cells.join(',');
    });
    expect(Number(lonLat[0][0])).toBeCloseTo(-4.99, 1);
    writeFileSync(join(dir, 'lonlat.csv'), `${[HEADER, ...lonLatRows].join('\n')}\n`);
    const survey = surveyFile('lonlat', 'lonlat.csv', 'EPSG:4326');
    expect(await figures(survey)).toBe(await figures(surveyFile('csv', 'plots.csv')));
    expect(Math.max(...offsets(await loadSurvey(survey, plan), reference))).toBeLessThan(0.5);
  });

  it('reads square plots given as polygons in the site CRS, each with its area', async () => {
    const half = 5;
    const features = rows.map((r) => {
      const [plot, date, x, y, , species, live, dead, browsed, height] = r.split(',');
      const [cx, cy] = [Number(x), Number(y)];
      const ring = [[cx - half, cy - half], [cx + half, cy - half], [cx + half, cy + half], [cx - half, cy + half], [cx - half, cy - half]];
      const properties = { plot, date, species, live: Number(live), dead: Number(dead), browsed: Number(browsed), mean_height_m: height === '' ? null : Number(height) };
      return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } };
    });
    const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };
    writeFileSync(join(dir, 'squares.geojson'), JSON.stringify({ type: 'FeatureCollection', crs, features }));
    const survey = surveyFile('squares', 'squares.geojson');
    const read = await loadSurvey(survey, plan);
    expect(read.plots).toHaveLength(centres.length);
    for (const c of centres) {
      const p = read.plots.find((q) => q.id === c.id)!;
      expect(p.radius).toBeNull();
      expect(p.ring).toHaveLength(4);
      expect(p.areaM2).toBeCloseTo((2 * half) ** 2, 6);
      expect(Math.hypot(p.x - c.x, p.y - c.y)).toBeLessThan(1e-6);
    }
    // Live stems over 100 m² a plot, zone by zone.
    const out = await figures(survey);
    for (const [zone, prefix] of [['fenced', 'Z1-'], ['unfenced', 'Z2-']]) {
      const zoneRows = rows.filter((r) => r.startsWith(prefix));
      const plots = new Set(zoneRows.map((r) => r.split(',')[0])).size;
      const live = zoneRows.reduce((a, r) => a + Number(r.split(',')[6]), 0);
      const stems = Math.round((live * 10_000) / (plots * (2 * half) ** 2)).toLocaleString('en');
      expect(out).toContain(`zone "${zone}": ${plots} plots, ${stems} live stems/ha`);
    }
  });
});
