import { describe, expect, it } from 'vitest';
import { expandVariants } from '../../sim/sweep/variants.js';
import { sweepSchema } from '../../sim/sweep/spec.js';
import { sweepCandidates, sweepValues, type SweepCandidate } from '../../renderer/app/sweepVariables.js';
import { twoZoneScenario } from '../helpers.js';

// What a sweep in the page may vary is read off the plan, and the values typed become a sweep file's
// variables, checked against the scenario's ranges with the variable and the value named.

const plan = twoZoneScenario({ herbivores: [{ kind: 'red_deer', densityPerKm2: 25 }, { kind: 'red_deer', count: 12, cullingRate: 0.1 }] });
const candidates = sweepCandidates(plan);
const byId = (id: string): SweepCandidate => candidates.find((c) => c.id === id)!;

describe('the variables a sweep of the plan offers', () => {
  it('lists each herd, each zone and the fences, with unique column names', () => {
    expect(candidates.map((c) => [c.id, c.name, c.path])).toEqual([
      ['herd-density:0', 'red_deer_per_km2', 'herbivores[0].densityPerKm2'],
      ['herd-culling:0', 'red_deer_culling', 'herbivores[0].cullingRate'],
      // A herd given as a head count has no density to vary.
      ['herd-culling:1', 'red_deer_culling_2', 'herbivores[1].cullingRate'],
      ['zone-density:inside', 'density_inside', 'plantings[0].density'],
      ['zone-shelters:inside', 'shelters_inside', 'plantings[0].shelters'],
      ['zone-density:open', 'density_open', 'plantings[1].density'],
      ['zone-shelters:open', 'shelters_open', 'plantings[1].shelters'],
      ['fences', 'fences', 'fences'],
    ]);
    expect(byId('herd-density:0').suggested).toBe('0, 25, 50');
    expect(sweepCandidates({ ...plan, fences: [] }).some((c) => c.id === 'fences')).toBe(false);
  });

  it('turns the values typed into a sweep file variable, or names the variable and the bad value', () => {
    expect(sweepValues(byId('herd-density:0'), ' 0, 8,20 ')).toEqual({ variable: { name: 'red_deer_per_km2', path: 'herbivores[0].densityPerKm2', values: [0, 8, 20] } });
    expect(sweepValues(byId('zone-density:open'), '1100, 0')).toEqual({ problem: 'zone open planting density, stems/ha: "0" is outside the range the scenario allows (more than 0 and at most 40,000 stems/ha)' });
    expect(sweepValues(byId('herd-culling:0'), '0, 1.5')).toEqual({ problem: 'red deer culled each year, fraction 0–1: "1.5" is outside the range the scenario allows (from 0 to 1)' });
    expect(sweepValues(byId('herd-density:0'), '5, five')).toEqual({ problem: 'red deer density, per km²: "five" is not a number' });
    expect(sweepValues(byId('herd-density:0'), '5, 5.0')).toEqual({ problem: 'red deer density, per km²: 5.0 is given twice' });
    expect(sweepValues(byId('herd-density:0'), ' , ')).toEqual({ problem: 'red deer density, per km²: give its values, separated by commas' });
    expect(sweepValues(byId('zone-shelters:inside'), 'off, 1.2, 1.8 m')).toEqual({
      variable: { name: 'shelters_inside', path: 'plantings[0].shelters', values: { off: null, '1.2 m': { height: 1.2 }, '1.8 m': { height: 1.8 } } },
    });
    expect(sweepValues(byId('zone-shelters:inside'), 'off, 6')).toEqual({ problem: 'zone inside shelters, off or height in m: "6" is outside the range the scenario allows (more than 0 and at most 5 m)' });
    expect(sweepValues(byId('fences'), 'none, all')).toEqual({ variable: { name: 'fences', path: 'fences', values: { none: [], all: plan.fences } } });
    expect(sweepValues(byId('fences'), 'none, some')).toEqual({ problem: 'the plan\'s fences, none or all: "some" is neither none nor all' });
  });

  it('makes variables a sweep file takes, whose variants carry the values', () => {
    const variables = [sweepValues(byId('zone-shelters:open'), 'off, 1.2'), sweepValues(byId('fences'), 'none, all')].map((v) => ('variable' in v ? v.variable : null)!);
    const sweep = sweepSchema.parse({ name: 'page sweep', base: plan, variables });
    const { variants, issues } = expandVariants(sweep, { ...plan, plantings: plan.plantings.map((p) => ({ ...p, shelters: { height: 1.8 } })) });
    expect(issues).toEqual([]);
    expect(variants.map((v) => v.labels)).toEqual([['off', 'none'], ['off', 'all'], ['1.2 m', 'none'], ['1.2 m', 'all']]);
    const [first, , last] = [variants[0], variants[1], variants[3]].map((v) => v.scenario as typeof plan);
    expect(first.plantings[1].shelters).toBeUndefined();
    expect(first.fences).toEqual([]);
    expect(last.plantings[1].shelters).toEqual({ height: 1.2 });
    expect(last.fences).toEqual(plan.fences);
  });
});
