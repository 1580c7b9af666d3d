import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { writeFileAtomic } from '../output/atomic.js';
import { csvCell } from '../shared/csvCell.js';
import type { LoadedScenario } from '../scenario/load.js';
import { relocatedScenario } from '../scenario/relocate.js';
import type { PlanRunner, ReplicateFigures } from './evaluate.js';
import type { OptimiseProblem } from './problem.js';

/**
 * A search spread over a cluster: each generation's new plans are written as a sweep (one case per
 * plan, design "cases"), which the cluster runs as an array of shards with `reforest sweep --shard`
 * into one folder, where the last shard writes results.csv (or shards in folders of their own,
 * combined with `reforest merge`). Run again, the search reads the plans' figures from that
 * results.csv, goes on, and writes the next generation's sweep. The figures are read as the CSV holds
 * them, as the search on one machine judges them too, so both find the same front.
 */

/** The fields of a plan the decisions change: each is a variable of the generation's sweep. */
const VARIED = ['plantings', 'fences', 'herbivores', 'deerControl'] as const;

/** A generation's plans wait for their runs: the sweep to run, and where its results.csv must be. */
export class GenerationPending extends Error {
  constructor(
    readonly generation: number,
    readonly sweepFile: string,
    readonly runsDir: string,
    readonly runs: number,
  ) {
    super(`generation ${generation}: ${runs} runs wait in ${sweepFile}`);
    this.name = 'GenerationPending';
  }
}

export function generationDir(dir: string, generation: number): string {
  return join(dir, 'generations', `generation-${String(generation).padStart(4, '0')}`);
}

/** The sweep that runs these plans: the plan as base, one labelled value per plan for each field the decisions change. */
export function generationSweep(problem: OptimiseProblem, plans: readonly LoadedScenario[], generation: number, folder: string): object {
  const label = (u: number) => `plan-${u + 1}`;
  const base = problem.base.resolved.scenario;
  return {
    name: `${problem.spec.name}, generation ${generation}`.slice(0, 120),
    base: relocatedScenario(base, problem.baseDir, folder),
    replicates: base.replicates,
    years: base.years,
    design: 'cases',
    variables: VARIED.map((field) => ({
      name: field,
      path: field,
      // A plan without the field (no deer control, say) takes it out of the base with null.
      values: Object.fromEntries(plans.map((p, u) => [label(u), (p.resolved.scenario as Record<string, unknown>)[field] ?? null])),
    })),
    cases: plans.map((_, u) => Object.fromEntries(VARIED.map((field) => [field, label(u)]))),
  };
}

/**
 * A runner that hands each generation's new plans to a cluster: it writes the generation's sweep and
 * throws GenerationPending until that sweep's results.csv is there, then reads the figures from it.
 */
export function clusterRunner(problem: OptimiseProblem, dir: string): PlanRunner {
  return async (plans, generation) => {
    const folder = generationDir(dir, generation);
    const sweepFile = join(folder, 'sweep.json');
    const runsDir = join(folder, 'runs');
    const text = JSON.stringify(generationSweep(problem, plans, generation, folder), null, 2) + '\n';
    const written = existsSync(sweepFile) ? await readFile(sweepFile, 'utf8') : null;
    const results = join(runsDir, 'results.csv');
    if (written === text && existsSync(results)) return figuresFromResults(problem, plans, await readFile(results, 'utf8'), results);
    await mkdir(folder, { recursive: true });
    // The sweep is the same whenever the search reaches this generation again, so shards already run keep their runs.
    if (written !== text) await writeFileAtomic(sweepFile, text);
    throw new GenerationPending(generation, sweepFile, runsDir, plans.length * problem.base.resolved.scenario.replicates);
  };
}

function figuresFromResults(problem: OptimiseProblem, plans: readonly LoadedScenario[], csv: string, file: string): ReplicateFigures[][] {
  const base = problem.base.resolved.scenario;
  const metric = problem.spec.objective.metric;
  const zone = problem.spec.objective.zone;
  // The zone as the CSV holds it (a formula-like name is written with an apostrophe before it).
  const zoneCell = csvCell(zone);
  const out: ReplicateFigures[][] = plans.map(() => Array.from({ length: base.replicates }, () => ({ cost: NaN, objective: NaN })));
  for (const row of csvParse(csv)) {
    const u = Number(row.variant);
    const r = Number(row.replicate);
    const year = Number(row.year);
    const figures = out[u]?.[r];
    if (!figures) continue;
    if (year === plans[u].resolved.scenario.years && row.zone === 'all') figures.cost = Number(row.cost);
    if (year === problem.objectiveYear && row.zone === zoneCell) figures.objective = Number(row[metric]);
  }
  out.forEach((fs, u) =>
    fs.forEach((f, r) => {
      if (Number.isNaN(f.cost) || Number.isNaN(f.objective)) throw new Error(`${file} lacks the rows of plan ${u + 1}, replicate ${r}: run the sweep again to complete it`);
    }),
  );
  return out;
}
