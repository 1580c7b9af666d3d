import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fenceTypeSchema, herbivoreKindSchema, speciesSchema } from '../../sim/library/schema.js';
import { Site } from '../../sim/model/site.js';
import { simulateReplicate } from '../../sim/model/simulation.js';
import { ScenarioError } from '../../sim/scenario/issues.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { scenarioSchema, type ScenarioInput } from '../../sim/scenario/schema.js';
import { projectRoot, smallScenario } from '../helpers.js';

// Every numeric field a scenario may set (its own, and its overrides of the library's species, herbivore
// kinds and fence types), each at both ends of the range its schema allows: the plan is either refused
// with a message naming the field, or it runs to finite results. Nothing that validates may then fail,
// hang or write NaN. The ranges are read from the schemas themselves, so a field added later is swept too.

type Json = Record<string, unknown>;
interface Leaf {
  path: (string | number)[];
  min: number;
  /** The smallest value allowed above `min` when the schema excludes `min` itself. */
  minExclusive: boolean;
  max: number;
}

/** The numeric fields of a schema, with the bounds of their checks (array items as item 0). */
function numericLeaves(schema: z.ZodType, path: (string | number)[] = [], out: Leaf[] = []): Leaf[] {
  let s = schema as unknown as { _zod: { def: Record<string, unknown> } };
  for (;;) {
    const def = s._zod.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') s = def.innerType as typeof s;
    else if (def.type === 'pipe') s = def.in as typeof s;
    else break;
  }
  const def = s._zod.def;
  if (def.type === 'object') {
    for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) numericLeaves(value, [...path, key], out);
  } else if (def.type === 'array') {
    numericLeaves(def.element as z.ZodType, [...path, 0], out);
  } else if (def.type === 'number') {
    const leaf: Leaf = { path, min: -Infinity, minExclusive: false, max: Infinity };
    for (const check of (def.checks ?? []) as { _zod: { def: { check: string; value: number; inclusive: boolean } } }[]) {
      const c = check._zod.def;
      if (c.check === 'greater_than') {
        leaf.min = c.value;
        leaf.minExclusive = !c.inclusive;
      }
      if (c.check === 'less_than') leaf.max = c.value;
    }
    out.push(leaf);
  }
  return out;
}

/** Both ends of a field's range; a bound the schema excludes is approached as closely as a double can. */
function edges(leaf: Leaf): number[] {
  const low = leaf.minExclusive ? (leaf.min === 0 ? Number.MIN_VALUE * 2 ** 52 : leaf.min + Math.abs(leaf.min) * 1e-12) : leaf.min;
  return [Number.isFinite(low) ? low : -1e300, Number.isFinite(leaf.max) ? leaf.max : 1e300];
}

/** The small scenario on hilly ground, with shelters, costs, a closed deer fence and red deer: every part a field can touch. */
function base(): ScenarioInput {
  const zone = smallScenario().plantings![0];
  return smallScenario({
    name: 'edges',
    seed: 7,
    years: 2,
    replicates: 1,
    terrain: { type: 'procedural', width: 600, height: 600, cellSize: 10, relief: 40, baseElevation: 200, shape: 'hills' },
    plantings: [{ ...zone, shelters: { height: 1.2 }, costs: { perTree: 1 } }],
    fences: [{ name: 'fence', type: 'deer_fence', path: [[90, 90], [300, 90], [300, 300], [90, 300]], closed: true, breachRatePerKmPerYear: 4 }],
    herbivores: [{ kind: 'red_deer', densityPerKm2: 20 }],
  });
}

function setAt(target: Json, path: (string | number)[], value: unknown): void {
  let at = target as Record<string | number, unknown>;
  for (const [k, key] of path.slice(0, -1).entries()) {
    if (at[key] === undefined || at[key] === null || typeof at[key] !== 'object') at[key] = typeof path[k + 1] === 'number' ? [] : {};
    at = at[key] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]] = value;
}

/** How many edge cases ran (were accepted) and how many were refused. */
const tally = { ran: 0, refused: 0 };

/** Validates the plan; when it is accepted, runs it and returns what went wrong, or null. */
async function outcome(plan: Json): Promise<string | null> {
  let loaded;
  try {
    loaded = await loadScenario(plan, { baseDir: projectRoot });
  } catch (err) {
    if (err instanceof ScenarioError) {
      // Refused, with its reasons (what the range is for).
      tally.refused++;
      return null;
    }
    return `validation threw ${(err as Error).message}`;
  }
  tally.ran++;
  try {
    const { values } = simulateReplicate(new Site(loaded.resolved, loaded.terrain), { replicate: 0 });
    const bad = values.findIndex((v) => !Number.isFinite(v));
    return bad >= 0 ? `metric value ${bad} is ${values[bad]}` : null;
  } catch (err) {
    return `the run failed: ${(err as Error).message}`;
  }
}

/** The scenario's own fields a run's cost does not scale with (the run's length and size are bounded elsewhere). */
const SKIPPED = new Set(['seed', 'years', 'replicates', 'schemaVersion']);

describe('every numeric field at the ends of its range', () => {
  afterAll(() => {
    // The sweep runs plans, not only refusals: most edges are values a plan may hold.
    expect(tally.ran).toBeGreaterThan(tally.refused);
  });

  it('of the scenario itself: refused, or runs to finite results', async () => {
    const problems: string[] = [];
    for (const leaf of numericLeaves(scenarioSchema as unknown as z.ZodType)) {
      if (SKIPPED.has(String(leaf.path[0])) || leaf.path[0] === 'terrain') continue;
      for (const value of edges(leaf)) {
        const plan = base() as unknown as Json;
        setAt(plan, leaf.path, value);
        const wrong = await outcome(plan);
        if (wrong) problems.push(`${leaf.path.join('.')} = ${value}: ${wrong}`);
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);

  for (const [table, id, schema, models] of [
    ['species', 'downy_birch', speciesSchema, ['field']],
    ['herbivoreKinds', 'red_deer', herbivoreKindSchema, ['field', 'walk']],
    ['fenceTypes', 'deer_fence', fenceTypeSchema, ['field', 'walk']],
  ] as const) {
    it(`of the ${table} a scenario overrides (${id}): refused, or runs to finite results`, async () => {
      const problems: string[] = [];
      const leaves = numericLeaves(schema as unknown as z.ZodType);
      expect(leaves.length).toBeGreaterThan(5);
      for (const leaf of leaves) {
        for (const value of edges(leaf)) {
          for (const model of models) {
            const plan: Json = { ...(base() as unknown as Json), herbivoreModel: model };
            const override: Json = {};
            setAt(override, leaf.path, value);
            plan[table] = { [id]: override };
            const wrong = await outcome(plan);
            if (wrong) problems.push(`${table}.${id}.${leaf.path.join('.')} = ${value} (${model}): ${wrong}`);
          }
        }
      }
      expect(problems).toEqual([]);
    }, 240_000);
  }
});
