import { describe, expect, it } from 'vitest';
import { describePlan } from '../../sim/pageViews/siteView.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { smallScenario } from '../helpers.js';

const flatAt = (baseElevation: number) => ({ type: 'procedural' as const, width: 400, height: 400, cellSize: 10, relief: 0, baseElevation, shape: 'flat' as const });
const zone = { name: 'north', polygon: [[100, 100], [300, 100], [300, 300], [100, 300]] as [number, number][], density: 2000 };

describe('what a plan says before it runs', () => {
  it('warns of a zone above every chosen species\' elevation limit, and of a species that cannot grow', async () => {
    const high = await loadScenario(smallScenario({ terrain: flatAt(1050), plantings: [{ ...zone, species: [{ species: 'scots_pine', fraction: 0.5 }, { species: 'rowan', fraction: 0.5 }] }] }), { baseDir: process.cwd() });
    const warnings = describePlan(high).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ path: 'plantings[0].polygon' });
    expect(warnings[0].message).toBe("zone 'north' lies at 1,050–1,050 m, above every chosen species' elevation limit (Scots pine 600 m, Rowan 900 m): nothing planted there survives");

    // At 700 m rowan still grows; Scots pine does not.
    const mid = await loadScenario(smallScenario({ terrain: flatAt(700), plantings: [{ ...zone, species: [{ species: 'scots_pine', fraction: 0.5 }, { species: 'rowan', fraction: 0.5 }] }] }), { baseDir: process.cwd() });
    expect(describePlan(mid).warnings).toEqual([
      { path: 'plantings[0].species[0].species', message: "zone 'north' lies at 700–700 m, above its elevation limit of 600 m: every Scots pine planted there dies" },
    ]);
  });

  it('gives a bill of quantities: trees by species, shelters, planting, ground and fence metres with their costs', async () => {
    const loaded = await loadScenario(
      smallScenario({
        plantings: [{ ...zone, species: [{ species: 'downy_birch', fraction: 0.75 }, { species: 'rowan', fraction: 0.25 }], shelters: { height: 1.2, costPerTree: 2, species: ['rowan'] }, costs: { perTree: 1.5, perHectare: 300 } }],
        fences: [{ name: 'ring', type: 'deer_fence', closed: true, path: [[90, 90], [310, 90], [310, 310], [90, 310]], costPerMetre: 10 }],
      }),
      { baseDir: process.cwd() },
    );
    const bill = describePlan(loaded).bill;
    const line = (item: string, detail?: string) => bill.find((l) => l.item === item && (detail === undefined || l.detail === detail))!;
    // 4 ha at 2,000 stems/ha: 6,000 birch and 2,000 rowan.
    expect(line('trees', 'Downy birch').quantity).toBe(6000);
    expect(line('trees', 'Rowan').quantity).toBe(2000);
    expect(line('shelters')).toMatchObject({ quantity: 2000, rate: 2, cost: 4000 });
    expect(line('planting')).toMatchObject({ quantity: 8000, cost: 12_000 });
    expect(line('ground').cost).toBeCloseTo(1200, 6);
    expect(line('fence')).toMatchObject({ of: 'ring', unit: 'm', rate: 10 });
    expect(line('fence').quantity).toBeCloseTo(880, 6);
    expect(line('fence').cost).toBeCloseTo(8800, 6);
  });
});
