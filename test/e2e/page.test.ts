import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import { csvParse } from 'd3-dsv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, smallScenario, tempDir } from '../helpers.js';
import { findChromium } from '../../sim/report/pdf.js';
import { differingShare, distinctColours, launchBrowser, shoot, writeArtifact } from './browser.js';
import { type PageHost, TRANSPORTS, startPageHost } from './pageHost.js';

/**
 * The page in real Chromium (WebGL through SwiftShader) against the real host and core: what a user
 * sees and does, checked from screenshots and the page's own elements. The whole suite runs over the
 * desktop app's MessagePort; over the web host's WebSocket, the contract of the other transport: the
 * page opens, runs, draws and exports the same bytes (test/host/webHost.test.ts and
 * test/renderer/hostClient.test.ts test that transport call by call).
 */
describe.each(TRANSPORTS)('the page in Chromium over the %s transport', (transport) => {
  /** Every test over the port; over the WebSocket, the two that the suite runs whatever the transport. */
  const whole = transport === 'port';
  let host: PageHost;
  /** Screenshots of each transport's run kept apart. */
  const prefix = transport === 'port' ? 'port-' : '';
  let browser: Browser;
  let page: Page;
  let firstPicture: PNG;
  let consoleErrors: string[] = [];

  const runStatus = (key: 'a' | 'b') =>
    page.evaluate((k) => window.reforestPage?.runs.find((r) => r.key === k)?.status ?? 'none', key);
  const waitForRun = (key: 'a' | 'b', status: string, timeout = 240_000) =>
    page.waitForFunction(([k, s]) => window.reforestPage?.runs.find((r) => r.key === k)?.status === s, [key, status] as const, {
      timeout,
      polling: 250,
    });
  /** Lets the render loop draw the current state before a screenshot. */
  const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  beforeAll(async () => {
    host = await startPageHost(transport, { examples: 'glen' });
    browser = await launchBrowser();
    ({ page, errors: consoleErrors } = await host.open(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  // Any console error or uncaught exception on the page fails the test during which it appeared.
  afterEach(() => {
    expect(consoleErrors.splice(0)).toEqual([]);
  });

  it('opens on the default scenario, runs it and draws terrain and trees', async () => {
    await waitForRun('a', 'completed');
    const state = await page.evaluate(() => ({ ...window.reforestPage!, stats: window.reforestPage!.stats() }));
    expect(state.runs[0].frames).toBe(51);
    expect(state.firstFrameMs).not.toBeNull();
    expect(state.stats.treeInstances).toBeGreaterThan(20_000);
    await settle();
    const withTrees = await shoot(page, prefix + '01-default-final-year');
    firstPicture = withTrees;
    expect(distinctColours(withTrees)).toBeGreaterThan(300);

    await page.locator('#layer-trees').uncheck();
    await settle();
    const withoutTrees = await shoot(page, prefix + '02-default-trees-hidden');
    expect(distinctColours(withoutTrees)).toBeGreaterThan(100);
    // The trees cover a visible part of the picture: hiding them changes it (the zone labels lie over
    // some of them in both pictures).
    expect(differingShare(withTrees, withoutTrees)).toBeGreaterThan(0.015);
    await page.locator('#layer-trees').check();
    expect(consoleErrors).toEqual([]);
    // The glen (2 replicates × 50 years) runs first; a loaded two-core machine takes a minute or more.
  }, 300_000);

  it.runIf(whole)('moving the year slider changes the picture', async () => {
    await page.locator('#year').fill('50');
    await settle();
    const late = await shoot(page, prefix + '03-year-50');
    await page.locator('#year').fill('2');
    await settle();
    expect(await page.locator('#year-label').textContent()).toBe('Year 2');
    const early = await shoot(page, prefix + '04-year-2');
    expect(differingShare(late, early)).toBeGreaterThan(0.02);
    // Where the herd spent year 2 (outside the fence, animal-days per hectare): the heat map shows it.
    await page.locator('#layer-heatmap').check();
    await settle();
    const heat = await shoot(page, prefix + '04b-year-2-browse-heat-map');
    expect(differingShare(early, heat)).toBeGreaterThan(0.005);
    await page.locator('#layer-heatmap').uncheck();
  });

  it.runIf(whole)('charts show median lines and p5–p95 bands, and follow the slider', async () => {
    const charts = page.locator('#charts svg[data-chart]');
    expect(await charts.count()).toBe(7);
    for (const chart of await charts.all()) {
      expect((await chart.locator('path.band').getAttribute('d'))?.length ?? 0).toBeGreaterThan(50);
      expect((await chart.locator('path.median').getAttribute('d'))?.length ?? 0).toBeGreaterThan(50);
    }
    expect(await page.locator('line.year-cursor').first().getAttribute('data-year')).toBe('2');
    // Hovering shows the year's median and band; clicking moves the slider to the year under the pointer.
    const overlay = page.locator('svg[data-chart="carbon"] rect.overlay');
    const box = (await overlay.boundingBox())!;
    await overlay.hover({ position: { x: box.width / 2, y: box.height / 2 } });
    const tooltip = page.locator('[data-chart="carbon"] .chart-tooltip');
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    expect(Number(await tooltip.getAttribute('data-year'))).toBeGreaterThan(20);
    expect(await tooltip.textContent()).toMatch(/\d.*–.*\d/);
    await overlay.click({ position: { x: box.width * 0.75, y: box.height / 2 } });
    const year = Number(await page.locator('#year').inputValue());
    expect(year).toBeGreaterThan(30);
    expect(year).toBeLessThan(45);
    await shoot(page, prefix + '05-charts', '.charts-area');
  });

  it.runIf(whole)('shows the stand by species and by size class: the figures and the files reforest run --species and --size-classes write', async () => {
    const dir = tempDir();
    const [speciesFile, classesFile] = [join(dir, 'species.csv'), join(dir, 'classes.csv')];
    execFileSync(process.execPath, [join(projectRoot, 'bin', 'reforest.js'), 'run', join(host.examplesDir, 'default.json'), '--out', join(dir, 'r.csv'), '--species', speciesFile, '--size-classes', classesFile, '--quiet'], { stdio: 'ignore' });
    await waitForRun('a', 'completed');
    await page.locator('#zone-select').selectOption('');
    await page.locator('#year').fill('40');
    const area = page.locator('#structure-area');
    await expect.poll(() => area.isVisible()).toBe(true);
    // The species chart: one median line per species the run holds stems of.
    const expectedSpecies = new Set(csvParse(readFileSync(speciesFile, 'utf8')).filter((r) => r.zone === 'all' && Number(r.stems_per_ha_p95) > 0).map((r) => r.species));
    const speciesChart = page.locator('#structure-species svg[data-chart="species-stems_per_ha"]');
    expect(await speciesChart.locator('path.median').count()).toBe(expectedSpecies.size);
    expect(expectedSpecies.size).toBeGreaterThanOrEqual(3);
    // The classes of the year the timeline shows: each bar's median is the CLI's p50.
    const classes = csvParse(readFileSync(classesFile, 'utf8')).filter((r) => r.zone === 'all' && r.year === '40');
    for (const kind of ['height', 'diameter'] as const) {
      await page.locator('#structure-kind').selectOption(kind);
      const bars = await page.locator('#structure-classes svg.class-chart g.bar').evaluateAll((gs) => gs.map((g) => [(g as SVGGElement).dataset.class!, Number((g as SVGGElement).dataset.value)] as const));
      const expected = classes.filter((r) => r.kind === kind);
      expect(bars.map(([label]) => label)).toEqual(expected.map((r) => r.class));
      bars.forEach(([, value], k) => expect(value).toBeCloseTo(Number(expected[k].stems_per_ha_p50), 2));
      expect(bars.some(([, value]) => value > 0)).toBe(true);
    }
    expect(await page.locator('#structure-classes svg.class-chart').getAttribute('aria-label')).toMatch(/diameter class .*year 40/);
    await shoot(page, prefix + '05a-stand-structure', '#structure-area');
    // Its files, byte for byte the CLI's.
    for (const [kind, file] of [['species', speciesFile], ['size-classes', classesFile]] as const) {
      const exported = (await host.saved(page, () => page.locator(`[data-export="${kind}"]`).click())).bytes.toString('utf8');
      expect(exported).toBe(readFileSync(file, 'utf8'));
    }
  });

  it('exports the results CSV byte for byte as the CLI writes it', async () => {
    const exported = (await host.saved(page, () => page.locator('[data-export="out"]').click())).bytes.toString('utf8');
    writeArtifact('exported-results.csv', exported);
    const cliOut = join(tempDir(), 'cli.csv');
    execFileSync(process.execPath, [join(projectRoot, 'bin', 'reforest.js'), 'run', join(host.examplesDir, 'default.json'), '--out', cliOut, '--quiet'], { stdio: 'ignore' });
    expect(exported.length).toBeGreaterThan(10_000);
    expect(exported).toBe(readFileSync(cliOut, 'utf8'));
  });

  it.runIf(whole)("shows run A's carbon units by vintage, the figures reforest run --units writes", async () => {
    const cliUnits = join(tempDir(), 'units.csv');
    execFileSync(process.execPath, [join(projectRoot, 'bin', 'reforest.js'), 'run', join(host.examplesDir, 'default.json'), '--out', join(tempDir(), 'r.csv'), '--units', cliUnits, '--quiet'], { stdio: 'ignore' });
    const expected = csvParse(readFileSync(cliUnits, 'utf8')).filter((r) => r.zone === 'all' && r.verification === '1');
    await page.locator('#zone-select').selectOption('');
    const table = page.locator('#units-summary table.units-summary');
    expect(await table.locator('caption').textContent()).toMatch(/^Carbon units of A, zone all \(whole site\), by vintage \(Woodland Carbon Code\).*buffer 20%/);
    const shown = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ year: (tr as HTMLElement).dataset.year!, ...Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.field!, Number(td.dataset.value)])) })),
    );
    expect(shown.map((r) => r.year)).toEqual(expected.map((r) => r.year));
    for (const [i, row] of expected.entries()) {
      for (const field of ['sequestered', 'net', 'buffer', 'claimable', 'issued', 'issued_to_date']) expect(shown[i][field as 'year']).toBeCloseTo(Number(row[`${field}_p50`]), 2);
    }
    await shoot(page, prefix + '05b-carbon-units', '#units-summary');
  });

  it.runIf(whole)('exports the view as PNG and a chart as SVG', async () => {
    const png = await host.saved(page, () => page.locator('#export-view-png').click());
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(png.fileName).toMatch(/\.png$/);
    const svg = await host.saved(page, () => page.locator('[data-chart="carbon"] [data-export-chart="svg"]').first().click());
    const svgText = svg.bytes.toString('utf8');
    writeArtifact('carbon-chart.svg', svgText);
    expect(svgText).toContain('<svg');
    expect(svgText).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svgText).toMatch(/class="band"|fill-opacity/);
  });

  it.runIf(whole)('compares two scenarios: overlaid charts and the difference at the final year', async () => {
    await page.locator('#compare-select').selectOption('no-fences');
    await page.locator('#compare-run').click();
    await waitForRun('b', 'completed');
    for (const chart of await page.locator('#charts svg[data-chart]').all()) {
      expect(await chart.locator('g.run').count()).toBe(2);
      expect(await chart.locator('path.band').count()).toBe(2);
    }
    const table = page.locator('table.compare-summary');
    const rows = ['cost', 'cost_per_ha', 'stocking', 'p_stocking', 'survival', 'carbon_y25', 'carbon_y50', 'cost_per_tree', 'cost_per_tco2e', 'marginal'];
    for (const row of rows) expect(await table.locator(`tr[data-row="${row}"]`).count()).toBe(1);
    // At the glen's 50-year horizon, its carbon is year 50's: shown once, not twice.
    expect(await table.locator('tr[data-row="carbon"]').count()).toBe(0);
    expect(await table.locator('thead').textContent()).toContain('A − B');
    // Without its fence the fenced zone loses trees and carbon to deer: A (fenced) − B is positive.
    await page.locator('#zone-select').selectOption({ label: 'fenced' });
    expect(await table.locator('caption').textContent()).toMatch(/^Zone fenced: .*money in GBP/);
    const carbonDiff = await table.locator('tr[data-row="carbon_y50"] td[data-column="diff"]').textContent();
    expect(carbonDiff?.trim().startsWith('+')).toBe(true);
    expect(await table.locator('tr[data-row="survival"] td[data-column="diff"]').textContent()).toMatch(/ pp$/);
    // Cost per tonne keeps its pence: the difference between two strategies is often in them.
    expect(await table.locator('tr[data-row="cost_per_tco2e"] td[data-column="a"]').textContent()).toMatch(/\.\d\d$/);
    const marginal = table.locator('tr[data-row="marginal"]');
    expect(await marginal.locator('th').textContent()).toMatch(/of A over B \(GBP\/t\)/);
    await shoot(page, prefix + '06-compare-overlay', '.charts-area');
    await page.locator('#compare-layout').selectOption('side-by-side');
    expect(await page.locator('#charts svg[data-chart]').count()).toBe(14);
    await shoot(page, prefix + '07-compare-side-by-side', '.charts-area');
  });

  it.runIf(whole)('a new run of the same scenario and seed draws the same picture', async () => {
    await page.locator('#year').fill('50');
    await settle();
    const before = await shoot(page, prefix + '08-before-rerun');
    // Another replicate count than the run before: a new run, not the recording of that one.
    await page.locator('#replicates').fill('3');
    const previous = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    await page.locator('#run').click();
    // Run waits for the edit's check before it starts: the finished run to wait for is a new one.
    await page.waitForFunction((old) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== old;
    }, previous, { timeout: 240_000, polling: 250 });
    await page.locator('#year').fill('50');
    await settle();
    const rerun = await shoot(page, prefix + '09-rerun');
    // The view shows replicate 0, which does not depend on the replicate count; rows below the
    // view's controls (whose labels changed with scenario B) must match the first picture.
    expect(differingShare(rerun, firstPicture, 30, 90)).toBeLessThan(0.002);
    expect(differingShare(rerun, before, 30, 90)).toBeLessThan(0.002);
  });

  it.runIf(whole)('inspects a tree, a fence and a zone by clicking them in map mode', async () => {
    await page.locator('#map-mode').check();
    await page.locator('#year').fill('50');
    await settle();
    await shoot(page, prefix + '10-map-mode');
    // Site metres (the procedural glen's south-west corner is the origin) to canvas pixels, as the
    // page itself places them on the orthographic map.
    const corners = await page.evaluate(() => [window.reforestPage!.screenPoint(0, 0)!, window.reforestPage!.screenPoint(2000, 1500)!]);
    // North up and east right.
    expect(corners[1][0]).toBeGreaterThan(corners[0][0]);
    expect(corners[1][1]).toBeLessThan(corners[0][1]);
    const at = (x: number, y: number) => ({ x: corners[0][0] + (x / 2000) * (corners[1][0] - corners[0][0]), y: corners[0][1] + (y / 1500) * (corners[1][1] - corners[0][1]) });
    const title = () => page.locator('#inspect h3').first().textContent();

    await page.locator('#view').click({ position: at(650, 750) });
    expect(await title()).toMatch(/^Tree \d+$/);
    const tree = (await page.locator('#inspect').textContent())!;
    expect(tree).toMatch(/Species(Scots pine|Downy birch|Rowan|Sessile oak|Common alder)/);
    expect(tree).toMatch(/Height\d/);
    expect(tree).toContain('Zone "fenced"');

    // The fence runs north–south at x = 390 m; click there, then ever further either side, until it is picked.
    let fence = '';
    for (let k = 0; k <= 50 && !fence.startsWith('Fence'); k++) {
      const x = 390 + (k % 2 === 0 ? k : -(k + 1));
      await page.locator('#view').click({ position: at(x, 750) });
      fence = (await title()) ?? '';
    }
    expect(fence).toBe('Fence "deer fence"');
    expect(await page.locator('#inspect').textContent()).toContain('Deer fence (1.8 m)');

    await page.locator('#layer-trees').uncheck();
    await page.locator('#view').click({ position: at(650, 750) });
    expect(await title()).toBe('Zone "fenced"');
    expect(await page.locator('#inspect').textContent()).toMatch(/Area20\.0 ha/);
    await page.locator('#layer-trees').check();
    await page.locator('#map-mode').uncheck();
    // Each click waits for a frame drawn in software; a loaded machine needs longer than the default.
  }, 300_000);

  it.runIf(whole)('cancel stops a run and keeps the last finished run', async () => {
    const finished = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    expect(finished).not.toBe('');
    await page.locator('#seed').fill('777');
    // Long enough that the run is still going when Cancel is pressed.
    await page.locator('#replicates').fill('40');
    await page.locator('#run').click();
    await page.waitForFunction(() => /replicates \d+\/\d+/.test(document.getElementById('progress-text')?.textContent ?? ''), null, { timeout: 60_000 });
    expect(await runStatus('a')).toBe('running');
    // The press is what is under test, not how soon a software-drawn frame lets it through: on a
    // loaded machine the input waits for the frame in progress, and restoring run A redraws every tree.
    await page.locator('#cancel').click({ noWaitAfter: true, timeout: 120_000 });
    await page.waitForFunction(() => /cancelled/.test(document.getElementById('progress-text')?.textContent ?? ''), null, { timeout: 120_000 });
    // What was there stays: A is again the last finished run, with its results.
    await page.waitForFunction((id) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId === id && window.reforestPage?.status === 'idle';
    }, finished, { timeout: 120_000 });
    expect(await page.locator('#cancel').isDisabled()).toBe(true);
    expect(await page.locator('svg[data-chart] path.median').count()).toBeGreaterThan(0);
    await shoot(page, prefix + '11-cancelled', 'body');
  }, 420_000);

  it.runIf(whole)('in the page alone: moves the unfenced zone up the glen, fences it, halves the deer, runs, and reads before and after', async () => {
    // Back to the scenario as opened (the cancel test above set another seed and replicate count).
    const shipped = JSON.parse(readFileSync(join(host.examplesDir, 'default.json'), 'utf8')) as { seed: number; replicates: number };
    await page.locator('#seed').fill(String(shipped.seed));
    await page.locator('#seed').press('Tab');
    await page.locator('#replicates').fill(String(shipped.replicates));
    await page.locator('#replicates').press('Tab');
    const before = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    // The plan as opened is kept as the baseline every run of the edited plan is compared with.
    await page.locator('#baseline-name').fill('as opened');
    await page.locator('#baseline-pin').click();
    await expect.poll(() => page.locator('#baseline-pin').textContent()).toBe('Let the baseline go');
    await page.locator('#map-mode').check();
    // Editing is quicker to watch without every tree redrawn in software; the user may do the same.
    await page.locator('#layer-trees').uncheck();
    const box = (await page.locator('#view').boundingBox())!;
    const screen = async (x: number, y: number) => {
      const p = (await page.evaluate(([gx, gy]) => window.reforestPage!.screenPoint(gx, gy), [x, y] as [number, number]))!;
      return { x: box.x + p[0], y: box.y + p[1] };
    };
    const checks = () => page.evaluate(() => window.reforestPage!.editedPlanChecks);
    const nextCheck = async (k: number) => page.waitForFunction((n) => window.reforestPage!.editedPlanChecks > n, k, { timeout: 60_000 });

    // Select the unfenced zone and drag it 140 m west, up the glen (its floor falls eastwards).
    await page.locator('[data-mode="edit"]').click();
    const from = await screen(1350, 750);
    await page.mouse.click(from.x, from.y);
    await expect.poll(() => page.locator('#zone-name').inputValue()).toBe('unfenced');
    let k = await checks();
    const to = await screen(1210, 750);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 5, from.y + ((to.y - from.y) * i) / 5);
    await page.mouse.up();
    await nextCheck(k);

    // A closed fence round it.
    k = await checks();
    await page.locator('[data-mode="draw-fence"]').click();
    for (const [x, y] of [[935, 505], [1490, 505], [1490, 995], [935, 995], [935, 505]] as const) {
      const p = await screen(x, y);
      await page.mouse.click(p.x, p.y);
    }
    await nextCheck(k);
    await page.locator('[data-mode="navigate"]').click();

    // Half the deer.
    k = await checks();
    await page.locator('#herbivore-density-0').fill('7.5');
    await page.locator('#herbivore-density-0').press('Tab');
    await nextCheck(k);
    await expect.poll(() => page.locator('#plan-checks').getAttribute('data-problems')).toBe('0');
    // The bill now has two fences.
    expect(await page.locator('table.bill tr[data-item="fence"]').count()).toBe(2);

    // Run, quickly; the baseline stays B.
    await page.locator('#layer-trees').check();
    await page.locator('#preview').click();
    await page.waitForFunction((old) => {
      const runs = window.reforestPage?.runs ?? [];
      const a = runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== old && runs.find((r) => r.key === 'b')?.runId === old;
    }, before, { timeout: 400_000, polling: 500 });

    // Before and after for the zone that moved: fenced and under half the deer, more of it survives.
    await page.locator('#zone-select').selectOption('unfenced');
    const table = page.locator('#compare-summary table');
    expect(await table.locator('thead').textContent()).toContain('B: baseline "as opened"');
    const survival = async (column: string) => Number((await table.locator(`tr[data-row="survival"] td[data-column="${column}"]`).textContent())!.replace(/[^\d.]/g, ''));
    const [after, was] = [await survival('a'), await survival('b')];
    expect(after).toBeGreaterThan(was);
    await shoot(page, prefix + '12-done-when', 'body');

    // The plan as saved says the same: the zone moved west, a second closed fence round it, 7.5 deer/km².
    const saved = await host.saved(page, () => page.locator('#save-scenario').click());
    if (transport === 'port') {
      // The desktop window was told of the unsaved edits before, and of the save after.
      expect(host.documentStates.some((s) => s.dirty)).toBe(true);
      await expect.poll(() => host.documentStates.at(-1)?.dirty).toBe(false);
    }
    const plan = JSON.parse(saved.bytes.toString('utf8')) as {
      plantings: { name: string; polygon: number[][] }[];
      fences: { closed: boolean; path: number[][] }[];
      herbivores: { densityPerKm2: number }[];
    };
    const zone = plan.plantings.find((p) => p.name === 'unfenced')!;
    const xs = zone.polygon.map((p) => p[0]);
    expect(Math.min(...xs)).toBeGreaterThan(915);
    expect(Math.min(...xs)).toBeLessThan(1000);
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(500, 0);
    expect(plan.fences).toHaveLength(2);
    expect(plan.fences[1].closed).toBe(true);
    expect(plan.herbivores[0].densityPerKm2).toBe(7.5);
  }, 600_000);

  it.runIf(whole)('hands in the edited plan: its strategies with a new fence round a zone, and a PDF report with every money column, describing the plan as edited', async () => {
    await page.locator('#strategies').fill('none,fence,enclose,shelters:1.8');
    await page.locator('#strategies-run').click();
    await page.waitForFunction(() => document.getElementById('strategies-status')?.textContent?.startsWith('Strategies compared'), undefined, { timeout: 400_000, polling: 500 });
    await page.locator('#strategies-zone').selectOption('fenced');
    const enclose = page.locator('table.strategy-table[data-zone="fenced"] tr[data-strategy="enclose"]');
    expect(Number(await enclose.locator('td[data-field="cost_mean"]').getAttribute('data-value'))).toBeGreaterThan(0);
    const saving = host.saved(page, () => page.locator('#export-report').click());
    await page.waitForFunction(() => document.getElementById('report-status')?.dataset.status === 'completed', undefined, { timeout: 400_000, polling: 500 });
    const html = await saving;
    expect(html.fileName).toMatch(/-report\.html$/);
    const report = html.bytes.toString('utf8');
    // The opening describes the plan as edited: the deer halved, two fences.
    expect(report).toMatch(/red deer at 7\.5 per km²/);
    expect(report).not.toMatch(/red deer at 15 per km²/);
    if (findChromium() && spawnSync('pdftotext', ['-v']).status === 0) {
      const pdf = await host.saved(page, async () => undefined);
      expect(pdf.fileName).toMatch(/-report\.pdf$/);
      const file = join(tempDir(), pdf.fileName);
      writeFileSync(file, pdf.bytes);
      writeArtifact('journey-report.txt', execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
      const flat = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      for (const header of ['Cost per ha', 'Cost per tCO2e', 'Marginal cost per extra tCO2e over the cheapest', 'Cost per surviving tree']) expect(flat).toContain(header);
      for (const strategy of ['none', 'fence', 'enclose', 'shelters:1.8']) expect(flat).toContain(strategy);
      expect(flat).toMatch(/red deer at 7\.5 per km²/);
    }
    await page.locator('#baseline-pin').click();
    await expect.poll(() => page.locator('#baseline-pin').textContent()).toBe('Keep A as baseline');
  }, 900_000);

  it.runIf(transport === 'port')('carries out the desktop menus: Edit ▸ Undo and Redo, File ▸ Open of a scenario by its path', async () => {
    const redoEnabled = () => page.evaluate(() => !(document.getElementById('redo') as HTMLButtonElement).disabled);
    expect(await redoEnabled()).toBe(false);
    host.command({ type: 'menu', item: 'undo' });
    await expect.poll(redoEnabled).toBe(true);
    host.command({ type: 'menu', item: 'redo' });
    await expect.poll(redoEnabled).toBe(false);

    // File ▸ Open: the shell reads the file and grants its folder; the page opens it by its path.
    const dir = tempDir();
    const file = join(dir, 'by-path.json');
    const text = JSON.stringify(smallScenario({ name: 'Opened by path', years: 3, replicates: 2 }));
    writeFileSync(file, text);
    host.service.grantRead(dir);
    const before = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    host.command({ type: 'open-scenario', path: file, text });
    await page.waitForFunction((old) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== old && a.years === 3;
    }, before, { timeout: 120_000, polling: 250 });
    expect(await page.locator('#site-info').textContent()).toContain('Opened by path');
    await expect.poll(() => host.documentStates.at(-1)).toEqual({ title: 'by-path.json', dirty: false, path: file });
  }, 300_000);
});
