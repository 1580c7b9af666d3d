import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../sim/scenario/library.js';
import { Site } from '../../sim/model/site.js';
import { simulateReplicate } from '../../sim/model/simulation.js';
import { TreeStatus, TreeStore } from '../../sim/model/trees.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { smallScenario, tempDir } from '../helpers.js';

const library = loadLibrary();

describe('growth on an ideal site without browsing', () => {
  for (const [id, params] of Object.entries(library.species)) {
    it(`${id} follows its published height-over-age curve within ±25% from age 20`, async () => {
      const lastAge = Math.max(...params.height.reference.map(([age]) => age));
      const sc = smallScenario({
        years: lastAge,
        climate: { droughtProbability: 0, droughtSeverity: 0 },
        // An ideal site: no limit from elevation, slope or wetness.
        species: { [id]: { site: { elevationOptimumMax: 5000, elevationLimit: 6000, slopeLimit: 89, wetnessOptimum: [-100, 100] } } },
      });
      sc.plantings[0].species = [{ species: id, fraction: 1 }];
      sc.plantings[0].density = 25;
      const loaded = await loadScenario(sc, { baseDir: tempDir() });
      const site = new Site(loaded.resolved, loaded.terrain);
      const { values } = simulateReplicate(site, { replicate: 0 });
      for (const [age, published] of params.height.reference.filter(([a]) => a >= 20)) {
        const simulated = values[metricIndex(2, age, 1, M.mean_height_m)];
        expect(Math.abs(simulated - published) / published, `${id} at age ${age}: ${simulated.toFixed(2)} m vs ${published} m`).toBeLessThanOrEqual(0.25);
      }
    });
  }

  it('grows less on an unsuitable site', async () => {
    const heightAt = async (wetnessOptimum: [number, number]) => {
      const sc = smallScenario({
        years: 30,
        climate: { droughtProbability: 0, droughtSeverity: 0 },
        species: { scots_pine: { site: { elevationOptimumMax: 5000, elevationLimit: 6000, slopeLimit: 89, wetnessOptimum, wetnessTolerance: 1000 } } },
      });
      sc.plantings[0].species = [{ species: 'scots_pine', fraction: 1 }];
      sc.plantings[0].density = 25;
      const loaded = await loadScenario(sc, { baseDir: tempDir() });
      const { values } = simulateReplicate(new Site(loaded.resolved, loaded.terrain), { replicate: 0 });
      return values[metricIndex(2, 30, 1, M.mean_height_m)];
    };
    const ideal = await heightAt([-100, 100]);
    const poor = await heightAt([400, 500]);
    expect(poor).toBeLessThan(ideal * 0.8);
  });

  it('holds carbon that rises with biomass, roots included', async () => {
    const sc = smallScenario({ years: 30, climate: { droughtProbability: 0, droughtSeverity: 0 } });
    const loaded = await loadScenario(sc, { baseDir: tempDir() });
    const { values } = simulateReplicate(new Site(loaded.resolved, loaded.terrain), { replicate: 0 });
    const birch = library.species.downy_birch;
    const ratio = ((1 + birch.rootShootRatio.value) * birch.carbonFraction.value * 44) / 12;
    for (const year of [10, 20, 30]) {
      const agb = values[metricIndex(2, year, 1, M.agb_t)];
      const co2 = values[metricIndex(2, year, 1, M.carbon_tco2e)];
      expect(agb).toBeGreaterThan(0);
      expect(co2 / agb).toBeCloseTo(ratio, 6);
    }
    expect(values[metricIndex(2, 30, 1, M.agb_t)]).toBeGreaterThan(values[metricIndex(2, 20, 1, M.agb_t)]);
  });
});

describe('tree store', () => {
  it('keeps its list of live trees when it grows to hold more', () => {
    const store = new TreeStore(16);
    store.reserve(10);
    store.count = 10;
    for (let i = 0; i < 10; i++) store.status[i] = i % 3 === 0 ? TreeStatus.Dead : TreeStatus.Alive;
    store.refreshLive();
    const before = Array.from(store.live.subarray(0, store.liveCount));
    expect(before).toEqual([1, 2, 4, 5, 7, 8]);
    store.reserve(1000);
    expect(store.capacity).toBeGreaterThanOrEqual(1010);
    expect(Array.from(store.live.subarray(0, store.liveCount))).toEqual(before);
    expect(Array.from(store.status.subarray(0, 10))).toEqual([2, 1, 1, 2, 1, 1, 2, 1, 1, 2]);
  });
});

describe('tree shelters and the planting check', () => {
  /** Each live oak's height and diameter after `years`, keyed by row, with or without shelters of `shelter` m. */
  const oaks = async (shelter: number, years: number) => {
    const sc = smallScenario({
      years,
      climate: 'none',
      beatingUp: 'none',
      species: { sessile_oak: { site: { elevationOptimumMax: 5000, elevationLimit: 6000, slopeLimit: 89, wetnessOptimum: [-100, 100] } } },
    });
    sc.plantings[0].species = [{ species: 'sessile_oak', fraction: 1 }];
    sc.plantings[0].density = 400;
    if (shelter > 0) sc.plantings[0].shelters = { height: shelter };
    const loaded = await loadScenario(sc, { baseDir: tempDir() });
    const { trees } = simulateReplicate(new Site(loaded.resolved, loaded.terrain), { replicate: 0 });
    const rows: { row: number; height: number; diameter: number }[] = [];
    for (let i = 0; i < trees.count; i++) if (trees.status[i] === TreeStatus.Alive) rows.push({ row: i, height: trees.height[i], diameter: trees.diameter[i] });
    return rows;
  };

  it("multiplies a year's growth inside the shelter by the species' gain, tree by tree", async () => {
    const gain = library.species.sessile_oak.shelterGrowthGain.value;
    const stock = library.species.sessile_oak.initialHeight.value;
    // Two years in 3 m shelters: every tree still inside, so each grew exactly `gain` times its unsheltered twin.
    const open = new Map((await oaks(0, 2)).map((t) => [t.row, t.height]));
    const inside = await oaks(3, 2);
    expect(inside.length).toBeGreaterThan(100);
    for (const t of inside) {
      const twin = open.get(t.row);
      if (twin === undefined) continue;
      expect(t.height - stock).toBeCloseTo(gain * (twin - stock), 3);
    }
    // Oak's own planting check: unsheltered oak grows about the 45 cm in 3 years of Tuley's mesh-guarded trees.
    const three = await oaks(0, 3);
    const meanGrowth = three.reduce((a, t) => a + t.height - stock, 0) / three.length;
    expect(meanGrowth).toBeGreaterThan(0.38);
    expect(meanGrowth).toBeLessThan(0.52);
  });

  it('leaves a sheltered tree thinner than an open-grown tree of its height', async () => {
    const sheltered = (await oaks(1.8, 5)).filter((t) => t.height > 2 && t.height < 3);
    const open = (await oaks(0, 9)).filter((t) => t.height > 2 && t.height < 3);
    expect(sheltered.length).toBeGreaterThan(20);
    expect(open.length).toBeGreaterThan(20);
    const ratio = (ts: typeof open) => ts.reduce((a, t) => a + t.diameter / (t.height - 1.3), 0) / ts.length;
    expect(ratio(sheltered)).toBeLessThan(ratio(open) * 0.8);
  });
});

describe('climate', () => {
  it('"none" has no drought years, and a scenario without a climate takes the library\'s drought frequency', async () => {
    const none = await loadScenario(smallScenario({ climate: 'none' }), { baseDir: tempDir() });
    expect(none.resolved.effective.climate).toEqual({ droughtProbability: 0, droughtSeverity: 0 });
    const zero = await loadScenario(smallScenario({ climate: { droughtProbability: 0, droughtSeverity: 0 } }), { baseDir: tempDir() });
    const run = (l: typeof none) => simulateReplicate(new Site(l.resolved, l.terrain), { replicate: 0 }).values;
    expect(run(none)).toEqual(run(zero));
    const plain = await loadScenario(smallScenario(), { baseDir: tempDir() });
    expect(plain.resolved.effective.climate).toEqual({
      droughtProbability: library.processes.climate.droughtProbability.value,
      droughtSeverity: library.processes.climate.droughtSeverity.value,
    });
    const own = await loadScenario(smallScenario({ climate: { droughtSeverity: 0.2 } }), { baseDir: tempDir() });
    expect(own.resolved.effective.climate.droughtSeverity).toBe(0.2);
    expect(own.resolved.effective.climate.droughtProbability).toBe(library.processes.climate.droughtProbability.value);
  });
});
