import { describe, expect, it } from 'vitest';
import { carbonUnitRules, carbonUnitSchedule } from '../../sim/shared/carbonUnits.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { runScenario } from '../../sim/run/runner.js';
import { loadScenario, type LoadedScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import type { StrategyRow } from '../../sim/shared/strategyComparison.js';
import { runStrategies, strategyScenario } from '../../sim/strategy/run.js';
import { StrategyError, parseStrategies, parseStrategy } from '../../sim/shared/strategySpec.js';
import { twoZoneScenario as twoZones } from '../helpers.js';
import { strategiesCsv } from '../../sim/output/comparison.js';
import { billOfQuantities } from '../../sim/pageViews/bill.js';
import { openRing, pointInPolygon, polylineLength } from '../../sim/shared/polygon.js';

const load = (json: ScenarioInput) => loadScenario(structuredClone(json), { baseDir: process.cwd(), label: 'test' });
const row = (rows: StrategyRow[], strategy: string, zone: string) => rows.find((r) => r.strategy === strategy && r.zone === zone)!;

describe('strategy names', () => {
  it('parses parts, mixes and refuses what it cannot read, naming it', () => {
    expect(parseStrategy('fence+cull:5', ['a']).all).toEqual({ fence: true, cullTo: 5 });
    expect(parseStrategy('shelters:1.8', ['a']).all).toEqual({ fence: false, shelterHeight: 1.8 });
    const mix = parseStrategy('a=fence/b=shelters:1.2', ['a', 'b']);
    expect(mix.zones.get('b')).toEqual({ fence: false, shelterHeight: 1.2 });
    expect(() => parseStrategy('shelter:1.2', ['a'])).toThrow(/unknown part "shelter:1.2"/);
    expect(() => parseStrategy('shelters', ['a'])).toThrow(/shelters need a height/);
    expect(() => parseStrategy('c=fence', ['a', 'b'])).toThrow(/no zone is named "c"/);
    expect(() => parseStrategy('a=cull:5/b=fence', ['a', 'b'])).toThrow(/whole herd/);
    expect(() => parseStrategies('none,none', ['a'])).toThrow(StrategyError);
    expect(parseStrategy('enclose', ['a']).all).toEqual({ fence: false, enclose: 'deer_fence' });
    expect(parseStrategy('enclose:stock_fence+cull:3', ['a']).all).toEqual({ fence: false, enclose: 'stock_fence', cullTo: 3 });
    expect(() => parseStrategy('enclose:Deer Fence', ['a'])).toThrow(/enclose takes a fence type id/);
  });
});

describe('comparing protection strategies', () => {
  let loaded: LoadedScenario;
  const strategies = () => parseStrategies('none,fence,shelters:1.2,shelters:1.8,cull:5,fence+cull:5,inside=fence/open=shelters:1.8', ['inside', 'open']);

  it('uses common random numbers: every strategy plants the same trees, and no protection gives the same run whatever it is compared with', async () => {
    loaded = await load(twoZones());
    const all = strategies();
    const none = all[0];
    const [a, b] = await Promise.all([
      runStrategies(loaded, [none, all[1]], 'test', { threads: 2 }),
      runStrategies(loaded, [all[2], none, all[4]], 'test', { threads: 1 }),
    ]);
    expect(a.runs[0].perReplicate).toEqual(b.runs[1].perReplicate);
    // ...and the same as running the plan with its protection taken away by hand.
    const json = twoZones();
    json.fences = [];
    const plain = await runScenario(await load(json), { threads: 2 });
    expect(plain.perReplicate).toEqual(a.runs[0].perReplicate);

    // Planting draws its own stream: the same trees stand at year 0 under every strategy.
    const firstTrees = async (label: string) => {
      const plan = await strategyScenario(loaded, parseStrategy(label, ['inside', 'open']), 'test');
      return (await runScenario(plan, { threads: 1, treesReplicate: 0 })).trees!;
    };
    const [t0, t1] = await Promise.all([firstTrees('none'), firstTrees('shelters:1.8')]);
    const planted = (t: typeof t0) => ({ x: Array.from(t.x.slice(0, 3000)), species: Array.from(t.species.slice(0, 3000)) });
    expect(planted(t1)).toEqual(planted(t0));
  });

  it('encloses a zone in a new priced fence, and says where "fence" is no protection because the plan has no fence there', async () => {
    loaded ??= await load(twoZones());
    const list = parseStrategies('none,fence,enclose,inside=fence/open=enclose,inside=fence/open=none', ['inside', 'open']);
    // The new fence: closed, round the open zone and 5 m clear of it, a deer fence, billed per metre.
    const plan = await strategyScenario(loaded, list[3], 'test');
    const sc = plan.resolved.scenario;
    expect(sc.fences.map((f) => f.name)).toEqual(['deer fence', 'open enclosure']);
    const fence = sc.fences[1];
    expect(fence).toMatchObject({ type: 'deer_fence', closed: true, installYear: 0, protects: ['open'] });
    const zone = openRing(sc.plantings[1].polygon);
    for (const [x, y] of zone) expect(pointInPolygon(openRing(fence.path), x, y)).toBe(true);
    const clearance = Math.min(...zone.flatMap(([x, y]) => openRing(fence.path).map(([fx, fy]) => Math.hypot(fx - x, fy - y))));
    expect(clearance).toBeGreaterThanOrEqual(5 - 1e-6);
    const line = billOfQuantities(plan.resolved).find((l) => l.item === 'fence' && l.of === 'open enclosure')!;
    expect(line.quantity).toBeCloseTo(polylineLength(openRing(fence.path), true), 6);
    expect(line.rate).toBe(plan.resolved.effective.fences[1].costPerMetre);

    const { comparison: c } = await runStrategies(loaded, list, 'test', { threads: 2 });
    const open = (s: string) => row(c.rows, s, 'open');
    // "fence" gives the open zone no protection of its own (its figures are those of leaving it open
    // while the other zone is fenced), and says so; on the fenced zone it protects.
    expect(open('fence').note).toMatch(/no fence of the plan protects zone "open", so this is no protection for it/);
    expect(open('fence').cost).toEqual(open('inside=fence/open=none').cost);
    expect(open('fence').carbonHorizon).toEqual(open('inside=fence/open=none').carbonHorizon);
    expect(open('fence').survival).toBeLessThan(open('enclose').survival);
    expect(row(c.rows, 'fence', 'inside').note).toBeUndefined();
    expect(row(c.rows, 'fence', 'all').note).toBeUndefined();
    // Enclosed, the open zone pays for its fence and keeps more of its trees from the deer.
    expect(open('enclose').note).toBeUndefined();
    expect(open('enclose').cost.mean).toBeGreaterThan(open('none').cost.mean + line.cost * 0.5);
    expect(open('enclose').survival).toBeGreaterThan(open('none').survival);
    expect(open('inside=fence/open=enclose').survival).toBeGreaterThan(open('inside=fence/open=none').survival);
    expect(strategiesCsv(c).split('\n')[0].endsWith(',note')).toBe(true);
  });

  it('never prices a stronger protection below a weaker one, and its marginal cost is the difference of totals over the difference of tonnes', async () => {
    loaded ??= await load(twoZones());
    const list = strategies();
    const { comparison: c } = await runStrategies(loaded, list, 'test', { threads: 2 });
    expect(c.currency).toBe('GBP');
    for (const zone of ['all', 'inside', 'open']) {
      const cost = (s: string) => row(c.rows, s, zone).cost.mean;
      expect(cost('fence')).toBeGreaterThanOrEqual(cost('none'));
      expect(cost('fence+cull:5')).toBeGreaterThanOrEqual(cost('fence'));
      expect(cost('fence+cull:5')).toBeGreaterThanOrEqual(cost('cull:5'));
      expect(cost('shelters:1.8')).toBeGreaterThanOrEqual(cost('shelters:1.2'));
      const rows = c.rows.filter((r) => r.zone === zone);
      const cheapest = rows.reduce((m, r) => (r.cost.mean < m.cost.mean ? r : m));
      for (const r of rows) {
        expect(r.cheapest).toBe(cheapest.strategy);
        const extra = r.carbonHorizon.mean - cheapest.carbonHorizon.mean;
        if (r === cheapest || extra <= 0) expect(r.marginalCostPerTco2e).toBeNull();
        else expect(r.marginalCostPerTco2e!).toBeCloseTo((r.cost.mean - cheapest.cost.mean) / extra, 6);
        expect(r.costPerTco2e!).toBeCloseTo(r.cost.mean / r.carbonHorizon.mean, 6);
      }
    }
    // The fence is charged to the zone it protects: the open zone pays nothing for it. (Beating up
    // replaces the dead trees of each zone at its own cost, which the fence changes; this scenario's
    // beating up is off in the next run so the fence's own charge is all that differs.)
    const noBeatingUp = await runStrategies(await load(twoZones({ beatingUp: 'none' })), list.slice(0, 2), 'test', { threads: 2 });
    expect(row(noBeatingUp.comparison.rows, 'fence', 'open').cost.mean).toBeCloseTo(row(noBeatingUp.comparison.rows, 'none', 'open').cost.mean, 6);
    expect(row(c.rows, 'fence', 'inside').cost.mean).toBeGreaterThan(row(c.rows, 'none', 'inside').cost.mean + 8000);
    // Protection works: more of the inside zone's trees survive behind the fence than with none.
    expect(row(c.rows, 'fence', 'inside').survival).toBeGreaterThan(row(c.rows, 'none', 'inside').survival + 0.05);
    // The mix fences one zone and shelters the other: each zone as under that strategy alone.
    expect(row(c.rows, 'inside=fence/open=shelters:1.8', 'inside').cost.mean).toBeCloseTo(row(c.rows, 'fence', 'inside').cost.mean, 6);
    expect(row(c.rows, 'inside=fence/open=shelters:1.8', 'open').cost.mean).toBeCloseTo(row(c.rows, 'shelters:1.8', 'open').cost.mean, 6);
    // Pairwise shares are of the same replicates: a strategy and another cannot both be cheaper.
    for (const p of c.pairs) {
      const back = c.pairs.find((q) => q.zone === p.zone && q.strategy === p.other && q.other === p.strategy)!;
      expect(p.pCheaperPerTonne + back.pCheaperPerTonne).toBeLessThanOrEqual(1);
      expect(p.pCheaperPerTonne * c.replicates).toBeCloseTo(Math.round(p.pCheaperPerTonne * c.replicates), 9);
    }
  });
});

describe('carbon units', () => {
  it('issues the claimable units not yet issued at each verification year, net of baseline and buffer', async () => {
    const json = twoZones({ years: 16, replicates: 1, herbivores: [], fences: [] });
    json.appraisal = { carbonUnits: { baselineTco2ePerHaPerYear: 0.5, buffer: 0.2 } };
    const plan = await load(json);
    const result = await runScenario(plan, { threads: 1 });
    const sc = plan.resolved.scenario;
    const rules = carbonUnitRules(sc.appraisal, sc.years);
    expect(rules.verificationYears).toEqual([5, 15]);
    expect(result.zoneAreaHa).toEqual([4, 4]);
    const rows = carbonUnitSchedule(result, rules);
    expect(rows.length).toBe(3 * 17);
    const zc = result.zones.length;
    let issuedBefore = 0;
    for (const r of rows.filter((x) => x.zone === 'inside')) {
      const carbon = (y: number) => result.perReplicate[0][metricIndex(zc, y, 1, M.carbon_tco2e)];
      const net = carbon(r.year) - carbon(0) - 0.5 * 4 * r.year;
      const claimable = Math.max(0, net) * 0.8;
      expect(r.values.net[1]).toBeCloseTo(net, 9);
      expect(r.values.claimable[1]).toBeCloseTo(claimable, 9);
      const issued = r.verification ? Math.max(0, claimable - issuedBefore) : 0;
      expect(r.values.issued[1]).toBeCloseTo(issued, 9);
      issuedBefore += issued;
      expect(r.values.issued_to_date[1]).toBeCloseTo(issuedBefore, 9);
    }
    expect(issuedBefore).toBeGreaterThan(0);
  });
});
