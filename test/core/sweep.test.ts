import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../sim/sweep/plan.js';
import { parseShard, runsOfShard, shardFromEnvironment } from '../../sim/sweep/shard.js';
import { expandVariants, levelsOf, setPath } from '../../sim/sweep/variants.js';
import { sweepSchema } from '../../sim/sweep/spec.js';
import { projectRoot } from '../helpers.js';

describe('sweep planning', () => {
  it('plans every bundled sweep', async () => {
    const dir = join(projectRoot, 'assets/sweeps');
    for (const file of readdirSync(dir)) {
      const plan = await planSweep(join(dir, file));
      expect(plan.totalRuns).toBe(plan.variants.length * plan.replicates);
      // Variants that share a terrain share it in memory.
      expect(new Set(plan.loaded.map((l) => l.terrain)).size).toBe(1);
    }
  });

  it('expands a factorial with the last variable fastest, and listed cases', () => {
    const sweep = sweepSchema.parse({
      name: 's',
      base: {},
      variables: [
        { name: 'a', path: 'a', values: [1, 2] },
        { name: 'b', path: 'b', range: { from: 0.1, to: 0.3, step: 0.1 } },
      ],
    });
    const { variants } = expandVariants(sweep, {});
    expect(variants.map((v) => v.labels)).toEqual([
      ['1', '0.1'], ['1', '0.2'], ['1', '0.3'],
      ['2', '0.1'], ['2', '0.2'], ['2', '0.3'],
    ]);
    expect(variants[4].scenario).toEqual({ a: 2, b: 0.2 });
    const cases = sweepSchema.parse({ ...sweep, design: 'cases', cases: [{ a: 5, b: 0.5 }] });
    expect(expandVariants(cases, {}).variants.map((v) => v.scenario)).toEqual([{ a: 5, b: 0.5 }]);
    const missing = sweepSchema.parse({ ...sweep, design: 'cases', cases: [{ a: 5 }] });
    expect(expandVariants(missing, {}).issues[0]).toEqual({ path: 'cases[0]', message: 'gives no value for variable "b"' });
  });

  it('labels object values by their keys and sets every item with [*]', () => {
    expect(levelsOf({ name: 'f', path: 'fences', values: { none: [], one: [{ x: 1 }] } })).toEqual([
      { label: 'none', value: [] },
      { label: 'one', value: [{ x: 1 }] },
    ]);
    const target = { plantings: [{ density: 1 }, { density: 2 }] };
    expect(setPath(target, 'plantings[*].density', 9)).toBeNull();
    expect(target.plantings.map((p) => p.density)).toEqual([9, 9]);
    expect(setPath(target, 'plantings[5].density', 1)).toMatch(/no item \[5\]/);
    expect(setPath(target, 'plantings..density', 1)).toMatch(/is not a path/);
  });

  it('splits runs into shards that cover every run exactly once', () => {
    for (const count of [1, 2, 3, 7]) {
      const all = Array.from({ length: count }, (_, i) => runsOfShard(25, { index: i + 1, count })).flat().sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 25 }, (_, i) => i));
    }
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(() => parseShard('0/8')).toThrow(/between 1 and N/);
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 3, count: 4 });
    // A re-submitted single task keeps its shard when the count is given.
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '1', REFOREST_SHARD_COUNT: '8' })).toEqual({ index: 5, count: 8 });
    expect(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow(/number the job array from 1/);
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0' }, 5)).toEqual({ index: 1, count: 5 });
    expect(() => shardFromEnvironment({ REFOREST_SHARD_COUNT: '8' })).toThrow(/no shard index/);
    expect(shardFromEnvironment({})).toBeNull();
  });
});
