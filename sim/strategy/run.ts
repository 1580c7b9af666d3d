import type { RunResult } from '../shared/runResult.js';
import { runScenario, type RunOptions } from '../run/runner.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { applyStrategy, unprotectedBecause } from './apply.js';
import { compareStrategies, type StrategyComparison } from '../shared/strategyComparison.js';
import type { Strategy } from '../shared/strategySpec.js';

export interface StrategyRunOptions extends Pick<RunOptions, 'threads' | 'signal'> {
  /** Called as each strategy's run progresses: its index, and the share of all runs done. */
  onProgress?: (strategy: number, share: number) => void;
}

/** One strategy's plan, loaded (checked and resolved) on the plan's own site. */
export async function strategyScenario(loaded: LoadedScenario, strategy: Strategy, label: string): Promise<LoadedScenario> {
  const t = loaded.terrain;
  const siteKm2 = (t.cols * t.rows * t.cellSize * t.cellSize) / 1e6;
  const scenario = applyStrategy(loaded.resolved.scenario, strategy, siteKm2);
  return loadScenario(scenario, { baseDir: loaded.resolved.baseDir, label: `${label}, strategy "${strategy.label}"` });
}

/**
 * Runs the plan under each strategy, one after another on all the threads, with the same seed, and
 * compares them. Returns each strategy's run as well, for its yearly CSV.
 */
export async function runStrategies(
  loaded: LoadedScenario,
  strategies: readonly Strategy[],
  label: string,
  opts: StrategyRunOptions = {},
): Promise<{ comparison: StrategyComparison; runs: RunResult[] }> {
  const plans = await Promise.all(strategies.map((s) => strategyScenario(loaded, s, label)));
  const runs: RunResult[] = [];
  for (const [i, plan] of plans.entries()) {
    runs.push(
      await runScenario(plan, {
        threads: opts.threads,
        signal: opts.signal,
        onEvent: (e) => {
          if (e.type === 'progress') opts.onProgress?.(i, (i + e.yearsDone / e.totalYears) / plans.length);
        },
      }),
    );
  }
  const comparison = compareStrategies(strategies.map((s) => s.label), runs);
  // A strategy that leaves a zone unprotected says so on the zone's row ("all": when it leaves every zone so).
  const plan = loaded.resolved.scenario;
  const zones = plan.plantings.map((p) => p.name);
  for (const row of comparison.rows) {
    const strategy = strategies.find((s) => s.label === row.strategy)!;
    const why = (zone: string) => unprotectedBecause(plan, strategy, zone);
    const note = row.zone === 'all' ? (zones.every((z) => why(z) !== null) ? `no fence of the plan protects any zone, so this is no protection (enclose puts a new fence round each)` : null) : why(row.zone);
    if (note) row.note = note;
  }
  return { comparison, runs };
}
