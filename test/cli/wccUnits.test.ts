import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../sim/scenario/library.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { wccLookupOf } from '../../sim/scenario/wccTables.js';
import { wccLookupAt } from '../../sim/shared/wccLookup.js';
import { projectRoot, reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// `reforest run --units` with the Woodland Carbon Code's inputs and its lookup figure, run in this
// process as bin/reforest.js runs it (the built core in dist/).

beforeAll(() => {
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
});

describe('reforest run --units with the WCC inputs and lookup', () => {
  it('writes the establishment emissions, the net after them, and the WCC lookup low and high beside what was sequestered, as the report shows them', async () => {
    const dir = tempDir();
    const { wccModel: _model, ...birch } = loadLibrary().species.downy_birch;
    const square = (x: number): [number, number][] => [[x, 100], [x + 200, 100], [x + 200, 300], [x, 300]];
    const json = smallScenario({
      name: 'wcc units',
      years: 12,
      replicates: 2,
      terrain: { type: 'procedural', width: 700, height: 400, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
      species: { goat_willow: { ...birch, name: 'Goat willow', latin: 'Salix caprea' } },
      plantings: [
        { name: 'spruce', polygon: square(100), species: [{ species: 'sitka_spruce', fraction: 1 }], density: 2500 },
        { name: 'willow', polygon: square(400), species: [{ species: 'goat_willow', fraction: 1 }], density: 1600 },
      ],
      appraisal: { carbonUnits: { baselineTco2ePerHaPerYear: 0.25, vegetationRemovedTco2ePerHa: 1.5, soilDisturbanceTco2ePerHa: 4, verificationYears: [5, 12] } },
    });
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(json));
    const units = join(dir, 'units.csv');
    const r = await reforestInProcess(['run', file, '--units', units, '--out', join(dir, 'out.csv'), '--progress', 'none'], { compiled: true });
    expect(r.code, r.stderr).toBe(0);

    const text = readFileSync(units, 'utf8');
    const header = text.split('\n')[0].split(',');
    expect(header.slice(4, 12)).toEqual([
      'sequestered_p10', 'sequestered_p50', 'sequestered_p90', 'wcc_lookup_low', 'wcc_lookup_high',
      'establishment_emissions_p10', 'establishment_emissions_p50', 'establishment_emissions_p90',
    ]);
    const rows = csvParse(text);
    expect(rows.length).toBe(3 * 13);

    const lookup = wccLookupOf((await loadScenario(json, { baseDir: dir })).resolved);
    const zones = ['all', 'spruce', 'willow'];
    for (const row of rows) {
      const z = zones.indexOf(row.zone!);
      const year = Number(row.year);
      const area = z === 0 ? 8 : 4;
      const emitted = year >= 1 ? 5.5 * area : 0;
      expect(Number(row.establishment_emissions_p50)).toBeCloseTo(emitted, 3);
      expect(Number(row.baseline_p50)).toBeCloseTo(0.25 * area * year, 3);
      // Net is what was sequestered less the emissions of preparing the site and the baseline.
      expect(Number(row.net_p50)).toBeCloseTo(Number(row.sequestered_p50) - emitted - 0.25 * area * year, 2);
      expect(Number(row.issued_to_date_p50)).toBeLessThanOrEqual(Number(row.claimable_p50) + 1e-3);
      if (z === 1) {
        const [low, high] = wccLookupAt(lookup, 1, year)!;
        expect(Number(row.wcc_lookup_low)).toBeCloseTo(low, 3);
        expect(Number(row.wcc_lookup_high)).toBeCloseTo(high, 3);
        if (year > 0) expect(Number(row.wcc_lookup_high)).toBeGreaterThan(Number(row.wcc_lookup_low));
      } else {
        // Goat willow has no WCC model: no figure for its zone, nor for the whole site.
        expect([row.wcc_lookup_low, row.wcc_lookup_high]).toEqual(['', '']);
      }
    }

    // The report's units table: the same lookup beside what was sequestered, and the inputs it used.
    const html = join(dir, 'report.html');
    const rep = await reforestInProcess(['report', file, '--strategies', 'none', '--out', html, '--no-pdf', '--progress', 'none'], { compiled: true });
    expect(rep.code, rep.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<th>WCC lookup (live trees), low–high yield class</th>');
    expect(page).toContain('1.5 tCO2e/ha of vegetation removed and 4 tCO2e/ha of soil carbon lost through ground disturbance, subtracted from year 1');
    expect(page).toContain('spruce: SS 2.0 m YC10–16; willow: no WCC lookup: goat_willow has no WCC model');
    for (const row of rows.filter((x) => x.verification === '1')) {
      const tr = new RegExp(`<tr data-zone="${row.zone}" data-year="${row.year}">(.*?)</tr>`).exec(page)![1];
      const cell = /<td class="num" data-field="wcc_lookup"(?: data-low="([^"]+)" data-high="([^"]+)")?>/.exec(tr)!;
      if (row.zone === 'spruce') expect([Number(cell[1]), Number(cell[2])].map((v) => v.toFixed(3))).toEqual([row.wcc_lookup_low, row.wcc_lookup_high]);
      else expect(cell[1]).toBeUndefined();
      expect(Number(/data-field="net_p50" data-value="([^"]+)"/.exec(tr)![1])).toBeCloseTo(Number(row.net_p50), 3);
    }
  });
});
