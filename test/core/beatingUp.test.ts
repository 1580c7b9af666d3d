import { describe, expect, it } from 'vitest';
import { billOfQuantities } from '../../sim/pageViews/bill.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { runScenario } from '../../sim/run/runner.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { smallScenario } from '../helpers.js';

const load = (json: ScenarioInput) => loadScenario(json, { baseDir: process.cwd(), label: 'test' });

/** Unprotected birch under heavy browsing: the zone falls below 1,500 stems/ha within a few years. */
const browsed = (beatingUp: ScenarioInput['beatingUp']) =>
  smallScenario({
    years: 8,
    replicates: 2,
    climate: 'none',
    herbivores: [{ kind: 'red_deer', densityPerKm2: 60 }],
    beatingUp,
  });

describe('beating up', () => {
  it('replants dead places up to the target in the years given, at the planting rate per tree, and only then', async () => {
    const target = 1500;
    const loaded = await load(browsed({ years: 4, targetPerHa: target }));
    const run = await runScenario(loaded, { threads: 1 });
    const plain = await runScenario(await load(browsed('none')), { threads: 1 });
    const perTree = loaded.resolved.effective.costs.plantings[0].perTree;
    const at = (r: typeof run, rep: number, year: number, metric: number) => r.perReplicate[rep][metricIndex(r.zones.length, year, 1, metric)];
    let replanted = 0;
    for (let rep = 0; rep < 2; rep++) {
      let sum = 0;
      for (let y = 1; y <= 8; y++) {
        const beaten = at(run, rep, y, M.beaten_up);
        sum += beaten;
        if (y > 4) expect(beaten).toBe(0);
        // Every replant is paid for at the zone's planting rate, over what the plan costs without them.
        expect(at(run, rep, y, M.cost) - at(plain, rep, y, M.cost)).toBeCloseTo(sum * perTree, 6);
        // Planted so far counts the replants.
        expect(at(run, rep, y, M.planted) - at(plain, rep, y, M.planted)).toBe(sum);
        // In a year it replants, the zone ends the year holding its target.
        if (beaten > 0) expect(at(run, rep, y, M.stems_per_ha)).toBeGreaterThanOrEqual(target - 1e-9);
      }
      replanted += sum;
    }
    expect(replanted).toBeGreaterThan(0);
    // The bill of a run carries the mean of its replicates' replants at the zone's rate.
    const line = billOfQuantities(loaded.resolved, 0, run).find((l) => l.item === 'beating up')!;
    expect(line.quantity).toBe(Math.round(replanted / 2));
    expect(line.cost).toBeCloseTo(line.quantity * perTree, 6);
    expect(billOfQuantities(loaded.resolved).find((l) => l.item === 'beating up')).toBeUndefined();
    // Without beating up the same zone falls below the target within those years.
    const lowest = Math.min(...[1, 2, 3, 4].map((y) => at(plain, 0, y, M.stems_per_ha)));
    expect(lowest).toBeLessThan(target);
  });

  it("takes the appraisal's stocking target and year when it gives none, and replants nothing above the target", async () => {
    const loaded = await load(browsed({}));
    expect(loaded.resolved.effective.beatingUp).toEqual({ years: 5, targetPerHa: 1100 });
    const high = await load(smallScenario({ climate: 'none', appraisal: { stockingTargetPerHa: 200, stockingYear: 3 } }));
    expect(high.resolved.effective.beatingUp).toEqual({ years: 3, targetPerHa: 200 });
    const run = await runScenario(high, { threads: 1 });
    for (let y = 0; y <= run.years; y++) expect(run.summary.mean[metricIndex(run.zones.length, y, 1, M.beaten_up)]).toBe(0);
  });
});
