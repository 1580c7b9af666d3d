import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../sim/scenario/library.js';
import { describePlan } from '../../sim/pageViews/siteView.js';
import { runScenario } from '../../sim/run/runner.js';
import { ScenarioError } from '../../sim/scenario/issues.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { wccLookupOf } from '../../sim/scenario/wccTables.js';
import { carbonUnitRules, carbonUnitSchedule, type CarbonUnitRow } from '../../sim/shared/carbonUnits.js';
import { wccLookupAt } from '../../sim/shared/wccLookup.js';
import { projectRoot, smallScenario, twoZoneScenario } from '../helpers.js';

// The Woodland Carbon Code's inputs (establishment emissions at year 1) in the real schedule of a real
// run, and the Code's lookup figure for a plan read from the published table itself.

const load = (json: ScenarioInput) => loadScenario(structuredClone(json), { baseDir: process.cwd(), label: 'test' });

/** The WCC live-tree table, read here on its own: tCO2e/ha of a model, spacing and yield class at a 5-year point. */
const table = readFileSync(join(projectRoot, 'assets', 'validation', 'wcc-live-tree-carbon.csv'), 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .slice(1)
  .map((l) => l.split(','));
function wcc(model: string, spacing: number, yieldClass: number, year: number): number {
  const row = table.find((r) => r[0] === model && Number(r[1]) === spacing && Number(r[2]) === yieldClass && Number(r[3]) === year);
  if (!row) throw new Error(`no ${model} ${spacing} m YC${yieldClass} at ${year} in the table`);
  return Number(row[4]);
}
/** Linear between the table's 5-year points (none at planting). */
const between = (at: (y: number) => number, age: number) => {
  const y0 = Math.floor(age / 5) * 5;
  const v0 = y0 === 0 ? 0 : at(y0);
  return v0 + ((at(y0 + 5) - v0) * (age - y0)) / 5;
};

describe('establishment emissions in the carbon units', () => {
  it('subtracts the vegetation removed and the soil carbon lost, area × per hectare, from year 1 on, and never issues more than is claimable', async () => {
    const base = twoZoneScenario({ years: 16, replicates: 2, herbivores: [], fences: [] });
    const withEmissions = { ...base, appraisal: { carbonUnits: { baselineTco2ePerHaPerYear: 0.5, vegetationRemovedTco2ePerHa: 2, soilDisturbanceTco2ePerHa: 3 } } };
    const without = { ...base, appraisal: { carbonUnits: { baselineTco2ePerHaPerYear: 0.5 } } };
    const plan = await load(withEmissions);
    const plain = await load(without);
    const sc = plan.resolved.scenario;
    const rules = carbonUnitRules(sc.appraisal, sc.years);
    expect(rules).toMatchObject({ vegetationRemovedTco2ePerHa: 2, soilDisturbanceTco2ePerHa: 3, buffer: 0.2, verificationYears: [5, 15] });
    expect(carbonUnitRules(plain.resolved.scenario.appraisal, sc.years)).toMatchObject({ vegetationRemovedTco2ePerHa: 0, soilDisturbanceTco2ePerHa: 0 });

    const result = await runScenario(plan, { threads: 2 });
    expect(result.zoneAreaHa).toEqual([4, 4]);
    const rows = carbonUnitSchedule(result, rules);
    const plainRows = carbonUnitSchedule(result, carbonUnitRules(plain.resolved.scenario.appraisal, sc.years));
    const areas = [8, 4, 4];
    rows.forEach((r, i) => {
      const p = plainRows[i];
      expect([r.zone, r.year]).toEqual([p.zone, p.year]);
      expect(result.zones[r.zoneIndex]).toBe(r.zone);
      // One-off, at year 1: (2 + 3) tCO2e/ha × the zone's hectares, the same in every replicate.
      const emitted = r.year >= 1 ? 5 * areas[r.zoneIndex] : 0;
      expect(r.values.establishment_emissions).toEqual([emitted, emitted, emitted]);
      for (let q = 0; q < 3; q++) {
        expect(r.values.sequestered[q]).toBe(p.values.sequestered[q]);
        expect(r.values.net[q]).toBeCloseTo(p.values.net[q] - emitted, 9);
      }
    });

    // Nothing is issued while the net is negative; what is issued to date never passes what is claimable.
    const at = (zone: string, year: number, list: CarbonUnitRow[] = rows) => list.find((r) => r.zone === zone && r.year === year)!.values;
    for (const zone of ['all', 'inside', 'open']) {
      expect(at(zone, 5).net[2]).toBeLessThan(0);
      expect(at(zone, 5).issued).toEqual([0, 0, 0]);
      for (const r of rows.filter((x) => x.zone === zone && x.verification)) {
        for (let q = 0; q < 3; q++) expect(r.values.issued_to_date[q]).toBeLessThanOrEqual(r.values.claimable[q] + 1e-9);
      }
      // By year 15 the stand has made up for its establishment: the units issued are the claimable,
      // four fifths of the emissions fewer than without them.
      expect(at(zone, 15).net[0]).toBeGreaterThan(0);
      expect(at(zone, 15).issued[1]).toBeCloseTo(at(zone, 15).claimable[1], 9);
      expect(at(zone, 15, plainRows).claimable[1] - at(zone, 15).claimable[1]).toBeCloseTo(0.8 * 5 * (zone === 'all' ? 8 : 4), 6);
    }
  });

  it('refuses a figure out of range, naming the field and why', async () => {
    const bad = smallScenario({ appraisal: { carbonUnits: { soilDisturbanceTco2ePerHa: -4, vegetationRemovedTco2ePerHa: 6000 } } });
    const error = await load(bad).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    const issues = (error as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`);
    expect(issues).toContain('appraisal.carbonUnits.soilDisturbanceTco2ePerHa: must be >= 0 (the soil carbon lost is entered as a positive emission)');
    expect(issues).toContain('appraisal.carbonUnits.vegetationRemovedTco2ePerHa: must be <= 5000 (several times what the densest British woodland holds)');
  });
});

describe('the WCC lookup figure beside the model', () => {
  const square = (x: number): [number, number][] => [[x, 100], [x + 200, 100], [x + 200, 300], [x, 300]];
  const sitka = { name: 'sitka', polygon: square(100), species: [{ species: 'sitka_spruce', fraction: 1 }], density: 2500 };

  it('reads Sitka spruce at 2,500/ha on the SS 2.0 m table, YC10 to YC16, times the area, and between the 5-year points', async () => {
    const plan = await load(smallScenario({ years: 30, terrain: { type: 'procedural', width: 700, height: 400, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' }, plantings: [sitka] }));
    const lookup = describePlan(plan).wccLookup;
    expect(lookup.tables[1]).toBe('SS 2.0 m YC10–16');
    expect(wccLookupAt(lookup, 1, 0)).toEqual([0, 0]);
    expect(wccLookupAt(lookup, 1, 25)![0]).toBeCloseTo(4 * wcc('SS', 2.0, 10, 25), 9);
    expect(wccLookupAt(lookup, 1, 25)![1]).toBeCloseTo(4 * wcc('SS', 2.0, 16, 25), 9);
    expect(wccLookupAt(lookup, 1, 23)![0]).toBeCloseTo(4 * between((y) => wcc('SS', 2.0, 10, y), 23), 9);
    expect(wccLookupAt(lookup, 1, 23)![1]).toBeCloseTo(4 * between((y) => wcc('SS', 2.0, 16, y), 23), 9);
    expect(wccLookupAt(lookup, 1, 3)![1]).toBeCloseTo(4 * wcc('SS', 2.0, 16, 5) * 0.6, 9);
    // The whole site is its one zone; the page's figure is the CLI's and the report's.
    expect(wccLookupAt(lookup, 0, 23)).toEqual(wccLookupAt(lookup, 1, 23));
    expect(wccLookupAt(wccLookupOf(plan.resolved), 1, 23)).toEqual(wccLookupAt(lookup, 1, 23));
  });

  it('weights a mixed zone by its mix, on each species\' model, counts years from its planting, and sums the zones for the site', async () => {
    const mixed = { name: 'mixed', polygon: square(400), species: [{ species: 'sitka_spruce', fraction: 0.3 }, { species: 'downy_birch', fraction: 0.7 }], density: 1600, year: 5 };
    const plan = await load(twoZoneScenario({ years: 30, replicates: 1, herbivores: [], fences: [], plantings: [sitka, mixed] }));
    const lookup = wccLookupOf(plan.resolved);
    // 1,600/ha is 2.5 m: Sitka spruce on its nearest table (2.0 m), birch on the sycamore/ash/birch 2.5 m table.
    expect(lookup.tables[2]).toBe('sitka_spruce 30% on SS 2.0 m YC10–16 + downy_birch 70% on SAB 2.5 m YC4–6');
    const age = 25 - 5;
    expect(wccLookupAt(lookup, 2, 25)![0]).toBeCloseTo(4 * (0.3 * wcc('SS', 2.0, 10, age) + 0.7 * wcc('SAB', 2.5, 4, age)), 9);
    expect(wccLookupAt(lookup, 2, 25)![1]).toBeCloseTo(4 * (0.3 * wcc('SS', 2.0, 16, age) + 0.7 * wcc('SAB', 2.5, 6, age)), 9);
    expect(wccLookupAt(lookup, 2, 5)).toEqual([0, 0]);
    const site = wccLookupAt(lookup, 0, 25)!;
    expect(site[0]).toBeCloseTo(wccLookupAt(lookup, 1, 25)![0] + wccLookupAt(lookup, 2, 25)![0], 9);
    expect(site[1]).toBeCloseTo(wccLookupAt(lookup, 1, 25)![1] + wccLookupAt(lookup, 2, 25)![1], 9);
  });

  it('gives no figure for a zone with a species the library gives no WCC model, nor for the site, and says why', async () => {
    const { wccModel: _model, ...birch } = loadLibrary().species.downy_birch;
    const willow = { name: 'willow', polygon: square(400), species: [{ species: 'goat_willow', fraction: 1 }], density: 1600 };
    const plan = await load(twoZoneScenario({ years: 10, herbivores: [], fences: [], species: { goat_willow: { ...birch, name: 'Goat willow', latin: 'Salix caprea' } }, plantings: [sitka, willow] }));
    const lookup = wccLookupOf(plan.resolved);
    expect(wccLookupAt(lookup, 1, 10)).not.toBeNull();
    expect(wccLookupAt(lookup, 2, 10)).toBeNull();
    expect(wccLookupAt(lookup, 0, 10)).toBeNull();
    expect(lookup.tables[2]).toBe('no WCC lookup: goat_willow has no WCC model');
    expect(lookup.tables[0]).toBe(lookup.tables[2]);
  });
});
