import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run/runner.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { wccLookupOf } from '../../sim/scenario/wccTables.js';
import { carbonUnitRules, carbonUnitSchedule } from '../../sim/shared/carbonUnits.js';
import { wccLookupAt } from '../../sim/shared/wccLookup.js';
import { smallScenario, tempDir } from '../helpers.js';
import { launchBrowser, shoot } from './browser.js';
import { type PageHost, openPageWith, startPageHost, closesCleanly } from './pageHost.js';

/**
 * The Woodland Carbon Code's inputs typed in the page beside the units table: they edit the plan (undo
 * and redo step through them, the saved file carries them), the next run's units subtract them, and
 * the table sets the Code's lookup figure beside what was sequestered: the same figures the core gives
 * for that plan.
 */
describe('the carbon-unit inputs and the WCC lookup in Chromium', () => {
  let host: PageHost;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  const dir = tempDir('reforest-carbon-e2e-');
  const scenario = smallScenario({
    name: 'carbon inputs',
    years: 16,
    replicates: 2,
    seed: 5,
    plantings: [{ name: 'spruce', polygon: [[100, 100], [300, 100], [300, 300], [100, 300]], species: [{ species: 'sitka_spruce', fraction: 1 }], density: 2500 }],
  });
  const checks = () => page.evaluate(() => window.reforestPage!.editedPlanChecks);
  const checkedPast = (n: number) => page.waitForFunction((k) => window.reforestPage!.editedPlanChecks > k, n, { timeout: 30_000 });
  /** Types a figure into an input as a user does: the edit is made when the entry is left (and, for a valid plan, checked by the host). */
  const enter = async (id: string, value: string, valid = true) => {
    const before = await checks();
    await page.locator(id).fill(value);
    await page.locator(id).press('Tab');
    if (valid) await checkedPast(before);
  };

  beforeAll(async () => {
    host = await startPageHost('websocket', { examples: 'small' });
    browser = await launchBrowser();
    const file = join(dir, 'carbon.json');
    writeFileSync(file, JSON.stringify(scenario, null, 2));
    ({ page, errors: consoleErrors } = await openPageWith(host, browser, file));
  }, 300_000);

  closesCleanly(() => ({ browser, host, errors: consoleErrors }));

  it('shows the plan\'s figures, and an entry edits the plan, undone and redone in one step', async () => {
    expect(await page.locator('#carbon-baseline').inputValue()).toBe('0');
    expect(await page.locator('#carbon-soil').inputValue()).toBe('0');
    expect(await page.locator('#carbon-buffer').inputValue()).toBe('20');
    await enter('#carbon-baseline', '0.4');
    await enter('#carbon-soil', '7');
    await page.locator('#undo').click();
    await expect.poll(() => page.locator('#carbon-soil').inputValue()).toBe('0');
    expect(await page.locator('#carbon-baseline').inputValue()).toBe('0.4');
    await page.locator('#redo').click();
    await expect.poll(() => page.locator('#carbon-soil').inputValue()).toBe('7');

    // A figure out of range is the plan's problem, named with its field, before anything runs.
    await enter('#carbon-vegetation', '-3', false);
    await expect.poll(() => page.locator('#plan-checks').getAttribute('data-problems')).not.toBe('0');
    expect(await page.locator('#plan-checks').textContent()).toMatch(/appraisal\.carbonUnits\.vegetationRemovedTco2ePerHa: must be >= 0 \(the carbon removed is entered as a positive emission\)/);
    expect(await page.locator('#run').isDisabled()).toBe(true);
    await page.locator('#undo').click();
    await expect.poll(() => page.locator('#carbon-vegetation').inputValue()).toBe('0');
    await expect.poll(() => page.locator('#plan-checks').getAttribute('data-problems')).toBe('0');

    // The saved plan carries them.
    const saved = await host.saved(page, () => page.locator('#save-scenario').click());
    const json = JSON.parse(saved.bytes.toString('utf8')) as ScenarioInput;
    expect(json.appraisal?.carbonUnits).toEqual({ baselineTco2ePerHaPerYear: 0.4, soilDisturbanceTco2ePerHa: 7 });
  });

  it('runs the plan with them: the units table\'s net and the WCC lookup are the core\'s figures for that plan', async () => {
    const previous = await page.evaluate(() => window.reforestPage!.runs.find((r) => r.key === 'a')!.runId);
    await page.locator('#run').click();
    await page.waitForFunction((id) => {
      const a = window.reforestPage?.runs.find((r) => r.key === 'a');
      return a?.status === 'completed' && a.runId !== id;
    }, previous, { timeout: 240_000, polling: 250 });
    await page.locator('#zone-select').selectOption('spruce');

    // The core, given the same plan and seed, in this process.
    const plan = { ...scenario, appraisal: { carbonUnits: { baselineTco2ePerHaPerYear: 0.4, soilDisturbanceTco2ePerHa: 7 } } };
    const loaded = await loadScenario(structuredClone(plan), { baseDir: dir, label: 'carbon.json' });
    const result = await runScenario(loaded, { threads: 2 });
    const sc = loaded.resolved.scenario;
    const expected = carbonUnitSchedule(result, carbonUnitRules(sc.appraisal, sc.years)).filter((r) => r.zone === 'spruce' && r.verification);
    const lookup = wccLookupOf(loaded.resolved);
    expect(expected.map((r) => r.year)).toEqual([5, 15]);

    const table = page.locator('#units-summary table.units-summary');
    await expect.poll(() => table.getAttribute('data-zone')).toBe('spruce');
    const caption = await table.locator('caption').textContent();
    expect(caption).toMatch(/baseline 0\.4 tCO2e\/ha\/year, vegetation removed 0 and soil disturbance 7 tCO2e\/ha from year 1, buffer 20%/);
    expect(caption).toContain('WCC lookup: SS 2.0 m YC10–16.');
    const headings = await table.locator('thead th').allTextContents();
    expect(headings.slice(1, 4)).toEqual(['Sequestered since planting', 'WCC lookup (live trees), low–high yield class', 'Establishment emissions (vegetation removed, soil disturbance)']);
    const shown = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cell = (f: string) => tr.querySelector<HTMLElement>(`td[data-field="${f}"]`)!.dataset;
        return { year: Number((tr as HTMLElement).dataset.year), net: Number(cell('net').value), emissions: Number(cell('establishment_emissions').value), low: Number(cell('wcc_lookup').low), high: Number(cell('wcc_lookup').high) };
      }),
    );
    expect(shown.map((r) => r.year)).toEqual([5, 15]);
    for (const [i, row] of expected.entries()) {
      // 7 tCO2e/ha of soil carbon over the zone's 4 ha, and 0.4 tCO2e/ha a year of baseline.
      expect(shown[i].emissions).toBe(28);
      expect(shown[i].net).toBeCloseTo(row.values.net[1], 6);
      expect(shown[i].net).toBeCloseTo(row.values.sequestered[1] - 28 - 0.4 * 4 * row.year, 6);
      const [low, high] = wccLookupAt(lookup, 1, row.year)!;
      expect(shown[i].low).toBeCloseTo(low, 9);
      expect(shown[i].high).toBeCloseTo(high, 9);
    }
    await shoot(page, 'carbon-inputs-units', '.charts-area');
    // The saved plan runs in the CLI to the same units (test/cli/wccUnits.test.ts checks that file).
    expect(readFileSync(join(dir, 'carbon.json'), 'utf8')).toContain('"sitka_spruce"');
  });
});
