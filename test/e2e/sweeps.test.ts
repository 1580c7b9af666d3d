import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, smallScenario, tempDir } from '../helpers.js';
import { launchBrowser, shoot } from './browser.js';
import { openPageWith, type PageHost, startPageHost } from './pageHost.js';

/**
 * A sweep in the page, in real Chromium: its output folder (made by `reforest sweep`) opened from disk
 * shows one heat-map cell per variant for the metric, zone and year chosen, with the band across
 * replicates, and a click on a cell opens that variant as the plan.
 */
describe('sweeps in the page', () => {
  let host: PageHost;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  const dir = tempDir('reforest-sweep-e2e-');
  const out = join(dir, 'deer-sweep');

  beforeAll(async () => {
    const base = smallScenario({ name: 'sweep base', years: 4, replicates: 2, herbivores: [{ kind: 'red_deer', densityPerKm2: 10 }] });
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

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });

  it('shows as many cells as variants, with mean and band, for the metric and year chosen', async () => {
    await page.locator('#sweep-folder').setInputFiles(out);
    await expect.poll(() => page.locator('#sweep-status').textContent()).toMatch(/12 variants × 2 replicates, years 0–4/);
    const cells = page.locator('#sweep-maps td.sweep-cell');
    expect(await cells.count()).toBe(12);
    expect(await page.locator('#sweep-maps table.sweep-map').count()).toBe(2);
    await page.locator('#sweep-metric').selectOption('survival');
    await page.locator('#sweep-year').fill('4');
    await page.locator('#sweep-year').dispatchEvent('change');
    expect(await page.locator('.sweep-caption').textContent()).toMatch(/survival in year 4, zone all/);
    // More deer, fewer survivors, without a fence at one density: read the row across deer.
    const row = page.locator('table.sweep-map').filter({ hasText: 'fence = none' }).locator('tbody tr').first();
    const values = await row.locator('td.sweep-cell').evaluateAll((tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
    expect(values.length).toBe(3);
    expect(values[0]).toBeGreaterThan(values[2]);
    expect(await row.locator('td.sweep-cell').first().textContent()).toMatch(/–/);
    await shoot(page, 'sweep-heatmap', '#sweep-area');
  });

  it('opens the variant of a clicked cell as the plan', async () => {
    const cell = page.locator('table.sweep-map').filter({ hasText: 'fence = fenced' }).locator('td.sweep-cell').last();
    const variant = Number(await cell.getAttribute('data-variant'));
    await cell.click();
    // The plan opened is that variant: 40 deer/km², 2,500 stems/ha, fenced; and it runs.
    await page.waitForFunction(() => window.reforestPage?.runs.find((r) => r.key === 'a')?.status === 'completed', undefined, { timeout: 240_000, polling: 250 });
    expect(variant).toBe(11);
    expect(await page.locator('#replicates').inputValue()).toBe('2');
    const saved = await host.saved(page, () => page.locator('#save-scenario').click());
    const plan = JSON.parse(saved.bytes.toString('utf8')) as { herbivores: { densityPerKm2: number }[]; plantings: { density: number }[]; fences: { type: string }[] };
    expect(plan.herbivores[0].densityPerKm2).toBe(40);
    expect(plan.plantings[0].density).toBe(2500);
    expect(plan.fences.map((f) => f.type)).toEqual(['deer_fence']);
  });
});
