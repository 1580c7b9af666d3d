import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import type { Browser, Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../sim/report/pdf.js';
import { reforestCli, tempDir, twoZoneScenario } from '../helpers.js';
import { launchBrowser, shoot } from './browser.js';
import { openPageWith, type PageHost, startPageHost, closesCleanly } from './pageHost.js';

/**
 * Protection strategies from the page, in real Chromium: the Strategies view's table, read from the
 * DOM, holds the numbers `reforest compare` writes for the same plan and seed; its chart marks the
 * cheapest per tonne; Export ▸ Report saves the HTML report and its PDF under the scenario's name.
 */
describe('strategies and the report in the page', () => {
  let host: PageHost;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const downloads: Download[] = [];
  const dir = tempDir('reforest-strategies-e2e-');
  const file = join(dir, 'two-zones.json');
  const strategies = 'none,fence,shelters:1.8';
  writeFileSync(file, JSON.stringify(twoZoneScenario({ years: 6, replicates: 3, seed: 7 })));

  const status = () => page.locator('#strategies-status');
  const waitForStudy = () =>
    page.waitForFunction(() => {
      const s = document.getElementById('strategies-status')?.dataset.status;
      return s !== undefined && s !== '' ? s : false;
    }, undefined, { timeout: 300_000, polling: 250 });

  beforeAll(async () => {
    host = await startPageHost('websocket', { examples: 'small' });
    browser = await launchBrowser();
    ({ page, errors } = await openPageWith(host, browser, file));
    page.on('download', (d) => downloads.push(d));
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors: errors }));

  it('offers the strategies that apply to the plan, and shows a comparison equal to reforest compare', async () => {
    expect(await page.locator('#strategies').inputValue()).toBe('none,fence,enclose,shelters:1.2,shelters:1.8,cull:5,fence+cull:5');
    await page.locator('#strategies').fill(strategies);
    await page.locator('#strategies-run').click();
    expect(await waitForStudy().then((h) => h.jsonValue())).toBe('completed');
    expect(await status().textContent()).toMatch(/Strategies compared/);
    // The results come forward in their tab right under the map, not below the run's charts.
    await expect.poll(() => page.locator('.results-tabs [data-tab="strategies-area"]').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#charts-area').isVisible()).toBe(false);
    const mapBottom = (await page.locator('#workspace').boundingBox())!;
    const area = (await page.locator('#strategies-area').boundingBox())!;
    expect(area.y).toBeGreaterThanOrEqual(mapBottom.y + mapBottom.height);
    expect(area.y).toBeLessThan(mapBottom.y + mapBottom.height + 80);
    // A run started brings its charts forward again; the strategies stay a click away.
    const previous = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    await page.locator('#preview').click();
    await expect.poll(() => page.locator('#charts-area').isVisible()).toBe(true);
    expect(await page.locator('#strategies-area').isVisible()).toBe(false);
    await page.waitForFunction((id) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== id;
    }, previous, { timeout: 120_000, polling: 250 });
    await page.locator('[data-tab="strategies-area"]').click();
    expect(await page.locator('#strategies-area').isVisible()).toBe(true);
    // The bill in the sidebar keeps its cost column: nothing overflows the panel.
    const bill = await page.locator('table.bill').evaluate((t) => ({ table: t.getBoundingClientRect().right, panel: t.closest('.panel')!.getBoundingClientRect().right }));
    expect(bill.table).toBeLessThanOrEqual(bill.panel);

    const csv = join(dir, 'cli.csv');
    const cli = reforestCli(['compare', file, '--strategies', strategies, '--out', csv, '--progress', 'none']);
    expect(cli.code, cli.stderr).toBe(0);
    const rows = csvParse(readFileSync(csv, 'utf8'));
    // Field and the decimals the CSV keeps: the page's exact value must round to the CSV's.
    const fields = { cost_mean: 2, cost_per_ha: 2, stocking_per_ha_mean: 1, p_stocking_target: 4, survival: 4, beaten_up_mean: 1, cost_per_surviving_tree: 4, cost_per_tco2e: 4, marginal_cost_per_tco2e: 4 } as const;
    for (const zone of ['all', 'inside', 'open']) {
      await page.locator('#strategies-zone').selectOption(zone);
      const table = page.locator(`table.strategy-table[data-zone="${zone}"]`);
      expect(await table.locator('caption').textContent()).toMatch(new RegExp(`^Zone ${zone}.*money in GBP`));
      const dom = await table.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          strategy: (tr as HTMLElement).dataset.strategy!,
          values: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.field!, td.dataset.value === undefined ? null : Number(td.dataset.value)])),
        })),
      );
      expect(dom.map((r) => r.strategy)).toEqual(strategies.split(','));
      for (const r of dom) {
        const row = rows.find((x) => x.strategy === r.strategy && x.zone === zone)!;
        for (const [f, decimals] of Object.entries(fields)) {
          if (row[f] === '') expect(r.values[f], `${zone} ${r.strategy} ${f}`).toBeNull();
          else expect(r.values[f]!.toFixed(decimals), `${zone} ${r.strategy} ${f}`).toBe(row[f]);
        }
      }
      // The chart has a point per strategy, each labelled and in a colour of its own, and rings the
      // cheapest per tonne, which the table stars.
      const points = page.locator('svg.strategy-chart g[data-strategy]');
      expect(await points.count()).toBe(3);
      expect(await points.evaluateAll((gs) => gs.map((g) => g.querySelector('text.point-label')?.textContent))).toEqual(strategies.split(','));
      expect(new Set(await points.evaluateAll((gs) => gs.map((g) => g.querySelector('circle')!.getAttribute('fill')))).size).toBe(3);
      const best = await page.locator('svg.strategy-chart g[data-best]').getAttribute('data-strategy');
      const perTonne = rows.filter((x) => x.zone === zone && x.cost_per_tco2e !== '');
      const cheapest = perTonne.reduce((m, x) => (Number(x.cost_per_tco2e) < Number(m.cost_per_tco2e) ? x : m));
      expect(best).toBe(cheapest.strategy);
      expect(await table.locator('tr.best').getAttribute('data-strategy')).toBe(best);
    }
    await shoot(page, 'strategies-view', '#strategies-area');
  });

  it('prices a new fence round the open zone, and says the plan\'s fences are no protection there', async () => {
    await page.locator('#strategies').fill('none,fence,enclose');
    await page.locator('#strategies-run').click();
    await page.waitForFunction(() => document.getElementById('strategies-status')?.textContent?.startsWith('Strategies compared'), undefined, { timeout: 300_000, polling: 250 });
    await page.locator('#strategies-zone').selectOption('open');
    const table = page.locator('table.strategy-table[data-zone="open"]');
    const fence = table.locator('tr[data-strategy="fence"]');
    expect(await fence.getAttribute('data-note')).toMatch(/no fence of the plan protects zone "open"/);
    expect(await fence.locator('th').textContent()).toBe('fence (no protection here)');
    expect(await fence.locator('td[data-field="marginal_cost_per_tco2e"]').textContent()).toBe('no protection here');
    const cost = async (s: string) => Number(await table.locator(`tr[data-strategy="${s}"] td[data-field="cost_mean"]`).getAttribute('data-value'));
    // The enclosure's own fence is paid for by the open zone: hundreds of metres of deer fence.
    expect((await cost('enclose')) - (await cost('none'))).toBeGreaterThan(5_000);
    expect(await table.locator('tr[data-strategy="enclose"]').getAttribute('data-note')).toBeNull();
    // Back to the list the other tests use.
    await page.locator('#strategies').fill(strategies);
  });

  it('saves the report on the plan, HTML and PDF, named after the scenario', async () => {
    downloads.length = 0;
    await page.locator('#export-report').click();
    // The report speaks beside its button: its progress, then the files saved.
    const reportStatus = page.locator('#report-status');
    await page.waitForFunction(() => document.getElementById('report-status')?.dataset.status === 'completed', undefined, { timeout: 300_000, polling: 250 });
    const want = findChromium() ? 2 : 1;
    expect(await reportStatus.textContent()).toMatch(want === 2 ? /^Report saved in [\d.]+ s: two-zones-report\.html, two-zones-report\.pdf\.$/ : /^Report saved in [\d.]+ s: two-zones-report\.html\.$/);
    const box = (await reportStatus.boundingBox())!;
    const button = (await page.locator('#export-report').boundingBox())!;
    expect(Math.abs(box.y - button.y)).toBeLessThan(80);
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(want);
    const html = downloads.find((d) => d.suggestedFilename().endsWith('.html'))!;
    expect(html.suggestedFilename()).toBe('two-zones-report.html');
    const text = readFileSync((await html.path())!, 'utf8');
    expect(text).toContain('<h1>two zones</h1>');
    expect(text).toContain('data-strategy="shelters:1.8"');
    if (want === 2) {
      const pdf = downloads.find((d) => d.suggestedFilename().endsWith('.pdf'))!;
      expect(pdf.suggestedFilename()).toBe('two-zones-report.pdf');
      expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
      // Read back by Poppler, where present: every money column is on the page, and it opens on the plan as run.
      if (spawnSync('pdftotext', ['-v']).status === 0) {
        const printed = execFileSync('pdftotext', ['-raw', (await pdf.path())!, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
        for (const header of ['Cost to year 6', 'Cost per ha', 'Cost per surviving tree, year 5', 'Cost per tCO2e, year 6', 'Marginal cost per extra tCO2e over the cheapest', 'Trees replanted to year 5']) {
          expect(printed).toContain(header);
        }
        expect(printed).toContain('Herbivores: red deer at 25 per km².');
      }
    }
  });
});
