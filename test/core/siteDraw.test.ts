import { describe, expect, it } from 'vitest';
import { Site } from '../../sim/model/site.js';
import { NEUTRAL_DRAW, type SiteDraw } from '../../sim/model/siteDraw.js';
import { simulateReplicate } from '../../sim/model/simulation.js';
import { DeathCause } from '../../sim/model/trees.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { tempDir, twoZoneScenario } from '../helpers.js';

// A site draw (what a survey may find different from the plan) moves the model the way each multiplier
// says, and the neutral draw changes nothing at all.

describe('site draws', () => {
  it('scale the herd, planting failure, growth and fence breaches, and the neutral draw is the plan itself', async () => {
    const loaded = await loadScenario(twoZoneScenario({ years: 8, climate: { droughtProbability: 0, droughtSeverity: 0 }, herbivores: [{ kind: 'red_deer', densityPerKm2: 5 }] }), { baseDir: tempDir() });
    const site = new Site(loaded.resolved, loaded.terrain);
    const run = (draw?: Partial<SiteDraw>) => simulateReplicate(site, { replicate: 0, ...(draw ? { draw: { ...NEUTRAL_DRAW, ...draw } } : {}) });
    const zones = 3;
    const total = (values: Float64Array, metric: number, zone = 0) => {
      let sum = 0;
      for (let y = 1; y <= 8; y++) sum += values[metricIndex(zones, y, zone, metric)];
      return sum;
    };
    const plan = run();
    expect(run(NEUTRAL_DRAW).values).toEqual(plan.values);

    // Twice the deer: the open zone loses more leaders (5 deer/km², well below where browsing saturates).
    const open = 2;
    expect(total(run({ herbivores: 2 }).values, M.browsed, open)).toBeGreaterThan(1.3 * total(plan.values, M.browsed, open));
    expect(total(run({ herbivores: 0.25 }).values, M.browsed, open)).toBeLessThan(0.6 * total(plan.values, M.browsed, open));

    // Three times the planting failure: three times the first-year failures, near enough.
    const failures = (trees: typeof plan.trees) => {
      let n = 0;
      for (let i = 0; i < trees.count; i++) if (trees.cause[i] === DeathCause.PlantingFailure) n++;
      return n;
    };
    const baseFailures = failures(plan.trees);
    expect(baseFailures).toBeGreaterThan(20);
    const tripled = failures(run({ plantingFailure: 3 }).trees);
    expect(tripled / baseFailures).toBeGreaterThan(2.4);
    expect(tripled / baseFailures).toBeLessThan(3.6);

    // Faster growth: taller trees in the fenced zone, where browsing does not cut them back.
    const inside = 1;
    const height = (values: Float64Array) => values[metricIndex(zones, 8, inside, M.mean_height_m)];
    expect(height(run({ growth: 1.3 }).values)).toBeGreaterThan(1.15 * height(plan.values));
    expect(height(run({ growth: 0.7 }).values)).toBeLessThan(0.9 * height(plan.values));

    // Fences breached ten times as often.
    expect(total(run({ fenceBreaches: 10 }).values, M.fence_breaches, inside)).toBeGreaterThan(total(plan.values, M.fence_breaches, inside) + 2);
  });
});
