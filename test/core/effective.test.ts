import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { polylineLength, openRing } from '../../sim/shared/polygon.js';
import { describePlan } from '../../sim/pageViews/siteView.js';
import { Site } from '../../sim/model/site.js';
import { applyRunOverrides, defaultScenarioPath, loadScenario } from '../../sim/scenario/load.js';

interface ScenarioJson {
  seed: number;
  replicates: number;
  terrain: { seed?: number };
  herbivores: { browseHeight?: number }[];
  fences: { path: [number, number][]; costPerMetre?: number; repairDelayDays?: number }[];
}
const base = () => JSON.parse(readFileSync(defaultScenarioPath(), 'utf8')) as ScenarioJson;

describe('effective parameters', () => {
  it('a scenario override reaches the model, the cost schedule and the page alike', async () => {
    const json = base();
    json.herbivores[0].browseHeight = 0.9;
    json.fences[0].costPerMetre = 17.5;
    json.fences[0].repairDelayDays = 11;
    const loaded = await loadScenario(json, { baseDir: process.cwd() });
    const { effective } = loaded.resolved;
    expect(effective.kinds.red_deer.browseHeight).toBe(0.9);
    expect(effective.fences[0]).toMatchObject({ costPerMetre: 17.5, repairDelayDays: 11 });

    const site = new Site(loaded.resolved, loaded.terrain);
    expect(site.kinds[0].browseHeight).toBe(0.9);
    expect(site.maxBrowseHeight).toBe(0.9);
    expect(site.inspectionDays).toBe(11);

    const view = describePlan(loaded);
    // The page reports what the run uses, not the library's 1.5 m.
    expect(view.species.every((s) => s.browseHeight === 0.9)).toBe(true);
    expect(view.fences[0].costPerMetre).toBe(17.5);
    expect(view.fences[0].repairDelayDays).toBe(11);

    // The fence's installation in the cost schedule is its length at the overridden rate.
    const path = json.fences[0].path;
    const length = polylineLength(openRing(path), true);
    const withoutOverride = base();
    const plain = await loadScenario(withoutOverride, { baseDir: process.cwd() });
    const plainSite = new Site(plain.resolved, plain.terrain);
    const year0 = site.costs.incurred[0] - plainSite.costs.incurred[0];
    const libraryRate = plain.resolved.effective.fences[0].costPerMetre;
    expect(year0).toBeCloseTo(length * (17.5 - libraryRate), 6);
  });

  it('run overrides are applied one way, after the terrain seed is pinned', () => {
    const json = base();
    applyRunOverrides(json, { seed: 7, replicates: 3, years: 12 });
    expect(json).toMatchObject({ seed: 7, replicates: 3, years: 12 });
    expect(json.terrain.seed).toBe(20261127);
    const untouched = base();
    applyRunOverrides(untouched, {});
    expect(untouched.seed).toBe(20261127);
    expect(untouched.replicates).toBe(8);
  });
});
