import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import { type WebHost, startWebHost } from '../../main/web/webHost.js';
import { projectRoot, smallScenario, tempDir } from '../helpers.js';
import { distinctColours, launchBrowser, openPage, shoot } from './browser.js';
import { e2eExamples, closesCleanly } from './pageHost.js';

/**
 * Sites from the user's own files, in real Chromium: a new site from a GeoTIFF picked in the page
 * (made and read back by GDAL), planned on and run; and a scenario opened with the raster it names,
 * which the host resolves against the scenario's own folder, not the folder the host started in.
 */
describe('sites from picked files in Chromium', () => {
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  const dir = tempDir('reforest-sites-e2e-');
  // The host starts in a folder that holds none of the files: everything comes from the picks.
  const hostDir = join(dir, 'host');
  mkdirSync(hostDir);
  const project = join(dir, 'project');
  mkdirSync(join(project, 'dem'), { recursive: true });

  // A 600 × 500 m valley in UTM 30N, 10 m cells, written as an ASCII grid and made a GeoTIFF by GDAL.
  const cols = 60;
  const rows = 50;
  const west = 300_000;
  const south = 6_200_000;
  const rowsText = Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (150 + Math.abs(c - 30) * 3 + r * 0.5).toFixed(1)).join(' '));
  writeFileSync(join(dir, 'valley.asc'), `ncols ${cols}\nnrows ${rows}\nxllcorner ${west}\nyllcorner ${south}\ncellsize 10\nNODATA_value -9999\n${rowsText.join('\n')}\n`);
  const tif = join(project, 'dem', 'valley.tif');
  execFileSync('gdal_translate', ['-q', '-of', 'GTiff', '-a_srs', 'EPSG:32630', join(dir, 'valley.asc'), tif]);
  const info = JSON.parse(execFileSync('gdalinfo', ['-json', tif], { encoding: 'utf8' })) as { size: [number, number]; geoTransform: number[] };

  const planOnValley = smallScenario({
    name: 'valley plan',
    years: 4,
    replicates: 2,
    seed: 5,
    terrain: { type: 'geotiff', path: 'dem/valley.tif' },
    plantings: [{ name: 'floor', polygon: [[west + 200, south + 100], [west + 400, south + 100], [west + 400, south + 300], [west + 200, south + 300]], species: [{ species: 'downy_birch', fraction: 1 }], density: 1600 }],
  });
  const scenarioFile = join(project, 'valley-plan.json');
  writeFileSync(scenarioFile, JSON.stringify(planOnValley, null, 2));

  const state = () => page.evaluate(() => window.reforestPage!);
  const waitForRunA = (status: string, timeout = 240_000) =>
    page.waitForFunction((s) => window.reforestPage?.runs.find((r) => r.key === 'a')?.status === s, status, { timeout, polling: 200 });
  const clickGround = async (x: number, y: number) => {
    const at = await page.evaluate(([gx, gy]) => window.reforestPage!.screenPoint(gx, gy), [x, y] as const);
    if (!at) throw new Error(`(${x}, ${y}) is not on the view`);
    const box = (await page.locator('#view').boundingBox())!;
    await page.mouse.click(box.x + at[0], box.y + at[1]);
  };

  beforeAll(async () => {
    host = await startWebHost({ service: new HostService({ workingDir: hostDir, examplesDir: e2eExamples('small') }), staticDir: join(projectRoot, 'dist', 'renderer'), version: 'e2e' });
    browser = await launchBrowser();
    ({ page, errors: consoleErrors } = await openPage(browser, host.url));
    // The page opens on the host's example and runs it; these tests start from their own files.
    await waitForRunA('completed');
    await page.waitForFunction(() => window.reforestPage?.status === 'idle', undefined, { timeout: 120_000 });
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors: consoleErrors }));

  it('starts an empty plan on a GeoTIFF picked as a new site, then plans on it and runs', async () => {
    await page.locator('#dem-file').setInputFiles(tif);
    // The site is the raster GDAL wrote: its size, cells and projection.
    await expect.poll(() => page.locator('#site-info').textContent(), { timeout: 60_000 }).toContain('valley');
    const siteInfo = await page.locator('#site-info').textContent();
    const [gx, gy] = info.size;
    const cell = info.geoTransform[1];
    expect(siteInfo).toContain(`${((gx * cell) / 1000).toFixed(1)} × ${((gy * cell) / 1000).toFixed(1)} km, ${cell} m cells`);
    expect(siteInfo).toMatch(/32630|UTM zone 30N/);
    // No zone yet: the checks say what the plan lacks, and there is nothing to run.
    await expect.poll(() => page.locator('#plan-checks').textContent()).toContain('no planting zone yet');
    expect(await page.locator('#run').isDisabled()).toBe(true);
    expect((await state()).runs).toEqual([]);

    const checks = (await state()).editedPlanChecks;
    await page.locator('#map-mode').check();
    await page.locator('[data-mode="draw-zone"]').click();
    for (const [x, y] of [[west + 150, south + 150], [west + 450, south + 150], [west + 450, south + 350], [west + 150, south + 350], [west + 150, south + 150]] as const) {
      await clickGround(x, y);
    }
    await page.waitForFunction((k) => window.reforestPage!.editedPlanChecks > k, checks, { timeout: 30_000 });
    await expect.poll(() => page.locator('#plan-checks').textContent()).toContain('ready to run');
    await page.locator('[data-mode="navigate"]').click();
    await page.locator('#run').click();
    await waitForRunA('completed');
    const run = (await state()).runs.find((r) => r.key === 'a')!;
    expect(run.trees).toBeGreaterThan(0);
    expect(run.years).toBe(50);
    // The picked ground is drawn, with the planted zone on it.
    expect(distinctColours(await shoot(page, 'new-site-from-dem'))).toBeGreaterThan(50);
    // The run stands alone: nothing from the default scenario's site is compared with it.
    expect((await state()).runs.map((r) => r.key)).toEqual(['a']);
  }, 420_000);

  it('names the raster a scenario needs when it is picked alone', async () => {
    await page.locator('#scenario-file').setInputFiles(scenarioFile);
    await expect.poll(() => page.locator('#problems').textContent()).toContain('"dem/valley.tif", which is not among the files picked');
  });

  it('opens a scenario picked together with its raster, resolved against the scenario\'s folder, and runs it', async () => {
    const before = (await state()).runs.find((r) => r.key === 'a')?.runId;
    await page.locator('#scenario-file').setInputFiles([scenarioFile, tif]);
    await page.waitForFunction((old) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== old;
    }, before, { timeout: 240_000, polling: 200 });
    expect(await page.locator('#site-info').textContent()).toContain('valley plan');
    expect((await state()).runs.find((r) => r.key === 'a')!.trees).toBeGreaterThan(0);
  }, 300_000);

  it('opens a scenario from a picked folder, asking which one when the folder holds several', async () => {
    writeFileSync(join(project, 'second.json'), JSON.stringify({ ...planOnValley, name: 'second plan', years: 3 }, null, 2));
    const before = (await state()).runs.find((r) => r.key === 'a')?.runId;
    await page.locator('#scenario-folder').setInputFiles(project);
    const chooser = page.locator('#folder-scenario');
    await expect.poll(() => chooser.isVisible()).toBe(true);
    await chooser.selectOption({ label: 'project/second.json' });
    await page.waitForFunction((old) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== old;
    }, before, { timeout: 240_000, polling: 200 });
    expect(await page.locator('#site-info').textContent()).toContain('second plan');
    expect((await state()).runs.find((r) => r.key === 'a')!.years).toBe(3);
  }, 300_000);

  it('imports zones and fences from a KML file onto the site, and exports the plan as a GeoPackage GDAL reads', async () => {
    // A zone and a fence in the site's own UTM metres, made KML (longitude/latitude) by GDAL.
    const planned = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32630' } },
      features: [
        { type: 'Feature', properties: { name: 'imported glade' }, geometry: { type: 'Polygon', coordinates: [[[west + 50, south + 320], [west + 180, south + 320], [west + 180, south + 450], [west + 50, south + 450], [west + 50, south + 320]]] } },
        { type: 'Feature', properties: { name: 'imported fence' }, geometry: { type: 'LineString', coordinates: [[west + 40, south + 310], [west + 190, south + 310], [west + 190, south + 460]] } },
        { type: 'Feature', properties: { name: 'far away' }, geometry: { type: 'Polygon', coordinates: [[[west + 5000, south], [west + 5100, south], [west + 5100, south + 100], [west + 5000, south]]] } },
      ],
    };
    writeFileSync(join(dir, 'planned.geojson'), JSON.stringify(planned));
    const kml = join(dir, 'planned.kml');
    execFileSync('ogr2ogr', ['-f', 'KML', kml, join(dir, 'planned.geojson')]);
    const checks = (await state()).editedPlanChecks;
    await page.locator('#import-gis').setInputFiles(kml);
    await page.waitForFunction((k) => window.reforestPage!.editedPlanChecks > k, checks, { timeout: 30_000 });
    const notes = await page.locator('#import-notes').textContent();
    expect(notes).toContain('Imported 1 zone and 1 fence from planned.kml.');
    expect(notes).toContain('1 shape not wholly on the terrain left out: "far away"');
    await expect.poll(() => page.locator('#plan-checks').textContent()).toContain('ready to run');
    // Undo takes the whole import back in one step.
    expect(await page.locator('#undo').isEnabled()).toBe(true);

    const download = page.waitForEvent('download');
    await page.locator('#export-plan-gpkg').click();
    const file = join(dir, 'exported.gpkg');
    await (await download).saveAs(file);
    const zones = execFileSync('ogrinfo', ['-al', '-q', '-where', "name = 'imported glade'", file, 'zones'], { encoding: 'utf8' });
    // The zone went out in the site's CRS as it came in: each corner within a centimetre or two of where it was drawn.
    const ring = /POLYGON \(\((.+)\)\)/.exec(zones)![1].split(',').map((p) => p.trim().split(' ').map(Number));
    for (const [x, y] of [[west + 50, south + 320], [west + 180, south + 320], [west + 180, south + 450], [west + 50, south + 450]]) {
      expect(Math.min(...ring.map((q) => Math.hypot(q[0] - x, q[1] - y)))).toBeLessThan(0.02);
    }
    const fences = execFileSync('ogrinfo', ['-so', file, 'fences'], { encoding: 'utf8' });
    expect(fences).toContain('Feature Count: 1');
    expect(fences).toContain('WGS 84 / UTM zone 30N');
  }, 120_000);

  it('reads the map: legend and scales, cursor readout, zone labels, zoom to the cursor, home view, and an inspect panel that follows the year', async () => {
    await page.locator('#run').click();
    await waitForRunA('completed');
    await page.locator('#map-mode').check();
    const legend = page.locator('#legend');
    // Every shading mode's scale, in its units; the elevation scale spans the site's own range.
    expect(await legend.locator('.legend-scale h4').textContent()).toBe('Elevation');
    const lowest = 150 + 0; // column 30 of the northern row
    const highest = 150 + 30 * 3 + (rows - 1) * 0.5;
    expect(await legend.locator('.legend-scale .ticks').textContent()).toBe(`${Math.round(lowest)} m${Math.round((lowest + highest) / 2)} m${Math.round(highest)} m`);
    await page.locator('#shading').selectOption('slope');
    expect(await legend.locator('.legend-scale h4').textContent()).toBe('Slope');
    expect(await legend.locator('.legend-scale .ticks').textContent()).toBe('0°12°25°40°+');
    await page.locator('#shading').selectOption('suitability');
    expect(await legend.locator('.legend-scale h4').textContent()).toMatch(/^Site suitability/);
    await page.locator('#shading').selectOption('elevation');
    const legendText = await legend.textContent();
    for (const name of ['floor', 'imported glade', 'fence (1)', 'Downy birch', 'browsed this year']) expect(legendText).toContain(name);

    // The readout gives the cell under the pointer, as the GeoTIFF holds it.
    const box = (await page.locator('#view').boundingBox())!;
    const [c, r] = [12, 20];
    const cellCentre: [number, number] = [west + (c + 0.5) * 10, south + (rows - r - 0.5) * 10];
    const at = (await page.evaluate(([x, y]) => window.reforestPage!.screenPoint(x, y), cellCentre))!;
    await page.mouse.move(box.x + at[0], box.y + at[1]);
    await expect.poll(() => page.locator('#cursor-readout').getAttribute('data-elevation')).toBe(String(150 + Math.abs(c - 30) * 3 + r * 0.5));
    expect(await page.locator('#cursor-readout').textContent()).toMatch(/slope \d+° · suitability: Downy birch \d\.\d\d/);

    // Zone labels sit on their zones.
    const label = page.locator('.zone-label[data-zone="imported glade"]');
    const lb = (await label.boundingBox())!;
    const glade = (await page.evaluate(([x, y]) => window.reforestPage!.screenPoint(x, y), [west + 115, south + 385] as [number, number]))!;
    expect(Math.hypot(lb.x + lb.width / 2 - (box.x + glade[0]), lb.y + lb.height / 2 - (box.y + glade[1]))).toBeLessThan(3);

    // The wheel zooms towards the point under the pointer: it stays under the pointer as the scale grows.
    const pointer: [number, number] = [box.width * 0.3, box.height * 0.35];
    const before = (await page.evaluate(([x, y]) => window.reforestPage!.groundPoint(x, y), pointer))!;
    // The ground between two screen points either side of the pointer, on the terrain before and after.
    const span = () =>
      page.evaluate(([x, y]) => {
        const p = window.reforestPage!;
        const [a, b] = [p.groundPoint(x - 60, y), p.groundPoint(x + 60, y)];
        return a && b ? Math.hypot(b[0] - a[0], b[1] - a[1]) : null;
      }, pointer);
    const spanBefore = await span();
    expect(spanBefore).not.toBeNull();
    const width0 = await page.locator('#map-scale').getAttribute('data-metres');
    await page.mouse.move(box.x + pointer[0], box.y + pointer[1]);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -240);
    // The zoom's inertia has played out once the ground under the pointer stops moving between looks.
    let last: [number, number] | null = null;
    await expect
      .poll(
        async () => {
          const now = await page.evaluate(([x, y]) => window.reforestPage!.groundPoint(x, y), pointer);
          const still = now !== null && last !== null && Math.hypot(now[0] - last[0], now[1] - last[1]) < 1e-3;
          last = now;
          return still && (await page.locator('#map-scale').getAttribute('data-metres')) !== width0;
        },
        { timeout: 60_000, intervals: [250] },
      )
      .toBe(true);
    const after = last!;
    expect(Math.hypot(after[0] - before[0], after[1] - before[1])).toBeLessThan(10);
    const spanAfter = await span();
    expect(spanAfter).not.toBeNull();
    expect(spanAfter!).toBeLessThan(spanBefore! * 0.9);
    // Home shows the whole site again: its corners are on the view.
    await page.locator('#home-view').click();
    const cornersOnView = () =>
      page.evaluate(([w, s, e, n, width, height]) => {
        const p = window.reforestPage!;
        return [p.screenPoint(w, s), p.screenPoint(e, n)].every((q) => q !== null && q[0] > 0 && q[1] > 0 && q[0] < width && q[1] < height);
      }, [west + 1, south + 1, west + cols * 10 - 1, south + rows * 10 - 1, box.width, box.height]);
    // The view moves at the next rendered frame, which in software takes a few seconds with trees.
    await expect.poll(cornersOnView, { timeout: 60_000 }).toBe(true);

    // Inspect a zone; the panel follows the year slider and the ring marks it.
    const floor = (await page.evaluate(([x, y]) => window.reforestPage!.screenPoint(x, y), [west + 300, south + 250] as [number, number]))!;
    await page.mouse.click(box.x + floor[0], box.y + floor[1]);
    await expect.poll(() => page.locator('#inspect h3').first().textContent()).toMatch(/^(Tree \d+|Zone "floor")$/);
    expect(await page.locator('.inspect-ring').isVisible()).toBe(true);
    // The plan opened last runs 3 years.
    await page.locator('#year').fill('3');
    await expect.poll(() => page.locator('#inspect').getAttribute('data-year')).toBe('3');
    const late = await page.locator('#inspect').textContent();
    await page.locator('#year').fill('1');
    await expect.poll(() => page.locator('#inspect').getAttribute('data-year')).toBe('1');
    const early = await page.locator('#inspect').textContent();
    expect(early).not.toBe(late);
    expect(early).toContain('Downy birch');
  }, 300_000);
});
