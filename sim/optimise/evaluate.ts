import { formatMetric } from '../output/csv.js';
import { M, metricIndex } from '../shared/metrics.js';
import { quantileSorted } from '../shared/runResult.js';
import { contentKey } from '../run/contentKey.js';
import { runJobs } from '../run/pool.js';
import type { Job } from '../run/protocol.js';
import { ScenarioError } from '../scenario/issues.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { decodePlan, geneLabel, type Genome } from './decisions.js';
import type { OptimiseProblem } from './problem.js';

/** One plan of the search, judged. Money in the plan's currency. */
export interface PlanEvaluation {
  /** Content key of the plan's scenario and terrain: plans with equal keys are the same plan. */
  key: string;
  genome: Genome;
  /** Each gene's value as written. */
  labels: string[];
  /** Mean cumulative cost to the last year, whole site. */
  cost: number;
  costPerHa: number;
  /** The objective's quantile across replicates (maximised). */
  objective: number;
  objectiveMean: number;
  /** How far over its limits (budget, grant cap, target) the plan is, in shares of each limit; 0 within them. */
  violation: number;
  /** Why the plan cannot be run, when it cannot (its violation is then NOT_BUILDABLE). */
  problem?: string;
}

/** The violation of a plan that cannot be run at all (e.g. a fence drawn off the terrain). */
export const NOT_BUILDABLE = 1e9;

/** What a plan is judged on from one replicate, as the results CSV writes them: its cost to the last year and the objective. */
export interface ReplicateFigures {
  cost: number;
  objective: number;
}

/**
 * Runs the plans of a generation that are new, and returns each plan's figures, replicate by replicate
 * (plans in the order given): on this machine's simulation pool (`poolRunner`), or as a sweep on a
 * cluster (`clusterRunner`).
 */
export type PlanRunner = (plans: readonly LoadedScenario[], generation: number) => Promise<ReplicateFigures[][]>;

export interface PoolRunnerOptions {
  threads?: number;
  signal?: AbortSignal;
  /** Called as each replicate finishes, with the replicates done and to do in this batch. */
  onReplicate?: (done: number, total: number) => void;
}

/** Where a plan's figures are in a replicate's metrics: cost at the last year, whole site; the objective at its year and zone. */
function figuresOf(problem: OptimiseProblem, scenario: Scenario, v: Float64Array): ReplicateFigures {
  const zones = scenario.plantings.length + 1;
  const metric = M[problem.spec.objective.metric];
  // Rounded as the results CSV writes them, so a search judged from a cluster's CSV matches one run here.
  return {
    cost: Number(formatMetric(M.cost, v[metricIndex(zones, scenario.years, 0, M.cost)])),
    objective: Number(formatMetric(metric, v[metricIndex(zones, problem.objectiveYear, problem.objectiveZone, metric)])),
  };
}

/** Runs plans' replicates as one batch on the shared simulation pool, with the plans' seed. */
export function poolRunner(problem: OptimiseProblem, opts: PoolRunnerOptions = {}): PlanRunner {
  return async (plans) => {
    const R = problem.base.resolved.scenario.replicates;
    const jobs: Job[] = plans.flatMap((loaded, u) =>
      Array.from({ length: R }, (_, r) => ({ id: u * R + r, resolved: loaded.resolved, terrain: loaded.terrain, replicate: r, frames: false, keepTrees: false })),
    );
    const figures: ReplicateFigures[][] = plans.map(() => new Array<ReplicateFigures>(R));
    let done = 0;
    await runJobs(
      jobs,
      {
        onDone: (job, v) => {
          const u = Math.floor(job.id / R);
          figures[u][job.replicate] = figuresOf(problem, plans[u].resolved.scenario, v);
          opts.onReplicate?.(++done, jobs.length);
        },
      },
      { threads: opts.threads, signal: opts.signal },
    );
    return figures;
  };
}

/**
 * Judges the plans of a generation: each genome becomes its scenario, plans already judged (same
 * content key, in `known`) are taken from there, and the new plans go to `run` together, all with the
 * plan's seed, so every plan meets the same random numbers.
 */
export async function evaluateGenomes(
  problem: OptimiseProblem,
  genomes: readonly Genome[],
  known: Map<string, PlanEvaluation>,
  run: PlanRunner,
  generation: number,
): Promise<PlanEvaluation[]> {
  const plan = problem.base.resolved.scenario;
  const labelsOf = (g: Genome) => problem.genes.map((gene, i) => geneLabel(gene, g[i]));
  // Each plan asked for: judged already, or the key of a plan to run now (once, however often asked).
  const slots: (PlanEvaluation | string)[] = [];
  const toRun = new Map<string, { loaded: LoadedScenario; genome: Genome }>();
  for (const genome of genomes) {
    const scenario = decodePlan(plan, problem.spec.decisions, problem.genes, genome, problem.siteAreaKm2);
    let loaded: LoadedScenario;
    try {
      loaded = await loadScenario(scenario, { baseDir: problem.baseDir, terrainCache: problem.terrainCache, mayRead: problem.mayRead, label: 'a plan of the search' });
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      const labels = labelsOf(genome);
      const e: PlanEvaluation = { key: `unbuildable:${labels.join('|')}`, genome, labels, cost: 0, costPerHa: 0, objective: 0, objectiveMean: 0, violation: NOT_BUILDABLE, problem: err.message };
      known.set(e.key, e);
      slots.push(e);
      continue;
    }
    const key = contentKey(loaded.resolved, loaded.terrain);
    const seen = known.get(key);
    if (seen) slots.push(seen);
    else {
      if (!toRun.has(key)) toRun.set(key, { loaded, genome });
      slots.push(key);
    }
  }

  const runs = [...toRun.entries()];
  const figures = runs.length > 0 ? await run(runs.map(([, r]) => r.loaded), generation) : [];
  runs.forEach(([key, { genome }], u) => {
    known.set(key, { ...judge(problem, figures[u]), key, genome, labels: labelsOf(genome) });
  });
  return slots.map((s) => (typeof s === 'string' ? known.get(s)! : s));
}

/** Cost, objective and limits of a plan from its replicates' figures. */
function judge(problem: OptimiseProblem, replicates: readonly ReplicateFigures[]): Omit<PlanEvaluation, 'key' | 'genome' | 'labels'> {
  const { quantile } = problem.spec.objective;
  const cost = replicates.reduce((a, f) => a + f.cost, 0) / replicates.length;
  const objectives = Float64Array.from(replicates, (f) => f.objective).sort();
  const costPerHa = problem.plantedHa > 0 ? cost / problem.plantedHa : 0;
  const objective = quantileSorted(objectives, quantile);
  const objectiveMean = objectives.reduce((a, b) => a + b, 0) / objectives.length;
  const { budget, grantCapPerHa, target } = problem.spec;
  let violation = 0;
  if (budget !== undefined) violation += Math.max(0, cost - budget) / budget;
  if (grantCapPerHa !== undefined) violation += Math.max(0, costPerHa - grantCapPerHa) / grantCapPerHa;
  if (target !== undefined) violation += Math.max(0, target - objective) / Math.max(Math.abs(target), 1e-9);
  return { cost, costPerHa, objective, objectiveMean, violation };
}
