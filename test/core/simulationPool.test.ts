import { afterAll, describe, expect, it } from 'vitest';
import { RunCancelledError } from '../../sim/run/events.js';
import type { Job } from '../../sim/run/protocol.js';
import { SimulationPool } from '../../sim/run/simulationPool.js';
import { loadScenario, type LoadedScenario } from '../../sim/scenario/load.js';
import { smallScenario, tempDir } from '../helpers.js';

// The persistent pool: threads and their sites outlive a batch, a scenario is sent to a thread only
// when it lacks it, a changed plan is never served a stale site, and a cancelled batch leaves the
// other batches running.

function jobsOf(loaded: LoadedScenario, replicates: number, firstId = 0): Job[] {
  return Array.from({ length: replicates }, (_, r) => ({
    id: firstId + r,
    resolved: loaded.resolved,
    terrain: loaded.terrain,
    replicate: r,
    frames: false,
    keepTrees: false,
  }));
}

async function runAll(pool: SimulationPool, jobs: Job[], threads?: number): Promise<Float64Array[]> {
  const out: Float64Array[] = [];
  await pool.run(jobs, { onDone: (job, values) => void (out[job.id - jobs[0].id] = values) }, { threads });
  return out;
}

const pools: SimulationPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('simulation pool', () => {
  it('keeps its threads and their sites from one batch to the next, and sends a scenario only where it is missing', async () => {
    const pool = new SimulationPool({ threads: 2 });
    pools.push(pool);
    const baseDir = tempDir();
    const a = await loadScenario(smallScenario({ years: 4, herbivores: [{ kind: 'red_deer', count: 3 }] }), { baseDir });
    const first = await runAll(pool, jobsOf(a, 4));
    const sentAfterFirst = pool.stats.sitesSent;
    // Each of the two threads built the site once.
    expect(sentAfterFirst).toBe(2);
    // The same plan again, loaded afresh (a new object with the same content): no scenario is sent.
    const again = await loadScenario(smallScenario({ years: 4, herbivores: [{ kind: 'red_deer', count: 3 }] }), { baseDir });
    const second = await runAll(pool, jobsOf(again, 4));
    expect(pool.stats.sitesSent).toBe(sentAfterFirst);
    expect(second).toEqual(first);
  });

  it('serves a changed plan its own site: results equal a fresh pool whatever ran before', async () => {
    const pool = new SimulationPool({ threads: 2 });
    pools.push(pool);
    const base = smallScenario({ years: 4, herbivores: [{ kind: 'red_deer', count: 3 }] });
    const a = await loadScenario(base, { baseDir: tempDir() });
    const b = await loadScenario({ ...base, plantings: base.plantings!.map((p) => ({ ...p, density: 1200 })) }, { baseDir: tempDir() });
    const aFirst = await runAll(pool, jobsOf(a, 3));
    const bAfterA = await runAll(pool, jobsOf(b, 3));
    const fresh = new SimulationPool({ threads: 1 });
    pools.push(fresh);
    const bAlone = await runAll(fresh, jobsOf(b, 3));
    expect(bAfterA).toEqual(bAlone);
    expect(bAfterA).not.toEqual(aFirst);
    // Two plans in one batch, interleaved, on shared threads and working arrays.
    const mixed: Job[] = [...jobsOf(a, 3, 0), ...jobsOf(b, 3, 3)];
    const both = await runAll(pool, mixed);
    expect(both.slice(0, 3)).toEqual(aFirst);
    expect(both.slice(3)).toEqual(bAlone);
  });

  it('cancels one batch without disturbing another running beside it', async () => {
    const pool = new SimulationPool({ threads: 2 });
    pools.push(pool);
    const slow = await loadScenario(smallScenario({ years: 40, herbivores: [{ kind: 'red_deer', count: 10 }] }), { baseDir: tempDir() });
    const quick = await loadScenario(smallScenario({ years: 3 }), { baseDir: tempDir() });
    const controller = new AbortController();
    const cancelled = pool.run(jobsOf(slow, 20), { onDone: () => {} }, { threads: 1, signal: controller.signal });
    const kept = runAll(pool, jobsOf(quick, 4, 100), 1);
    setTimeout(() => controller.abort(), 50);
    await expect(cancelled).rejects.toBeInstanceOf(RunCancelledError);
    const values = await kept;
    expect(values).toHaveLength(4);
    const alone = new SimulationPool({ threads: 1 });
    pools.push(alone);
    expect(values).toEqual(await runAll(alone, jobsOf(quick, 4, 100)));
    // The pool still runs batches after the cancellation, on the same two threads: a cancelled job stops
    // at the end of its year and its thread, with its sites, is kept.
    expect(await runAll(pool, jobsOf(quick, 2, 200))).toHaveLength(2);
    expect(pool.stats.threadsStarted).toBe(2);
    expect(pool.threadsAlive).toBe(2);
  });

  it('ends every thread when closed, even one that was still loading', async () => {
    const pool = new SimulationPool({ threads: 2 });
    const loaded = await loadScenario(smallScenario({ years: 2 }), { baseDir: tempDir() });
    const run = pool.run(jobsOf(loaded, 4), { onDone: () => {} });
    run.catch(() => {});
    // The threads have been started but have not finished loading when the pool is closed.
    await new Promise((r) => setImmediate(r));
    expect(pool.threadsAlive).toBe(2);
    await pool.close();
    await expect(run).rejects.toThrow(/closed/);
    await expect.poll(() => pool.threadsAlive, { timeout: 20_000 }).toBe(0);
  });
});
