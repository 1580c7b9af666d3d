import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, reforestInProcess, tempDir } from '../helpers.js';

// The yearly maps `reforest run --rasters` writes, read back by GDAL (Debian's gdal-bin), an
// independent reader of GeoTIFF; the command runs in this process (the built core in dist/).

const hasGdal = spawnSync('gdalinfo', ['--version']).status === 0;
if (!hasGdal) console.log('Skipping the raster tests: gdalinfo (gdal-bin) is not installed.');

beforeAll(() => {
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
});

interface GdalInfo {
  size: [number, number];
  geoTransform: number[];
  coordinateSystem?: { wkt: string };
  bands: { mean?: number; maximum?: number; metadata?: { ''?: Record<string, string> } }[];
}

const info = (file: string) => JSON.parse(execFileSync('gdalinfo', ['-json', '-stats', file], { encoding: 'utf8' })) as GdalInfo;
const mean = (i: GdalInfo) => Number(i.bands[0].metadata?.['']?.STATISTICS_MEAN ?? i.bands[0].mean);

describe('reforest run --rasters', () => {
  it.runIf(hasGdal)("writes each year's live stems, their carbon and the herds' use as GeoTIFFs on the terrain's grid and CRS, summing to the run's own figures", async () => {
    const dir = tempDir();
    const out = join(dir, 'results.csv');
    const maps = join(dir, 'maps');
    const plan = join(projectRoot, 'assets', 'scenarios', 'glen-geotiff.json');
    const r = await reforestInProcess(['run', plan, '--replicates', '2', '--years', '4', '--rasters', maps, '--out', out, '--progress', 'none'], { compiled: true });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(maps).sort();
    expect(files).toEqual([
      ...[1, 2, 3, 4].map((y) => `browse_use-y00${y}.tif`),
      ...[0, 1, 2, 3, 4].map((y) => `carbon_tco2e_per_ha-y00${y}.tif`),
      ...[0, 1, 2, 3, 4].map((y) => `stems_per_ha-y00${y}.tif`),
    ]);
    const rows = csvParse(readFileSync(out, 'utf8')).filter((row) => row.replicate === '0' && row.zone === 'all');
    for (const year of [0, 1, 2, 3, 4]) {
      const stems = info(join(maps, `stems_per_ha-y00${year}.tif`));
      // The terrain's grid and CRS: 200 × 150 cells of 10 m from (219000, 822500) in British National Grid.
      expect(stems.size).toEqual([200, 150]);
      expect(stems.geoTransform).toEqual([219000, 10, 0, 822500, 0, -10]);
      expect(stems.coordinateSystem?.wkt).toMatch(/ID\["EPSG",27700\]\]$/);
      // Stems per hectare over every cell, times the cells' hectares: replicate 0's live trees that year.
      const row = rows.find((x) => Number(x.year) === year)!;
      const live = Number(row.alive) + Number(row.regenerated);
      expect(mean(stems) * 200 * 150 * 0.01).toBeCloseTo(live, 0);
      // Carbon per hectare over every cell, times the cells' hectares: replicate 0's carbon in live trees.
      const carbon = info(join(maps, `carbon_tco2e_per_ha-y00${year}.tif`));
      expect(carbon.size).toEqual([200, 150]);
      expect(carbon.geoTransform).toEqual([219000, 10, 0, 822500, 0, -10]);
      const total = mean(carbon) * 200 * 150 * 0.01;
      expect(total).toBeGreaterThan(0);
      expect(Math.abs(total - Number(row.carbon_tco2e))).toBeLessThan(1e-3 * Number(row.carbon_tco2e) + 1e-3);
    }
    // The herds spent their days on the ground: some use every year, none of it negative.
    for (const year of [1, 2, 3, 4]) {
      const use = info(join(maps, `browse_use-y00${year}.tif`));
      expect(mean(use)).toBeGreaterThan(0);
    }
  }, 60_000);

  it('refuses a file given as the folder, before running', async () => {
    const dir = tempDir();
    const file = join(dir, 'taken.tif');
    execFileSync('touch', [file]);
    const r = await reforestInProcess(['run', '--replicates', '1', '--years', '1', '--rasters', file, '--progress', 'none'], { compiled: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rasters .*taken\.tif: is a file; give a folder for the yearly GeoTIFFs/);
  });
});
