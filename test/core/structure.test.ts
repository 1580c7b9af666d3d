import { describe, expect, it } from 'vitest';
import { yearlyMetricsCsv } from '../../sim/output/csv.js';
import { sizeClassesCsv, speciesCsv } from '../../sim/output/structure.js';
import { runScenario } from '../../sim/run/runner.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import {
  DIAMETER_CLASSES,
  DIAMETER_CLASS_EDGES_CM,
  HEIGHT_CLASSES,
  HEIGHT_CLASS_EDGES_M,
  SPECIES_FIELDS,
  classIndex,
  speciesIndex,
  type StructureLayout,
} from '../../sim/shared/structure.js';
import { tempDir, twoZoneScenario } from '../helpers.js';

// The stand's structure (species, height and diameter classes) from the real core, checked against
// the run's own yearly metrics and against the final trees counted one by one.

const field = (name: (typeof SPECIES_FIELDS)[number]) => SPECIES_FIELDS.indexOf(name);

describe('stand structure', () => {
  it('adds up to the yearly metrics, matches the final trees one by one, and changes nothing else', async () => {
    const loaded = await loadScenario(twoZoneScenario({ years: 25, replicates: 3 }), { baseDir: tempDir() });
    const result = await runScenario(loaded, { threads: 2, structure: true, treesReplicate: 1 });
    const st = result.structure!;
    expect(st.speciesIds).toEqual(loaded.resolved.speciesIds);
    expect(st.speciesNames).toContain('Downy birch');
    const layout: StructureLayout = { species: st.speciesIds.length, zones: result.zones.length, years: result.years };
    const zc = result.zones.length;
    let sawMeasuredDiameter = false;
    for (let r = 0; r < result.replicates; r++) {
      const v = result.perReplicate[r];
      const s = st.perReplicate[r];
      for (let year = 0; year <= result.years; year++) {
        for (let z = 0; z < zc; z++) {
          const metric = (m: number) => v[metricIndex(zc, year, z, m)];
          let stems = 0;
          let carbon = 0;
          let basal = 0;
          let heightSum = 0;
          for (let sp = 0; sp < layout.species; sp++) {
            const n = s[speciesIndex(layout, year, z, sp, field('stems_per_ha'))];
            stems += n;
            carbon += s[speciesIndex(layout, year, z, sp, field('carbon_tco2e'))];
            basal += s[speciesIndex(layout, year, z, sp, field('basal_area_m2_per_ha'))];
            heightSum += n * s[speciesIndex(layout, year, z, sp, field('mean_height_m'))];
          }
          expect(stems).toBeCloseTo(metric(M.stems_per_ha), 6);
          expect(carbon).toBeCloseTo(metric(M.carbon_tco2e), 6);
          expect(basal).toBeCloseTo(metric(M.basal_area_m2_per_ha), 6);
          if (stems > 0) expect(heightSum / stems).toBeCloseTo(metric(M.mean_height_m), 6);
          let inHeight = 0;
          for (let k = 0; k < HEIGHT_CLASSES; k++) inHeight += s[classIndex(layout, year, z, 'height', k)];
          let inDiameter = 0;
          for (let k = 0; k < DIAMETER_CLASSES; k++) inDiameter += s[classIndex(layout, year, z, 'diameter', k)];
          expect(inHeight).toBeCloseTo(metric(M.stems_per_ha), 6);
          expect(inDiameter).toBeCloseTo(metric(M.stems_per_ha), 6);
          if (inDiameter > s[classIndex(layout, year, z, 'diameter', 0)] + 1e-9) sawMeasuredDiameter = true;
        }
      }
    }
    expect(sawMeasuredDiameter).toBe(true);

    // Replicate 1's last year, counted from its final trees: each species and class of zone "open".
    const trees = result.trees!;
    const z = result.zones.indexOf('open');
    const area = result.zoneAreaHa[z - 1];
    const s = st.perReplicate[1];
    const heightCounts = new Array(HEIGHT_CLASSES).fill(0);
    const diameterCounts = new Array(DIAMETER_CLASSES).fill(0);
    const bySpecies = new Array(layout.species).fill(0);
    for (let i = 0; i < trees.count; i++) {
      if (trees.zone[i] !== z || trees.status[i] !== 1) continue;
      const h = trees.height[i];
      const d = trees.diameter[i];
      bySpecies[trees.species[i]]++;
      heightCounts[HEIGHT_CLASS_EDGES_M.filter((e) => e <= h).length]++;
      diameterCounts[h < 1.3 ? 0 : 1 + DIAMETER_CLASS_EDGES_CM.filter((e) => e <= d).length]++;
    }
    for (let sp = 0; sp < layout.species; sp++) {
      expect(s[speciesIndex(layout, result.years, z, sp, field('stems_per_ha'))]).toBeCloseTo(bySpecies[sp] / area, 6);
    }
    for (let k = 0; k < HEIGHT_CLASSES; k++) expect(s[classIndex(layout, result.years, z, 'height', k)]).toBeCloseTo(heightCounts[k] / area, 6);
    for (let k = 0; k < DIAMETER_CLASSES; k++) expect(s[classIndex(layout, result.years, z, 'diameter', k)]).toBeCloseTo(diameterCounts[k] / area, 6);
    expect(bySpecies.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);

    // Recording the structure draws nothing and changes no metric; one thread or two give the same bytes.
    const without = await runScenario(loaded, { threads: 1 });
    expect(without.structure).toBeUndefined();
    expect(yearlyMetricsCsv(without)).toBe(yearlyMetricsCsv(result));
    const oneThread = await runScenario(loaded, { threads: 1, structure: true });
    expect(speciesCsv(oneThread)).toBe(speciesCsv(result));
    expect(sizeClassesCsv(oneThread)).toBe(sizeClassesCsv(result));
  }, 120_000);
});
