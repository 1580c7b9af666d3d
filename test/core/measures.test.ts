import { describe, expect, it } from 'vitest';
import { Site } from '../../sim/model/site.js';
import { simulateReplicate } from '../../sim/model/simulation.js';
import { ScenarioError } from '../../sim/scenario/issues.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { tempDir, twoZoneScenario } from '../helpers.js';

// Measures taken after planting, on the real core: each changes the years from its own on, leaves the
// years before it as they were, and is paid for as the cost library says.

const ZONES = 3;
const OPEN = 2;

async function run(extra: Partial<ScenarioInput>) {
  const loaded = await loadScenario(twoZoneScenario({ years: 8, replicates: 1, herbivores: [{ kind: 'red_deer', densityPerKm2: 10 }], ...extra }), { baseDir: tempDir() });
  const { values } = simulateReplicate(new Site(loaded.resolved, loaded.terrain), { replicate: 0 });
  const at = (year: number, zone: number, metric: number) => values[metricIndex(ZONES, year, zone, metric)];
  const year = (y: number) => values.subarray(metricIndex(ZONES, y, 0, 0), metricIndex(ZONES, y + 1, 0, 0));
  return { at, year, loaded };
}

describe('measures after planting', () => {
  it('shelters put on in year 4 stop the browsing of the open zone from then, at the library rate per shelter', async () => {
    const plan = await run({});
    const sheltered = await run({ measures: [{ type: 'shelters', year: 4, zone: 'open', height: 1.8 }] });
    for (let y = 0; y < 4; y++) expect(sheltered.year(y)).toEqual(plan.year(y));
    expect(plan.at(5, OPEN, M.browsed)).toBeGreaterThan(50);
    expect(sheltered.at(5, OPEN, M.browsed)).toBeLessThan(0.2 * plan.at(5, OPEN, M.browsed));
    // Every tree alive at the start of year 4 got a shelter, paid at the 1.8 m rate (2.43 GBP in the library).
    const extra = sheltered.at(4, OPEN, M.cost) - plan.at(4, OPEN, M.cost);
    const liveAtStart = plan.at(3, OPEN, M.alive) + plan.at(3, OPEN, M.regenerated);
    expect(extra).toBeCloseTo(liveAtStart * 2.43, 6);
  });

  it('a restocking in year 7 plants the dead places back to the target, at the planting rate per tree', async () => {
    const plan = await run({ beatingUp: 'none' });
    const restocked = await run({ beatingUp: 'none', measures: [{ type: 'beatUp', year: 7, zone: 'open', targetPerHa: 1500 }] });
    for (let y = 0; y < 7; y++) expect(restocked.year(y)).toEqual(plan.year(y));
    expect(plan.at(7, OPEN, M.stems_per_ha)).toBeLessThan(1400);
    const replanted = restocked.at(7, OPEN, M.beaten_up);
    expect(replanted).toBeGreaterThan(0);
    // Back to the target (the year's deaths came before the replanting), and no more.
    expect(restocked.at(7, OPEN, M.stems_per_ha)).toBeGreaterThanOrEqual(1500 - 1e-9);
    expect(restocked.at(7, OPEN, M.stems_per_ha)).toBeLessThan(1500 + 1 / 4);
    expect(restocked.at(7, OPEN, M.cost) - plan.at(7, OPEN, M.cost)).toBeCloseTo(replanted * restocked.loaded.resolved.effective.costs.plantings[1].perTree, 6);
    expect(restocked.at(8, OPEN, M.beaten_up)).toBe(0);
  });

  it('a cull in year 3 takes the herd to the density asked and holds it, with deer control paid from then', async () => {
    const plan = await run({ herbivores: [{ kind: 'red_deer', densityPerKm2: 10, annualGrowthRate: 0.3 }] });
    const culled = await run({ herbivores: [{ kind: 'red_deer', densityPerKm2: 10, annualGrowthRate: 0.3 }], measures: [{ type: 'cull', year: 3, densityPerKm2: 2 }] });
    for (let y = 0; y < 3; y++) expect(culled.year(y)).toEqual(plan.year(y));
    const siteKm2 = 0.7 * 0.4;
    for (let y = 3; y <= 8; y++) expect(culled.at(y, 0, M.herbivore_density_per_km2)).toBeLessThanOrEqual(Math.round(2 * siteKm2) / siteKm2 + 1e-9);
    expect(plan.at(8, 0, M.herbivore_density_per_km2)).toBeGreaterThan(10);
    // 6 GBP per hectare of roamed ground per year (the library's deer control rate), from year 3.
    const yearly = (r: typeof plan, y: number) => r.at(y, 0, M.cost) - r.at(y - 1, 0, M.cost);
    expect(yearly(culled, 3) - yearly(plan, 3)).toBeCloseTo(6 * siteKm2 * 100, 6);
    expect(yearly(culled, 8) - yearly(plan, 8)).toBeLessThanOrEqual(6 * siteKm2 * 100 + 1e-6);
  });

  it('refuses a measure on a zone, herd or year the plan does not have', async () => {
    const refused = loadScenario(
      twoZoneScenario({
        years: 8,
        herbivores: [{ kind: 'red_deer', densityPerKm2: 10 }],
        measures: [
          { type: 'shelters', year: 4, zone: 'nowhere', height: 1.2 },
          { type: 'cull', year: 3, kind: 'sheep', densityPerKm2: 1 },
          { type: 'beatUp', year: 9, zone: 'open' },
        ],
      }),
      { baseDir: tempDir() },
    );
    await expect(refused).rejects.toThrow(ScenarioError);
    await expect(refused).rejects.toThrow(/measures\[0\]\.zone: no zone "nowhere" in the plan \(inside, open\)/);
    await expect(refused).rejects.toThrow(/measures\[1\]\.kind: no herd of "sheep" in the plan \(red_deer\)/);
    await expect(refused).rejects.toThrow(/measures\[2\]\.year: is after the last simulated year \(8\)/);
  });
});
