import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import type { Browser, Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { reforestInProcess, smallScenario, tempDir } from '../helpers.js';
import { writeSyntheticSurvey } from '../support/syntheticSurvey.js';
import { differingShare, launchBrowser, shoot } from './browser.js';
import { openPageWith, type PageHost, startPageHost, closesCleanly } from './pageHost.js';

/**
 * The monitoring loop in real Chromium, on the small example the page opens on: a year-4 survey of it
 * (made on a site where transplants fail at 2.5 times the library's rate and trees grow a fifth slower)
 * is imported, its plots are drawn on the map coloured against the plan's own run with a legend entry,
 * a click on a plot shows its tallies, and a forecast from the survey with few particles shows what the
 * survey told, a posterior band narrower than the prior's, the actions weighed after the survey with
 * the one recommended and what it costs, and saves the five files the CLI writes.
 */
describe('the monitoring loop in the page', () => {
  let host: PageHost;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const dir = tempDir('reforest-monitoring-e2e-');
  let survey: { surveyFile: string; plotsFile: string; plots: number };
  const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  beforeAll(async () => {
    // The plan is the small example of test/e2e/pageHost.ts, as the page opens it.
    survey = await writeSyntheticSurvey({ plan: smallScenario({ name: 'small example', years: 10, replicates: 2 }), dir, year: 4, perZone: 8, draw: { plantingFailure: 2.5, growth: 0.8 } });
    host = await startPageHost('websocket', { examples: 'small' });
    browser = await launchBrowser();
    ({ page, errors } = await openPageWith(host, browser));
    await page.locator('#map-mode').check();
    await settle();
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors: errors }));

  it('imports a survey: its year and zones in the panel, its plots on the map against run A, with a legend entry', async () => {
    const before = await shoot(page, 'monitoring-01-before-survey');
    await page.locator('#survey-files').setInputFiles([survey.surveyFile, survey.plotsFile]);
    await expect.poll(() => page.locator('#survey-summary').getAttribute('data-plots')).toBe(String(survey.plots));
    expect(await page.locator('#survey-summary').getAttribute('data-year')).toBe('4');
    expect(await page.locator('#survey-summary tr[data-zone="zone"] td').nth(1).textContent()).toBe('8');
    expect(await page.locator('#forecast-run').isDisabled()).toBe(false);
    // The actions are filled with those that apply to the plan: no herds to cull, one zone open.
    expect(await page.locator('#forecast-actions').inputValue()).toBe('none,beatup,beatup+shelters:1.8,beatup+enclose');

    const legend = page.locator('#legend ul[data-section^="Survey plots"]');
    expect(await page.locator('#legend').textContent()).toContain('Survey plots (8, year 4)');
    const entries = await legend.locator('li').allTextContents();
    expect(entries.map((e) => e.replace(/ \(\d+\)$/, ''))).toEqual(['below p10', 'within p10–p90', 'above p90']);
    // Every plot counted once, against run A's replicates.
    expect(entries.reduce((n, e) => n + Number(/\((\d+)\)$/.exec(e)![1]), 0)).toBe(8);
    expect(await page.locator('#legend .legend-note').textContent()).toMatch(/^Live stems\/ha of each plot against run A: p10–p90 of its 2 replicates' stems\/ha in year 4\.$/);

    await settle();
    const after = await shoot(page, 'monitoring-02-plots-on-map');
    expect(differingShare(before, after)).toBeGreaterThan(0.0005);

    // A click on a plot shows its tallies, whatever stands on it.
    const first = csvParse(readFileSync(survey.plotsFile, 'utf8'))[0];
    const at = (await page.evaluate(([x, y]) => window.reforestPage!.screenPoint(x, y), [Number(first.x), Number(first.y)] as [number, number]))!;
    const box = (await page.locator('#view').boundingBox())!;
    await page.mouse.click(box.x + at[0], box.y + at[1]);
    await expect.poll(() => page.locator('#inspect h3').first().textContent()).toBe(`Survey plot ${first.plot}`);
    const tally = page.locator('#inspect table.plot-tallies tr[data-species="downy_birch"] td');
    expect(await tally.nth(0).textContent()).toBe('Downy birch');
    expect(await tally.nth(1).textContent()).toBe(first.live);
    expect(await tally.nth(2).textContent()).toBe(first.dead);
  });

  it('forecasts from the survey: what it told, a narrower band after it, the action recommended with its cost, and the files reforest forecast writes', async () => {
    await page.locator('#forecast-particles').fill('60');
    await page.locator('#forecast-run').click();
    await page.waitForFunction(() => document.getElementById('forecast-status')?.dataset.status === 'completed', undefined, { timeout: 240_000, polling: 250 });
    expect(await page.locator('#forecast-status').textContent()).toMatch(/^Forecast made in [\d.]+ s: 30 of 60 particles kept\.$/);
    // The monitoring tab comes forward.
    expect(await page.locator('.results-tabs button[data-tab="monitoring-area"]').getAttribute('aria-selected')).toBe('true');

    const rows = page.locator('table.forecast-quantities tbody tr');
    expect(await rows.count()).toBe(4);
    // The plan has no deer: the survey cannot tell their numbers apart.
    expect(await page.locator('tr[data-quantity="herbivores"] td').last().textContent()).toBe('the survey could not tell it apart');
    expect(await page.locator('tr[data-quantity="plantingFailure"]').getAttribute('data-told-apart')).toBe('true');
    expect(await page.locator('table.forecast-figures tbody tr').count()).toBe(4);

    // Stems/ha of the zone, years 0–10: the posterior's p10–p90 band at the end narrower than the prior's.
    const chart = page.locator('#forecast-charts .metric-chart[data-chart="forecast-stems"]');
    expect(await chart.getAttribute('data-zone')).toBe('zone');
    expect(await chart.getAttribute('data-end-year')).toBe('10');
    const prior = Number(await chart.getAttribute('data-prior-width'));
    const posterior = Number(await chart.getAttribute('data-posterior-width'));
    expect(posterior).toBeGreaterThan(0);
    expect(posterior).toBeLessThan(prior);
    expect(await chart.locator('path.band').count()).toBe(2);
    expect(await chart.locator('line.year-cursor').getAttribute('data-year')).toBe('4');
    expect(await page.locator('#forecast-caption').textContent()).toMatch(/p10–p90 band .*the dashed line marks the survey year, 4\./);

    // The plots are now measured against the forecast before the survey.
    expect(await page.locator('#legend .legend-note').textContent()).toMatch(/against the forecast before the survey: p10–p90 of its particles' stems\/ha in year 4\.$/);

    // The actions after the survey: a row each, the recommended one marked, and the recommendation above in words.
    const actions = ['none', 'beatup', 'beatup+shelters:1.8', 'beatup+enclose'];
    const decisionRows = page.locator('table.forecast-decisions tbody tr');
    expect(await decisionRows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.action))).toEqual(actions);
    const recommended = page.locator('table.forecast-decisions tr[data-recommended="true"]');
    expect(await recommended.count()).toBe(1);
    const best = (await recommended.getAttribute('data-action'))!;
    expect(await recommended.locator('th').textContent()).toBe(`${best} ★`);
    expect(await recommended.getAttribute('class')).toContain('recommended');
    const sentence = (await page.locator('#forecast-decisions p.recommendation').textContent())!;
    expect(sentence.startsWith(`Recommended: ${best} — GBP `)).toBe(true);
    expect(sentence).toMatch(/^Recommended: \S+ — GBP [\d,]+ from the survey to year 10(, GBP [\d,]+ (more|less) than doing nothing)?; .+\.$/);
    // Cost in the plan's currency, a chance per zone, carbon and units by vintage.
    expect(await page.locator('table.forecast-decisions thead th').allTextContents()).toEqual(
      expect.arrayContaining(['Action', 'Cost, year 4 to 10 (GBP)', 'P(≥ 1,100 stems/ha at year 5), zone', 'Carbon at year 10, tCO2e', 'Units issued, vintage 5']),
    );
    expect(await recommended.locator('td[data-field="p_stocking_zone"]').textContent()).toMatch(/^\d+%$/);

    // Save forecast CSVs: the five files, each as the CLI writes them for the same plan, survey, particles, seed and actions.
    const downloads: Download[] = [];
    const onDownload = (d: Download) => void downloads.push(d);
    page.on('download', onDownload);
    await page.locator('#forecast-save').click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(5);
    page.off('download', onDownload);
    const names = ['posterior', 'figures', 'forecast', 'particles', 'decisions'];
    expect(downloads.map((d) => d.suggestedFilename())).toEqual(names.map((n) => `default-${n}.csv`));
    const out = join(dir, 'cli');
    // Without --actions the CLI weighs the plan's default list, the one the page filled in.
    const cli = await reforestInProcess(['forecast', join(host.examplesDir, 'default.json'), '--survey', survey.surveyFile, '--out-dir', out, '--particles', '60', '--quiet'], { compiled: true });
    expect(cli.code, cli.stderr).toBe(0);
    for (const [i, name] of names.entries()) expect(readFileSync((await downloads[i].path())!, 'utf8'), `${name}.csv`).toBe(readFileSync(join(out, `${name}.csv`), 'utf8'));
    const decisionsCsv = csvParse(readFileSync(join(out, 'decisions.csv'), 'utf8'));
    expect(decisionsCsv.find((r) => r.recommended === 'yes')!.action).toBe(best);
    expect(cli.stdout).toContain(sentence);

    await shoot(page, 'monitoring-03-results', '#monitoring-area');
    await shoot(page, 'monitoring-05-panel', '#monitoring-panel');
    await page.locator('#workspace').scrollIntoViewIfNeeded();
    await settle();
    await shoot(page, 'monitoring-04-plots-against-forecast');
  });
});
