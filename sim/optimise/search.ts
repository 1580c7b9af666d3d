import { Rng } from '../random/rng.js';
import type { Genome } from './decisions.js';
import { evaluateGenomes, poolRunner, type PlanEvaluation, type PlanRunner } from './evaluate.js';
import { nonDominatedFronts, offspring, randomGenome, rankAll, type Scored } from './nsga2.js';
import type { OptimiseProblem } from './problem.js';

/** Where a search stands after a generation: enough to resume it exactly. */
export interface SearchState {
  format: 'reforest-optimise/1';
  fingerprint: string;
  /** Generations complete (0: the first population judged). */
  generation: number;
  /** Keys of the population's plans, in NSGA-II order. */
  population: string[];
  /** Every plan judged so far. */
  evaluations: PlanEvaluation[];
}

export interface SearchProgress {
  generation: number;
  generations: number;
  /** Plans judged so far, and the front of the feasible ones. */
  evaluated: number;
  front: PlanEvaluation[];
  /** Every plan judged so far (when a generation is done; empty within one). */
  all: PlanEvaluation[];
  /** Replicates done and to do in the generation under way (for a progress bar within it). */
  replicatesDone: number;
  replicatesTotal: number;
}

export interface SearchOptions {
  threads?: number;
  signal?: AbortSignal;
  /** How new plans are run: on this machine's pool by default, or as a cluster's sweeps (clusterRunner). */
  runner?: PlanRunner;
  /** A state saved by an earlier run of the same search, to resume from. */
  resumeFrom?: SearchState | null;
  /** Called with the state after each generation (to save it). */
  onGeneration?: (state: SearchState) => Promise<void>;
  onProgress?: (p: SearchProgress) => void;
}

/**
 * A plan's name for breaking ties: its decisions as written. Unlike its content key, which hashes the
 * resolved scenario with the folder its paths resolve against, it is the same wherever the search runs,
 * so the page, the command line and a cluster keep the same plans.
 */
function tieKey(e: PlanEvaluation): string {
  return e.labels.join('|');
}

/** NSGA-II's view of a plan: cost and the objective, both minimised, and how far over its limits. */
function scored(e: PlanEvaluation): Scored {
  return { key: tieKey(e), objectives: [e.cost, -e.objective], violation: e.violation };
}

/** The plans within their limits that no other such plan beats on both cost and objective, cheapest first. */
export function frontOf(evaluations: Iterable<PlanEvaluation>): PlanEvaluation[] {
  const feasible = [...evaluations].filter((e) => e.violation === 0);
  if (feasible.length === 0) return [];
  const first = nonDominatedFronts(feasible.map(scored))[0];
  // Plans equal on both figures are one point of the front: the first by key stands for them.
  const points = new Map<string, PlanEvaluation>();
  for (const e of first.map((i) => feasible[i]).sort((a, b) => tieKey(a).localeCompare(tieKey(b)))) {
    const at = `${e.cost}|${e.objective}`;
    if (!points.has(at)) points.set(at, e);
  }
  return [...points.values()].sort((a, b) => a.cost - b.cost || b.objective - a.objective);
}

/**
 * Searches the plans the problem allows with NSGA-II: the first population is the plan itself and
 * plans drawn at random; each generation breeds as many children, judges the new ones, and keeps the
 * best of parents and children. Every random draw comes from the search seed and the generation, so
 * the same seed gives the same front, and a search resumed from a saved state goes on exactly as if
 * it had never stopped. Returns the front of every plan judged and the final state.
 */
export async function searchPlans(problem: OptimiseProblem, opts: SearchOptions = {}): Promise<{ front: PlanEvaluation[]; state: SearchState }> {
  const { population: size, generations, seed } = problem.spec.search;
  const known = new Map<string, PlanEvaluation>();
  let state: SearchState;
  const report = (generation: number, replicatesDone = 0, replicatesTotal = 0) => {
    if (!opts.onProgress) return;
    const within = replicatesTotal > 0;
    opts.onProgress({ generation, generations, evaluated: known.size, front: within ? [] : frontOf(known.values()), all: within ? [] : [...known.values()], replicatesDone, replicatesTotal });
  };
  let current = 0;
  const runner = opts.runner ?? poolRunner(problem, { threads: opts.threads, signal: opts.signal, onReplicate: (d, t) => report(current, d, t) });
  const judge = (genomes: Genome[], generation: number) => {
    current = generation;
    return evaluateGenomes(problem, genomes, known, runner, generation);
  };
  const keep = (pool: PlanEvaluation[]) => {
    const unique = [...new Map(pool.map((e) => [e.key, e])).values()];
    return rankAll(unique.map(scored)).order.slice(0, size).map((i) => unique[i]);
  };

  const resume = opts.resumeFrom;
  if (resume && resume.fingerprint === problem.fingerprint) {
    for (const e of resume.evaluations) known.set(e.key, e);
    state = resume;
  } else {
    const rng = new Rng(seed, 0, 0x0971);
    const first: Genome[] = [problem.planGenome];
    for (let tries = 0; first.length < size && tries < size * 20; tries++) {
      const g = randomGenome(problem.genes, rng);
      if (!first.some((f) => f.every((v, i) => v === g[i]))) first.push(g);
    }
    const judged = await judge(first, 0);
    state = { format: 'reforest-optimise/1', fingerprint: problem.fingerprint, generation: 0, population: keep(judged).map((e) => e.key), evaluations: [...known.values()] };
    await opts.onGeneration?.(state);
  }
  report(state.generation);

  for (let g = state.generation + 1; g <= generations; g++) {
    const parents = state.population.map((k) => known.get(k)!);
    const { rank, crowd } = rankAll(parents.map(scored));
    const rng = new Rng(seed, g, 0x0971);
    const children = offspring(parents.map((p) => p.genome), rank, crowd, problem.genes, size, rng);
    const judged = await judge(children, g);
    state = { ...state, generation: g, population: keep([...parents, ...judged]).map((e) => e.key), evaluations: [...known.values()] };
    await opts.onGeneration?.(state);
    report(g);
  }
  return { front: frontOf(known.values()), state };
}
