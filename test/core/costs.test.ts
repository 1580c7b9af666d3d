import { describe, expect, it } from 'vitest';
import { openRing, polylineLength } from '../../sim/shared/polygon.js';
import { loadLibrary } from '../../sim/scenario/library.js';
import { describePlan } from '../../sim/pageViews/siteView.js';
import { Site } from '../../sim/model/site.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { smallScenario } from '../helpers.js';

const load = (json: ScenarioInput) => loadScenario(json, { baseDir: process.cwd(), label: 'test' });
const library = loadLibrary().costs;
const fencePath: [number, number][] = [[90, 90], [310, 90], [310, 310], [90, 310]];

describe('the cost library', () => {
  it('prices a plan that gives no rates: plants, shelters by height, maintenance, fence and its gate', async () => {
    const json = smallScenario({ fences: [{ name: 'f', type: 'deer_fence', path: fencePath, closed: true }] });
    json.plantings[0].shelters = { height: 1.5 };
    const loaded = await load(json);
    const rates = loaded.resolved.effective.costs;
    expect(rates.currency).toBe('GBP');
    expect(rates.plantings[0]).toEqual({
      perTree: library.plantsAndPlantingPerTree.value,
      perHectare: library.groundPreparationPerHectare.value,
      maintenancePerHectarePerYear: library.maintenancePerHectarePerYear.value,
      maintenanceYears: library.maintenanceYears.value,
      // 1.5 m is not listed: the next taller row (1.8 m) prices it.
      shelterPerTree: library.shelters.byHeight.find((r) => r.height === 1.8)!.perTree,
    });
    const fence = loaded.resolved.effective.fences[0];
    expect(fence.gates).toBe(1);
    const site = new Site(loaded.resolved, loaded.terrain);
    const length = polylineLength(openRing(fencePath), true);
    expect(site.costs.incurred[0]).toBeCloseTo(length * fence.costPerMetre + library.gatePerGate.value, 6);
    // Year 1 (columns: all, zone): the zone's maintenance on 4 ha and the fence's upkeep.
    expect(site.costs.incurred[2]).toBeCloseTo(4 * library.maintenancePerHectarePerYear.value + length * fence.maintenancePerMetrePerYear, 6);
  });

  it('takes a zone rate over the scenario rate over the library, and converts only library rates to another currency', async () => {
    const json = smallScenario({ currency: 'EUR', exchangeRate: 1.2, costRates: { maintenanceYears: 3, gatePerGate: 100 } });
    json.plantings[0].costs = { perTree: 0.9 };
    const rates = (await load(json)).resolved.effective.costs;
    expect(rates.currency).toBe('EUR');
    expect(rates.plantings[0].perTree).toBe(0.9);
    expect(rates.plantings[0].maintenanceYears).toBe(3);
    expect(rates.plantings[0].maintenancePerHectarePerYear).toBeCloseTo(library.maintenancePerHectarePerYear.value * 1.2, 9);

    const noRate = smallScenario({ currency: 'EUR' });
    await expect(load(noRate)).rejects.toThrow(/exchangeRate: .*EUR.*GBP/);
    const pointless = smallScenario({ exchangeRate: 1.2 });
    await expect(load(pointless)).rejects.toThrow(/exchangeRate: only applies when currency differs/);
  });

  it('charges a fence rebuilt every few years its cost per metre each time, in the bill as in the run', async () => {
    const json = smallScenario({ years: 5, fences: [{ name: 'f', type: 'deer_fence', path: fencePath, closed: true, renewEveryYears: 2, gates: 0 }] });
    json.plantings[0].costs = { perTree: 0, perHectare: 0, maintenancePerHectarePerYear: 0 };
    const loaded = await load(json);
    const site = new Site(loaded.resolved, loaded.terrain);
    const fence = loaded.resolved.effective.fences[0];
    const length = polylineLength(openRing(fencePath), true);
    const upkeep = length * fence.maintenancePerMetrePerYear;
    const byYear = [0, 1, 2, 3, 4, 5].map((y) => site.costs.incurred[y * 2]);
    const build = length * fence.costPerMetre;
    expect(byYear).toEqual([build, upkeep, upkeep + build, upkeep, upkeep + build, upkeep].map((v) => expect.closeTo(v, 6)));
    const line = describePlan(loaded).bill.find((l) => l.item === 'fence renewal')!;
    expect(line.quantity).toBeCloseTo(2 * length, 6);
    expect(line.cost).toBeCloseTo(2 * build, 6);
  });

  it("rebuilds a fence at its type's service life unless the scenario says otherwise, and never when it says so", async () => {
    const life = loadLibrary().fenceTypes.deer_fence.serviceLifeYears!.value;
    const fenced = (renewEveryYears?: number | 'never') =>
      load(smallScenario({ years: 50, fences: [{ name: 'f', type: 'deer_fence', path: fencePath, closed: true, gates: 0, ...(renewEveryYears ? { renewEveryYears } : {}) }] }));
    const byDefault = await fenced();
    expect(byDefault.resolved.effective.fences[0].renewEveryYears).toBe(life);
    const line = describePlan(byDefault).bill.find((l) => l.item === 'fence renewal')!;
    const length = polylineLength(openRing(fencePath), true);
    // Rebuilt at 15, 30 and 45 years within 50.
    expect(line.quantity).toBeCloseTo(Math.floor(50 / life) * length, 6);
    const never = await fenced('never');
    expect(never.resolved.effective.fences[0].renewEveryYears).toBe(Infinity);
    expect(describePlan(never).bill.find((l) => l.item === 'fence renewal')).toBeUndefined();
    expect((await fenced(7)).resolved.effective.fences[0].renewEveryYears).toBe(7);
  });

  it('costs deer control per hectare of the ground the herd roams, every year it runs, shared by zone area', async () => {
    const json = smallScenario({ years: 4, herbivores: [{ kind: 'red_deer', densityPerKm2: 5 }], deerControl: { fromYear: 1, toYear: 3 } });
    json.plantings[0].costs = { perTree: 0, perHectare: 0, maintenancePerHectarePerYear: 0 };
    const loaded = await load(json);
    const site = new Site(loaded.resolved, loaded.terrain);
    const yearly = library.deerControlPerHectarePerYear.value * site.roamingAreaKm2 * 100;
    expect(site.roamingAreaKm2).toBeCloseTo(0.16, 6);
    const byYear = [0, 1, 2, 3, 4].map((y) => site.costs.incurred[y * 2 + 1]);
    expect(byYear).toEqual([0, yearly, yearly, yearly, 0].map((v) => expect.closeTo(v, 6)));
    // The bill lists the same: three years over the ground the herd roams.
    const line = describePlan(loaded).bill.find((l) => l.item === 'deer control')!;
    expect(line.quantity).toBeCloseTo(16 * 3, 6);
    expect(line.cost).toBeCloseTo(3 * yearly, 6);
  });
});
