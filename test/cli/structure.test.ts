import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { reforestInProcess, tempDir, twoZoneScenario } from '../helpers.js';

// `reforest run --species --size-classes`: the stand by species and by size class, checked against
// the run's own summary written beside them.

describe('reforest run --species --size-classes', () => {
  it('writes each species and each size class per zone and year, adding up to the summary', async () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify(twoZoneScenario({ years: 12, replicates: 3 })));
    const [species, classes, summary] = ['species.csv', 'classes.csv', 'summary.csv'].map((f) => join(dir, f));
    const r = await reforestInProcess(['run', plan, '--species', species, '--size-classes', classes, '--summary', summary, '--out', join(dir, 'out.csv'), '--progress', 'none'], {
      compiled: true,
    });
    expect(r.code, r.stderr).toBe(0);
    const sp = csvParse(readFileSync(species, 'utf8'));
    const cl = csvParse(readFileSync(classes, 'utf8'));
    const sum = csvParse(readFileSync(summary, 'utf8'));
    expect(sp.columns.slice(0, 9)).toEqual(['scenario', 'replicates', 'year', 'zone', 'species', 'stems_per_ha_mean', 'stems_per_ha_p5', 'stems_per_ha_p50', 'stems_per_ha_p95']);
    expect(cl.columns).toEqual(['scenario', 'replicates', 'year', 'zone', 'kind', 'class', 'lower', 'upper', 'unit', 'stems_per_ha_mean', 'stems_per_ha_p5', 'stems_per_ha_p50', 'stems_per_ha_p95']);
    const ids = [...new Set(sp.map((row) => row.species))];
    expect(ids).toEqual(expect.arrayContaining(['downy_birch', 'rowan']));
    // One row per year, zone and species; 14 height and 12 diameter classes per year and zone.
    expect(sp.length).toBe(13 * 3 * ids.length);
    expect(cl.length).toBe(13 * 3 * (14 + 12));
    for (const row of sum) {
      type Rows = readonly (typeof sp)[number][];
      const mine = (rows: Rows, kind?: string) => rows.filter((x) => x.year === row.year && x.zone === row.zone && (kind === undefined || x.kind === kind));
      const add = (rows: Rows, column: string) => rows.reduce((a, x) => a + Number(x[column]), 0);
      const stems = Number(row.stems_per_ha_mean);
      // Means add up; each file is rounded to its own decimals.
      expect(add(mine(sp), 'stems_per_ha_mean')).toBeCloseTo(stems, 1);
      expect(add(mine(sp), 'carbon_tco2e_mean')).toBeCloseTo(Number(row.carbon_tco2e_mean), 2);
      expect(add(mine(cl, 'height'), 'stems_per_ha_mean')).toBeCloseTo(stems, 1);
      expect(add(mine(cl, 'diameter'), 'stems_per_ha_mean')).toBeCloseTo(stems, 1);
    }
    const below = cl.find((x) => x.kind === 'diameter' && x.class === 'below 1.3 m')!;
    expect([below.lower, below.upper, below.unit]).toEqual(['', '', 'cm']);
    const tallest = cl.filter((x) => x.kind === 'height').at(-1)!;
    expect([tallest.class, tallest.lower, tallest.upper]).toEqual(['30+', '30', '']);
  }, 60_000);
});
