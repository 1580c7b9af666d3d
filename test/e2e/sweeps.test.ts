import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, smallScenario, tempDir } from '../helpers.js';
import { launchBrowser, shoot, writeArtifact } from './browser.js';
import { openPageWith, type PageHost, startPageHost, closesCleanly } from './pageHost.js';

/**
 * A sweep in the page, in real Chromium: its output folder (made by `reforest sweep`) opened from disk
 * shows one heat-map cell per variant for the metric, zone and year chosen, with the band across
 * replicates, a colour legend in the metric's unit and cost per tCO2e in the sweep's currency, and a
 * click on a cell opens that variant as the plan, whose charts export with their whole caption.
 */
describe('sweeps in the page', () => {
  let host: PageHost;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const dir = tempDir('reforest-sweep-e2e-');
  const out = join(dir, 'deer-sweep');

  beforeAll(async () => {
    // Costs in euros, so the money the maps show is the sweep's own currency; a long name, so a chart's
    // caption takes more than one line.
    const base = smallScenario({
      name: 'sweep base: red deer at three densities, two planting densities, with and without a deer fence round the zone',
      years: 4,
      replicates: 2,
      currency: 'EUR',
      exchangeRate: 1.15,
      herbivores: [{ kind: 'red_deer', densityPerKm2: 10 }],
    });
    writeFileSync(
      join(dir, 'sweep.json'),
      JSON.stringify({
        name: 'deer x density x fence',
        base,
        variables: [
          { name: 'deer', path: 'herbivores[0].densityPerKm2', values: [0, 15, 40] },
          { name: 'density', path: 'plantings[*].density', values: [1100, 2500] },
          { name: 'fence', path: 'fences', values: { none: [], fenced: [{ name: 'deer fence', type: 'deer_fence', closed: true, path: [[90, 90], [310, 90], [310, 310], [90, 310]] }] } },
        ],
      }),
    );
    const made = spawnSync(process.execPath, [join(projectRoot, 'bin/reforest.js'), 'sweep', join(dir, 'sweep.json'), '--out-dir', out, '--quiet'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    host = await startPageHost('websocket', { examples: 'small' });
    browser = await launchBrowser();
    ({ page, errors } = await openPageWith(host, browser));
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors: errors }));

  it('shows as many cells as variants, with mean and band, for the metric and year chosen', async () => {
    await page.locator('#sweep-folder').setInputFiles(out);
    await expect.poll(() => page.locator('#sweep-status').textContent()).toMatch(/12 variants × 2 replicates, years 0–4/);
    const cells = page.locator('#sweep-maps td.sweep-cell');
    expect(await cells.count()).toBe(12);
    expect(await page.locator('#sweep-maps table.sweep-map').count()).toBe(2);
    await page.locator('#sweep-metric').selectOption('survival');
    await page.locator('#sweep-year').fill('4');
    await page.locator('#sweep-year').dispatchEvent('change');
    expect(await page.locator('.sweep-caption').textContent()).toMatch(/Survival, fraction 0-1, in year 4, whole site/);
    // More deer, fewer survivors, without a fence at one density: read the row across deer.
    const row = page.locator('table.sweep-map').filter({ hasText: 'fence = none' }).locator('tbody tr').first();
    const values = await row.locator('td.sweep-cell').evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
    expect(values.length).toBe(3);
    expect(values[0]).toBeGreaterThan(values[2]);
    expect(await row.locator('td.sweep-cell').first().textContent()).toMatch(/–/);
    // The legend, inside its own SVG: the metric in words with its unit, and the colours' ends at the
    // least and most value of the cells.
    const legend = page.locator('#sweep-maps svg.sweep-legend');
    expect(await legend.locator('.legend-title').textContent()).toBe('Colour: Survival, fraction 0-1');
    const all = await page.locator('#sweep-maps td.sweep-cell').evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
    expect(Number(await legend.locator('.legend-min').getAttribute('data-min'))).toBe(Math.min(...all));
    expect(Number(await legend.locator('.legend-max').getAttribute('data-max'))).toBe(Math.max(...all));
    expect(await legend.locator('.legend-max').textContent()).toMatch(/ fraction 0-1$/);
    await shoot(page, 'sweep-heatmap', '#sweep-area');
  });

  it('offers every metric in words with its unit, and cost per tCO2e in the sweep currency, equal to mean cost over mean carbon', async () => {
    const metric = page.locator('#sweep-metric');
    expect(await metric.locator('option[value="carbon_tco2e"]').textContent()).toBe('Carbon, tCO2e');
    expect(await metric.locator('option[value="cost"]').textContent()).toBe('Cumulative cost, EUR');
    expect(await metric.locator('option[value="cost_per_tco2e"]').textContent()).toBe('Cost per tCO2e, EUR/tCO2e');
    await metric.selectOption('cost_per_tco2e');
    await page.locator('#sweep-year').fill('3');
    await page.locator('#sweep-year').dispatchEvent('change');
    expect(await page.locator('.sweep-caption').textContent()).toMatch(/Cost per tCO2e, EUR\/tCO2e, in year 3, whole site/);
    const legend = page.locator('#sweep-maps svg.sweep-legend');
    expect(await legend.locator('.legend-title').textContent()).toBe('Colour: Cost per tCO2e, EUR/tCO2e');
    expect(await legend.locator('.legend-min').textContent()).toMatch(/ EUR\/tCO2e$/);
    expect((await legend.locator('.legend-note').allTextContents()).join(' ')).toMatch(/mean cumulative cost to that year over its mean carbon/);

    // Each cell is the variant's mean cost over its mean tCO2e in year 3, from results.csv.
    const rows = csvParse(readFileSync(join(out, 'results.csv'), 'utf8')).filter((r) => r.zone === 'all' && r.year === '3');
    const expected = new Map<number, number>();
    for (const variant of new Set(rows.map((r) => Number(r.variant)))) {
      const mine = rows.filter((r) => Number(r.variant) === variant);
      const mean = (column: string) => mine.reduce((a, r) => a + Number(r[column]), 0) / mine.length;
      expected.set(variant, mean('cost') / mean('carbon_tco2e'));
    }
    expect(expected.size).toBe(12);
    const shown = await page.locator('#sweep-maps td.sweep-cell').evaluateAll((tds) =>
      tds.map((td) => [Number((td as HTMLElement).dataset.variant), Number((td as HTMLElement).dataset.value)] as const),
    );
    expect(shown).toHaveLength(12);
    for (const [variant, value] of shown) {
      expect(Number.isFinite(expected.get(variant)!)).toBe(true);
      expect(value).toBeCloseTo(expected.get(variant)!, 6);
    }
    await shoot(page, 'sweep-cost-per-tco2e', '#sweep-area');
  });

  it('opens the variant of a clicked cell as the plan', async () => {
    const cell = page.locator('table.sweep-map').filter({ hasText: 'fence = fenced' }).locator('td.sweep-cell').last();
    const variant = Number(await cell.getAttribute('data-variant'));
    // The example the page opened on has run by now: the variant's is a run of another id.
    await page.waitForFunction(() => window.reforestPage?.runs.find((r) => r.key === 'a')?.status === 'completed', undefined, { timeout: 240_000, polling: 250 });
    const before = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    await cell.click();
    // The plan opened is that variant: 40 deer/km², 2,500 stems/ha, fenced; and it runs.
    await page.waitForFunction(
      (previous) => {
        const a = window.reforestPage?.runs.find((r) => r.key === 'a');
        return a !== undefined && a.runId !== previous && a.status === 'completed';
      },
      before,
      { timeout: 240_000, polling: 250 },
    );
    expect(variant).toBe(11);
    expect(await page.locator('#replicates').inputValue()).toBe('2');
    const saved = await host.saved(page, () => page.locator('#save-scenario').click());
    const plan = JSON.parse(saved.bytes.toString('utf8')) as { herbivores: { densityPerKm2: number }[]; plantings: { density: number }[]; fences: { type: string }[] };
    expect(plan.herbivores[0].densityPerKm2).toBe(40);
    expect(plan.plantings[0].density).toBe(2500);
    expect(plan.fences.map((f) => f.type)).toEqual(['deer_fence']);
  });

  it("exports a chart of the variant's run as a PNG that holds the whole chart and its caption", async () => {
    await page.locator('.results-tabs [data-tab="charts-area"]').click();
    const png = await host.saved(page, () => page.locator('[data-chart="carbon"] [data-export-chart="png"]').first().click());
    writeArtifact('sweep-variant-carbon.png', png.bytes);
    const svg = await host.saved(page, () => page.locator('[data-chart="carbon"] [data-export-chart="svg"]').first().click());
    // The exported SVG laid out in the page: its size, and where its caption's text lies.
    const layout = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const figure = document.importNode(doc.documentElement, true) as unknown as SVGSVGElement;
      document.body.append(figure);
      try {
        const caption = figure.querySelector<SVGTextElement>('text.caption')!;
        const box = caption.getBBox();
        // One line of text, or a line per tspan.
        const spans: SVGElement[] = caption.querySelector('tspan') ? [...caption.querySelectorAll('tspan')] : [caption];
        const lines = spans.map((t) => Number(t.getAttribute('y')));
        const text = spans.map((t) => t.textContent).join(' ');
        return { width: Number(figure.getAttribute('width')), height: Number(figure.getAttribute('height')), box: { x: box.x, y: box.y, right: box.x + box.width, bottom: box.y + box.height }, lines, text };
      } finally {
        figure.remove();
      }
    }, svg.bytes.toString('utf8'));
    expect(layout.text).toBe('sweep base: red deer at three densities, two planting densities, with and without a deer fence round the zone; whole site; year 4 marked; median, p5–p95 band across replicates');
    // The caption is longer than the chart is wide: it lies inside the figure, on more than one line.
    expect(layout.box.x).toBeGreaterThanOrEqual(0);
    expect(layout.box.right).toBeLessThanOrEqual(layout.width);
    expect(layout.box.bottom).toBeLessThanOrEqual(layout.height);
    expect(layout.lines.length).toBeGreaterThan(1);
    // The PNG is the figure at twice the size, and its caption's last line is drawn in it.
    const image = PNG.sync.read(png.bytes);
    expect(image.width).toBe(2 * layout.width);
    expect(image.height).toBe(2 * layout.height);
    const last = layout.lines[layout.lines.length - 1];
    let ink = 0;
    for (let y = Math.floor(2 * (last - 8)); y < Math.ceil(2 * (last + 1)); y++) {
      for (let x = 0; x < image.width; x++) {
        const i = 4 * (y * image.width + x);
        if (image.data[i] < 160 && image.data[i + 1] < 160 && image.data[i + 2] < 160) ink++;
      }
    }
    expect(ink).toBeGreaterThan(50);
  });
});

/**
 * A sweep defined in the page on the plan being edited, in real Chromium: two variables of the small
 * example chosen from the plan's own, their values typed and checked, the runs counted before running;
 * the host runs it and its heat map comes forward with a cell per variant; a cell opens that variant
 * as the plan; the results export as the CSV `reforest sweep` writes for the sweep file the page saves.
 */
describe('a sweep defined in the page', () => {
  let host: PageHost;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    host = await startPageHost('websocket', { examples: 'small' });
    browser = await launchBrowser();
    ({ page, errors } = await openPageWith(host, browser));
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors: errors }));

  it('checks the values typed, counts the runs, runs the sweep and shows a cell per variant', async () => {
    const variable = page.locator('#sweep-var-1 option');
    expect(await variable.allTextContents()).toEqual(['(none)', 'zone zone planting density, stems/ha', 'zone zone shelters, off or height in m']);
    await page.locator('#sweep-var-1').selectOption('zone-density:zone');
    await page.locator('#sweep-values-1').fill('1100, -5');
    expect(await page.locator('#sweep-count').textContent()).toBe('zone zone planting density, stems/ha: "-5" is outside the range the scenario allows (more than 0 and at most 40,000 stems/ha).');
    expect(await page.locator('#sweep-run').isDisabled()).toBe(true);
    await page.locator('#sweep-values-1').fill('1100, 2500');
    await page.locator('#sweep-var-2').selectOption('zone-shelters:zone');
    await page.locator('#sweep-values-2').fill('off, 1.2, 1.8');
    expect(await page.locator('#sweep-count').textContent()).toBe('6 variants × 2 replicates = 12 runs');
    await shoot(page, 'sweep-in-page-panel', '#sweep-panel');

    await page.locator('#sweep-run').click();
    await page.locator('#sweep-run-status[data-status="completed"]').waitFor({ timeout: 240_000 });
    expect(await page.locator('#sweep-run-status').textContent()).toMatch(/^Sweep done in [\d.]+ s: 6 variants × 2 replicates\.$/);
    // The sweep's tab has come forward, with one map of density across and shelters down.
    expect(await page.locator('.results-tabs [data-tab="sweep-area"]').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#sweep-maps table.sweep-map').count()).toBe(1);
    expect(await page.locator('#sweep-maps td.sweep-cell').count()).toBe(2 * 3);
    expect(await page.locator('#sweep-maps thead th').allTextContents()).toEqual(['shelters_zone ↓ / density_zone →', '1100', '2500']);
    expect(await page.locator('#sweep-maps tbody th').allTextContents()).toEqual(['off', '1.2 m', '1.8 m']);
    await shoot(page, 'sweep-in-page', '#sweep-area');
  });

  it('opens the variant of a clicked cell as the plan', async () => {
    const cells = page.locator('#sweep-maps td.sweep-cell');
    const titles = await cells.evaluateAll((tds) => tds.map((td) => (td as HTMLElement).title));
    const cell = cells.nth(titles.indexOf('density_zone = 2500\nshelters_zone = 1.8 m'));
    // The factorial's last variable varies fastest: 1100 × (off, 1.2, 1.8), then 2500 × (off, 1.2, 1.8).
    expect(await cell.getAttribute('data-variant')).toBe('5');
    await cell.click();
    const saved = await host.saved(page, () => page.locator('#save-scenario').click());
    const plan = JSON.parse(saved.bytes.toString('utf8')) as { name: string; plantings: { density: number; shelters?: { height: number } }[] };
    expect(plan.name).toBe('small example');
    expect(plan.plantings[0].density).toBe(2500);
    expect(plan.plantings[0].shelters).toEqual({ height: 1.8 });
  });

  it("exports the results as reforest sweep writes them for the sweep file the page saves", async () => {
    const csv = await host.saved(page, () => page.locator('#sweep-export').click());
    expect(csv.fileName).toBe('default-sweep-results.csv');
    // 6 variants × 2 replicates × years 0–10 × (whole site and the zone), under a header.
    expect(csv.bytes.toString('utf8').trimEnd().split('\n').length).toBe(1 + 6 * 2 * 11 * 2);

    // The plan opened is now a variant, so the sweep file made of it is a different sweep: undo first.
    await page.locator('#undo').click();
    await expect.poll(() => page.locator('#sweep-count').textContent()).toBe('6 variants × 2 replicates = 12 runs');
    const file = await host.saved(page, () => page.locator('#sweep-save').click());
    expect(file.fileName).toBe('small-example-sweep.json');
    const dir = tempDir('reforest-page-sweep-e2e-');
    writeFileSync(join(dir, 'sweep.json'), file.bytes);
    const made = spawnSync(process.execPath, [join(projectRoot, 'bin/reforest.js'), 'sweep', join(dir, 'sweep.json'), '--out-dir', join(dir, 'out'), '--quiet'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out', 'results.csv'), 'utf8')).toBe(csv.bytes.toString('utf8'));
  });
});
