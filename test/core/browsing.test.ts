import { describe, expect, it } from 'vitest';
import { Site } from '../../sim/model/site.js';
import { simulateReplicate } from '../../sim/model/simulation.js';
import { DeathCause } from '../../sim/model/trees.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { smallScenario, tempDir } from '../helpers.js';

const zoneA = [[60, 100], [180, 100], [180, 300], [60, 300]] as [number, number][];
const zoneB = [[220, 100], [340, 100], [340, 300], [220, 300]] as [number, number][];

function twoZones(extra: Partial<ScenarioInput>): ScenarioInput {
  const base = smallScenario({ years: 12, climate: { droughtProbability: 0, droughtSeverity: 0 }, ...extra });
  const mix = [
    { species: 'rowan', fraction: 0.5 },
    { species: 'downy_birch', fraction: 0.5 },
  ];
  base.plantings = [
    { name: 'a', polygon: zoneA, species: mix, density: 2500 },
    { name: 'b', polygon: zoneB, species: mix, density: 2500 },
  ];
  return base;
}

async function run(sc: ScenarioInput, replicate = 0) {
  const loaded = await loadScenario(sc, { baseDir: tempDir() });
  const site = new Site(loaded.resolved, loaded.terrain);
  const outcome = simulateReplicate(site, { replicate });
  const at = (year: number, zone: number, metric: number) => outcome.values[metricIndex(3, year, zone, metric)];
  return { ...outcome, at, years: loaded.resolved.scenario.years };
}

describe('browsing, fences and shelters', () => {
  it('deer browse saplings, cut survival and growth, and kill by repeated browsing', async () => {
    const without = await run(twoZones({}));
    const withDeer = await run(twoZones({ herbivores: [{ kind: 'red_deer', count: 12 }] }));
    let browsed = 0;
    for (let y = 1; y <= 12; y++) browsed += withDeer.at(y, 0, M.browsed);
    expect(without.at(5, 0, M.browsed)).toBe(0);
    expect(browsed).toBeGreaterThan(1000);
    expect(withDeer.at(12, 0, M.survival)).toBeLessThan(without.at(12, 0, M.survival) - 0.1);
    expect(withDeer.at(12, 0, M.mean_height_m)).toBeLessThan(without.at(12, 0, M.mean_height_m));
    let killedByBrowsing = 0;
    for (let i = 0; i < withDeer.trees.count; i++) if (withDeer.trees.cause[i] === DeathCause.Browsing) killedByBrowsing++;
    expect(killedByBrowsing).toBeGreaterThan(100);
  });

  it('prefers palatable species', async () => {
    // Light pressure for one year, so that choice, not exhaustion, decides what is browsed.
    const { trees } = await run(twoZones({ years: 1, herbivores: [{ kind: 'red_deer', count: 1 }], herbivoreSteps: { stepsPerDay: 24, daysPerYear: 20 } }));
    const rowanCode = 0; // first species of the mix
    const browsed = [0, 0];
    const total = [0, 0];
    for (let i = 0; i < trees.count; i++) {
      const k = trees.species[i] === rowanCode ? 0 : 1;
      total[k]++;
      if (trees.browseCount[i] > 0) browsed[k]++;
    }
    expect(browsed[1]).toBeGreaterThan(0);
    // Rowan's palatability is twice birch's in the library.
    expect(browsed[0] / total[0]).toBeGreaterThan((browsed[1] / total[1]) * 1.4);
  });

  it('a deer fence keeps deer out of the zone it encloses and its saplings alive', async () => {
    const sc = twoZones({
      herbivores: [{ kind: 'red_deer', count: 12 }],
      fences: [{ name: 'fence', type: 'deer_fence', closed: true, path: [[50, 90], [190, 90], [190, 310], [50, 310]], breachRatePerKmPerYear: 0 }],
    });
    const r = await run(sc);
    let inside = 0;
    let browsedInside = 0;
    for (let y = 1; y <= 12; y++) {
      inside += r.at(y, 1, M.herbivores_inside);
      browsedInside += r.at(y, 1, M.browsed);
    }
    expect(inside).toBe(0);
    expect(browsedInside).toBe(0);
    expect(r.at(12, 1, M.survival)).toBeGreaterThan(r.at(12, 2, M.survival) + 0.1);
    expect(r.at(12, 1, M.cost)).toBeGreaterThan(r.at(12, 2, M.cost));
  });

  it('a breaching fence lets deer in', async () => {
    const sc = twoZones({
      herbivores: [{ kind: 'red_deer', count: 12 }],
      fences: [{ name: 'fence', type: 'deer_fence', closed: true, path: [[50, 90], [190, 90], [190, 310], [50, 310]], breachRatePerKmPerYear: 40, repairDelayDays: 120 }],
    });
    const r = await run(sc);
    let inside = 0;
    let breaches = 0;
    for (let y = 1; y <= 12; y++) {
      inside += r.at(y, 1, M.herbivores_inside);
      breaches += r.at(y, 1, M.fence_breaches);
    }
    expect(breaches).toBeGreaterThan(0);
    expect(inside).toBeGreaterThan(0);
  });

  it('tree shelters protect saplings until they outgrow them', async () => {
    const sc = twoZones({ herbivores: [{ kind: 'red_deer', count: 12 }] });
    sc.plantings[0].shelters = { height: 1.2, costPerTree: 2 };
    const r = await run(sc);
    const { trees } = r;
    let early = 0;
    for (let i = 0; i < trees.count; i++) {
      if (trees.zone[i] !== 1) continue;
      // A sheltered tree is only ever browsed after it is taller than its shelter.
      if (trees.browseCount[i] > 0) expect(trees.height[i]).toBeGreaterThan(1.2 * 0.85);
    }
    // Inside its shelter a broadleaf grows faster and emerges from a 1.2 m shelter in its third year.
    for (let y = 1; y <= 2; y++) early += r.at(y, 1, M.browsed);
    expect(early).toBe(0);
    expect(r.at(3, 2, M.browsed)).toBeGreaterThan(0);
    expect(r.at(12, 1, M.survival)).toBeGreaterThan(r.at(12, 2, M.survival));
    expect(r.at(0, 1, M.cost) - r.at(0, 2, M.cost)).toBeCloseTo(2 * r.at(0, 1, M.planted), 6);
  });

  it('a browsed transplant falls behind an unbrowsed one, never ahead', async () => {
    // One species, light pressure: some saplings browsed, some never.
    const sc = twoZones({ years: 5, herbivores: [{ kind: 'red_deer', count: 1 }] });
    for (const p of sc.plantings) p.species = [{ species: 'rowan', fraction: 1 }];
    const { trees } = await run(sc);
    let browsedSum = 0;
    let browsedN = 0;
    let cleanSum = 0;
    let cleanN = 0;
    for (let i = 0; i < trees.count; i++) {
      if (trees.status[i] !== 1) continue;
      if (trees.browseCount[i] > 0) {
        browsedSum += trees.height[i];
        browsedN++;
      } else {
        cleanSum += trees.height[i];
        cleanN++;
      }
    }
    expect(browsedN).toBeGreaterThan(0);
    expect(cleanN).toBeGreaterThan(0);
    expect(browsedSum / browsedN).toBeLessThan(cleanSum / cleanN);
  });

  it('keeps a herd at the size it was given, and grows it only as written', async () => {
    const sc = (extra: object) =>
      smallScenario({
        years: 6,
        terrain: { type: 'procedural', width: 1000, height: 1000, cellSize: 10, relief: 0, shape: 'flat' },
        herbivores: [{ kind: 'roe_deer', count: 20, ...extra }],
      });
    const steady = await run(sc({}));
    const grown = await run(sc({ annualGrowthRate: 0.3 }));
    const culled = await run(sc({ cullingRate: 0.2 }));
    const density = (r: typeof steady, y: number) => r.values[metricIndex(2, y, 0, M.herbivore_density_per_km2)];
    for (let y = 0; y <= 6; y++) expect(density(steady, y) * 1).toBeCloseTo(density(steady, 0), 9);
    // 20 animals on 1 km²: 20 per km² every year.
    expect(density(steady, 6)).toBeCloseTo(20, 6);
    // Growth from year 2 on: 20 × 1.3^5 ≈ 74 expected by year 6; culling 20 × 0.8^5 ≈ 6.6.
    expect(density(grown, 6)).toBeGreaterThan(45);
    expect(density(grown, 6)).toBeLessThan(110);
    expect(density(culled, 6)).toBeLessThan(12);
  });

  it('keeps animals whose area is a fenced paddock inside it', async () => {
    const paddock: [number, number][] = [[20, 20], [380, 20], [380, 380], [20, 380]];
    const sc = smallScenario({
      years: 2,
      fences: [{ name: 'paddock', type: 'stock_fence', path: paddock, closed: true }],
      herbivores: [{ kind: 'sheep', count: 50, area: paddock }],
    });
    const r = await run(sc);
    expect(r.values[metricIndex(2, 2, 0, M.herbivores_inside)]).toBe(50);
    expect(r.values[metricIndex(2, 1, 1, M.browsed)]).toBeGreaterThan(0);
  });

  it('regeneration adds seedlings near mature trees when enabled', async () => {
    const sc = smallScenario({ years: 40, regeneration: { enabled: true } });
    const r = await run({ ...sc, plantings: [{ ...sc.plantings[0], density: 400 }] });
    const at = (y: number, m: number) => r.values[metricIndex(2, y, 0, m)];
    expect(at(10, M.regenerated)).toBe(0);
    expect(at(40, M.regenerated)).toBeGreaterThan(0);
  });
});
