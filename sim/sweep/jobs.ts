import { yearlyRows } from '../output/csv.js';
import type { Job } from '../run/protocol.js';
import type { SweepPlan } from './plan.js';

/**
 * A sweep's runs as simulation jobs, and each finished run's rows of `results.csv`: the same whether
 * the runs are written to a folder (`reforest sweep`) or collected in memory (a sweep in the page).
 * Runs are numbered variant-major: run k is variant floor(k / replicates), replicate k % replicates.
 */

/** The job of run `k`. */
export function sweepJob(plan: SweepPlan, k: number): Job {
  const v = Math.floor(k / plan.replicates);
  return { id: k, resolved: plan.loaded[v].resolved, terrain: plan.loaded[v].terrain, replicate: k % plan.replicates, frames: false, keepTrees: false };
}

/** The years run `k` simulates. */
export function sweepRunYears(plan: SweepPlan, k: number): number {
  return plan.loaded[Math.floor(k / plan.replicates)].resolved.scenario.years;
}

/** A finished run's rows: the sweep's name, the variant and its labels, then the yearly metrics of every zone. */
export function sweepRunRows(plan: SweepPlan, job: Job, values: Float64Array): string[][] {
  const v = Math.floor(job.id / plan.replicates);
  const sc = plan.loaded[v].resolved.scenario;
  const zones = ['all', ...sc.plantings.map((p) => p.name)];
  return yearlyRows({ scenarioName: sc.name, years: sc.years, zones }, values, job.replicate, [plan.sweep.name, String(v), ...plan.variants[v].labels]);
}
