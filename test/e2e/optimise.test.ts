import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { reforestCli, tempDir, twoZoneScenario } from '../helpers.js';
import { launchBrowser, shoot } from './browser.js';
import { openPageWith, type PageHost, startPageHost, closesCleanly } from './pageHost.js';

/**
 * A search of plans from the page, in real Chromium: the user ticks what may change, sets the
 * objective and the search's size, and watches the front; the front the page shows is the one
 * `reforest optimise` finds for the same plan and settings; a plan of the front opens as the plan,
 * with what it changes listed and drawn on the map, and Undo brings the plan before it back.
 */
describe('optimise in the page', () => {
  let host: PageHost;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const dir = tempDir('reforest-optimise-e2e-');
  const file = join(dir, 'two-zones.json');
  // Costs in euros: the panel names the plan's own currency, not the cost library's.
  writeFileSync(file, JSON.stringify(twoZoneScenario({ years: 5, replicates: 2, seed: 9, currency: 'EUR', exchangeRate: 1.15 })));

  const waitForSearch = () =>
    page.waitForFunction(() => {
      const s = document.getElementById('optimise-status')?.dataset.status;
      return s !== undefined && s !== '' ? s : false;
    }, undefined, { timeout: 300_000, polling: 250 });

  beforeAll(async () => {
    host = await startPageHost('websocket', { examples: 'small' });
    browser = await launchBrowser();
    ({ page, errors } = await openPageWith(host, browser, file));
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors: errors }));

  it('searches the plans the user opens, shows the front reforest optimise finds, and opens a plan of it', async () => {
    // Nothing ticked: the panel says what it needs rather than starting.
    await page.locator('#optimise-run').click();
    await expect.poll(() => page.locator('#optimise-status').textContent()).toMatch(/Tick at least one thing/);

    await page.locator('#optimise-zones input[name="fence:inside"]').check();
    await page.locator('#optimise-zones input[name="fence:open"]').check();
    await page.locator('#optimise-zones input[name="density:open"]').check();
    await page.locator('#optimise-density-min').fill('1200');
    await page.locator('#optimise-density-max').fill('2000');
    await page.locator('#optimise-metric').selectOption('alive');
    await page.locator('#optimise-quantile').selectOption('0.5');
    await page.locator('#optimise-population').fill('6');
    await page.locator('#optimise-generations').fill('2');
    await page.locator('#optimise-replicates').fill('2');
    expect(await page.locator('#optimise-year').inputValue()).toBe('5');
    expect(await page.locator('#optimise-line-fence option').allTextContents()).toEqual(['fixed', 'deer fence']);
    // The budget and the grant cap are in the plan's currency.
    expect((await page.locator('label:has(#optimise-budget)').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Budget EUR');
    expect((await page.locator('label:has(#optimise-cap)').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Grant cap per ha EUR/ha');
    await page.locator('#optimise-run').click();
    expect(await waitForSearch().then((h) => h.jsonValue())).toBe('completed');
    expect(await page.locator('#optimise-status').textContent()).toMatch(/Search done in .* plans judged, \d+ on the front/);

    const spec = join(dir, 'optimise.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'same search',
        plan: 'two-zones.json',
        replicates: 2,
        decisions: { fence: { zones: ['inside', 'open'] }, density: { zones: ['open'], min: 1200, max: 2000, step: 100 } },
        objective: { metric: 'alive', year: 5, zone: 'all', quantile: 0.5 },
        search: { population: 6, generations: 2, seed: 1 },
      }),
    );
    const cli = reforestCli(['optimise', spec, '--out-dir', join(dir, 'out'), '--quiet']);
    expect(cli.code, cli.stderr).toBe(0);
    const front = csvParse(readFileSync(join(dir, 'out', 'front.csv'), 'utf8'));
    const rows = await page.locator('table.front-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ cost: Number((tr as HTMLElement).dataset.cost), objective: Number((tr as HTMLElement).dataset.objective) })),
    );
    expect(rows.length).toBe(front.length);
    rows.forEach((r, i) => {
      expect(r.cost.toFixed(2)).toBe(front[i].cost);
      expect(r.objective.toFixed(4)).toBe(front[i].alive_y5_all_p50);
    });
    // The objective is named in words with its unit, on the chart's axis and in the table; the
    // decisions by zone, with their units.
    const words = 'Trees alive, count at year 5, whole site, median (p50) across replicates';
    expect(await page.locator('svg.search-chart .objective-label').textContent()).toBe(words);
    expect(await page.locator('table.front-table caption').textContent()).toContain(`both cost and ${words}; money in EUR`);
    const heads = await page.locator('table.front-table thead th').allTextContents();
    expect(heads.slice(0, 5)).toEqual(['#', 'Cost (EUR)', 'Per ha (EUR/ha)', 'Trees alive, count, median (p50)', 'Trees alive, count, mean']);
    expect(heads.slice(5, -1)).toEqual(['fence inside', 'fence open', 'density open']);
    const decisions = await page.locator('table.front-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(5, 8).map((td) => td.textContent)),
    );
    expect(decisions).toEqual(front.map((row) => [row['fence:inside'], row['fence:open'], `${Number(row['density:open']).toLocaleString('en-GB')}/ha`]));
    // The chart has a point per plan judged and one marker per plan of the front.
    expect(await page.locator('svg.search-chart g[data-front]').count()).toBe(front.length);
    const judged = csvParse(readFileSync(join(dir, 'out', 'evaluations.csv'), 'utf8'));
    expect(await page.locator('svg.search-chart .search-points circle').count()).toBe(judged.length);

    // Open the plan of the front that holds the most trees: it becomes the plan, what it changes is
    // listed, and Undo brings back the plan before it.
    const before = await page.evaluate(() => window.reforestPage!.editedPlanChecks);
    const last = rows.length;
    await page.locator(`table.front-table button[data-open="${last}"]`).click();
    await page.waitForFunction((n) => window.reforestPage!.editedPlanChecks > n, before, { timeout: 60_000 });
    // The plan is drawn on the map, which comes back into view rather than scrolling away.
    const map = (await page.locator('#workspace').boundingBox())!;
    expect(Math.abs(map.y)).toBeLessThan(5);
    const changes = await page.locator('#optimise-changes li').allTextContents();
    const opened = front[last - 1];
    if (opened['fence:open'] === 'fenced') expect(changes.some((c) => /fence "open fence" .* put up/.test(c))).toBe(true);
    if (opened['density:open'] !== '1600') expect(changes).toContain(`zone "open": density 1600 → ${opened['density:open']} stems/ha`);
    if (opened['fence:inside'] === 'open') expect(changes).toContain('fence "deer fence" taken down');
    await shoot(page, 'optimise-view', '#optimise-area');
    await shoot(page, 'optimise-plan-opened');
    await page.locator('#undo').click();
    await expect.poll(() => page.locator('#undo').isDisabled()).toBe(true);
  });
});
