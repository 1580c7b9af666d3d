import { describe, expect, it } from 'vitest';
import { yearlyMetricsCsv } from '../../sim/output/csv.js';
import { RunCancelledError, type RunEvent } from '../../sim/run/events.js';
import { runScenario } from '../../sim/run/runner.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { defaultScenario, smallScenario, tempDir } from '../helpers.js';

describe('runner', () => {
  it('gives byte-identical results on 1 and 2 threads', async () => {
    const sc = smallScenario({ replicates: 5, years: 8, herbivores: [{ kind: 'red_deer', count: 6 }] });
    const loaded = await loadScenario(sc, { baseDir: tempDir() });
    // The terrain lives in shared memory, so workers read it rather than receiving a copy.
    for (const raster of [loaded.terrain.elevation, loaded.terrain.slope, loaded.terrain.twi]) {
      expect(raster.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    const one = yearlyMetricsCsv(await runScenario(loaded, { threads: 1 }));
    const two = yearlyMetricsCsv(await runScenario(loaded, { threads: 2 }));
    expect(two).toBe(one);
    const other = yearlyMetricsCsv(await runScenario(await loadScenario({ ...sc, seed: 43 }, { baseDir: tempDir() }), { threads: 2 }));
    expect(other).not.toBe(one);
  });

  it('emits progress, frames of the chosen replicate, then the result', async () => {
    const sc = smallScenario({ replicates: 3, years: 4, herbivores: [{ kind: 'red_deer', count: 4 }] });
    const loaded = await loadScenario(sc, { baseDir: tempDir() });
    const events: RunEvent[] = [];
    const result = await runScenario(loaded, { threads: 2, frameReplicate: 1, onEvent: (e) => events.push(e) });
    expect(events[0].type).toBe('start');
    expect(events.at(-1)).toEqual({ type: 'result', result });
    const frames = events.filter((e) => e.type === 'frame').map((e) => (e.type === 'frame' ? e.frame : null)!);
    expect(frames.map((f) => f.year)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(frames.map((f) => f.replicate))).toEqual(new Set([1]));
    const layout = events.find((e) => e.type === 'layout');
    expect(layout && layout.type === 'layout' && layout.layout.count).toBe(frames[0].count);
    expect(frames[4].tracks.length).toBe(frames[4].trackSamples * frames[4].animals * 2);
    // Where the herd spent the year, for the browse-pressure map: every animal's every day, somewhere.
    const use = frames[4].use!;
    const haPerCell = (use.cellSize * use.cellSize) / 10_000;
    const days = use.perHa.reduce((a, v) => a + v * haPerCell, 0);
    expect(days).toBeCloseTo(frames[4].animals * 365, 3);
    expect(frames[0].use).toBeUndefined();
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last).toMatchObject({ replicatesDone: 3, yearsDone: 12, totalYears: 12 });
    expect(result.summary.p50.length).toBe(result.perReplicate[0].length);
  });

  it('stops promptly when cancelled and returns no result', async () => {
    const loaded = await loadScenario({ ...defaultScenario(), replicates: 40 }, { baseDir: tempDir() });
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const run = runScenario(loaded, {
      threads: 2,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'progress' && e.yearsDone >= 5) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(RunCancelledError);
    expect(events.some((e) => e.type === 'result')).toBe(false);
    // It stopped promptly: of 40 replicates × 50 years, the two threads got no further than the
    // replicates they had started (each thread a replicate of 50 years at most) before the abort.
    const progress = events.filter((e) => e.type === 'progress');
    const last = progress[progress.length - 1] as Extract<RunEvent, { type: 'progress' }>;
    expect(last.totalYears).toBe(2000);
    expect(last.yearsDone).toBeLessThan(5 + 2 * 50);
    expect(last.replicatesDone).toBeLessThanOrEqual(2);
  });

  it('reports progress within a year while the walk traces a large herd', async () => {
    const sc = smallScenario({ years: 1, replicates: 1, herbivoreModel: 'walk', herbivores: [{ kind: 'red_deer', count: 500 }] });
    const loaded = await loadScenario(sc, { baseDir: tempDir() });
    const seen: number[] = [];
    await runScenario(loaded, { threads: 1, onEvent: (e) => e.type === 'progress' && seen.push(e.yearsDone) });
    const within = seen.filter((y) => y > 0 && y < 1);
    expect(within.length).toBeGreaterThanOrEqual(4);
    // Rising, and whole once the year is done.
    expect([...within].sort((a, b) => a - b)).toEqual(within);
    expect(seen.at(-1)).toBe(1);
  });
});
