import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointInPolygon } from '../../sim/shared/polygon.js';
import { decodePlan, genesOf } from '../../sim/optimise/decisions.js';
import { dominates, nonDominatedFronts, rankAll, type Scored } from '../../sim/optimise/nsga2.js';
import { decisionsSchema } from '../../sim/optimise/spec.js';
import { scenarioSchema, type Scenario } from '../../sim/scenario/schema.js';
import { smallScenario } from '../helpers.js';

// The optimiser's parts on plain data: NSGA-II's sorting against brute force, and plans decoded from
// genomes (fences drawn round zones, one round several, a fence line moved).

const scoredArb = fc.array(
  fc.record({
    a: fc.integer({ min: 0, max: 6 }),
    b: fc.integer({ min: 0, max: 6 }),
    over: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
  }),
  { minLength: 1, maxLength: 25 },
);

describe('NSGA-II sorting', () => {
  it('puts in each front only plans no plan of the same or a later front beats, each beaten by one of the front before', () => {
    fc.assert(
      fc.property(scoredArb, (raw) => {
        const pop: Scored[] = raw.map((r, i) => ({ key: `k${i}`, objectives: [r.a, r.b], violation: r.over }));
        const fronts = nonDominatedFronts(pop);
        expect(fronts.flat().sort((x, y) => x - y)).toEqual([...pop.keys()]);
        fronts.forEach((front, k) => {
          const laterOrSame = fronts.slice(k).flat();
          for (const i of front) {
            for (const j of laterOrSame) expect(dominates(pop[j], pop[i])).toBe(false);
            if (k > 0) expect(fronts[k - 1].some((j) => dominates(pop[j], pop[i]))).toBe(true);
          }
        });
        // A plan within its limits is always ranked above one over them.
        const { rank } = rankAll(pop);
        for (let i = 0; i < pop.length; i++) {
          for (let j = 0; j < pop.length; j++) if (pop[i].violation === 0 && pop[j].violation > 0) expect(rank[i]).toBeLessThan(rank[j]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function threeZonePlan(): Scenario {
  const square = (x0: number): [number, number][] => [[x0, 100], [x0 + 100, 100], [x0 + 100, 200], [x0, 200]];
  const mix = [{ species: 'downy_birch', fraction: 1 }];
  return scenarioSchema.parse(
    smallScenario({
      terrain: { type: 'procedural', width: 800, height: 300, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
      plantings: [
        { name: 'west', polygon: square(50), species: mix, density: 2000 },
        { name: 'middle', polygon: square(200), species: mix, density: 2000 },
        { name: 'east', polygon: square(550), species: mix, density: 2000 },
      ],
      fences: [
        { name: 'east fence', type: 'deer_fence', closed: true, path: [[540, 90], [660, 90], [660, 210], [540, 210]] },
        { name: 'boundary', type: 'stock_fence', path: [[0, 290], [800, 290]] },
      ],
    }),
  );
}

describe('plans from genomes', () => {
  it('draws one fence round each zone fenced, or one round them all, clear of every zone by the buffer', () => {
    const plan = threeZonePlan();
    for (const together of [false, true]) {
      const decisions = decisionsSchema.parse({ fence: { zones: ['west', 'middle', 'east'], bufferM: 8, together } });
      const genes = genesOf(decisions, plan);
      expect(genes.map((g) => g.name)).toEqual(['fence:west', 'fence:middle', 'fence:east']);
      // west and middle fenced, east open: the east fence comes down, the boundary (protecting no zone) stays.
      const sc = decodePlan(plan, decisions, genes, [1, 1, 0], 0.24);
      const names = sc.fences.map((f) => f.name);
      expect(names).toContain('boundary');
      expect(names).not.toContain('east fence');
      const drawn = sc.fences.filter((f) => f.name !== 'boundary');
      expect(drawn.map((f) => f.name)).toEqual(together ? ['west + middle fence'] : ['west fence', 'middle fence']);
      for (const zone of ['west', 'middle']) {
        const fence = drawn.find((f) => f.protects!.includes(zone))!;
        expect(fence.closed).toBe(true);
        const polygon = plan.plantings.find((p) => p.name === zone)!.polygon;
        // Every zone vertex, pushed out by just under the buffer, is still inside its fence.
        for (const [x, y] of polygon) {
          for (const [dx, dy] of [[-7.9, -7.9], [7.9, -7.9], [7.9, 7.9], [-7.9, 7.9]]) {
            const inside = pointInPolygon(fence.path, x + dx * Math.SQRT1_2, y + dy * Math.SQRT1_2);
            expect(inside, `${zone} ${x},${y}`).toBe(true);
          }
        }
      }
    }
  });

  it("moves a fence's vertices by the genome, and the plan's own genome leaves it where it is", () => {
    const plan = threeZonePlan();
    const decisions = decisionsSchema.parse({ fenceLine: { fence: 'east fence', moveM: 20, stepM: 5 } });
    const genes = genesOf(decisions, plan);
    expect(genes).toHaveLength(8);
    expect(decodePlan(plan, decisions, genes, genes.map(() => 0), 0.24).fences).toEqual(plan.fences);
    const moved = decodePlan(plan, decisions, genes, [5, -10, 0, 0, 20, 20, 0, 0], 0.24).fences.find((f) => f.name === 'east fence')!;
    expect(moved.path).toEqual([[545, 80], [660, 90], [680, 230], [540, 210]]);
    expect(() => genesOf(decisionsSchema.parse({ fenceLine: { fence: 'north', moveM: 5 } }), plan)).toThrow(/no fence is named "north"/);
  });
});
