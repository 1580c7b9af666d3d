import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/atomic.js';
import { relocatedScenario } from '../scenario/relocate.js';
import { decodePlan } from './decisions.js';
import type { PlanEvaluation } from './evaluate.js';
import type { OptimiseProblem } from './problem.js';
import type { SearchState } from './search.js';
import { csvLines } from '../output/csvLines.js';
import { readScenarioText } from '../scenario/readText.js';

/**
 * What `reforest optimise` writes in its output folder:
 *   front.csv          the front, cheapest first: cost, cost per ha, the objective and each decision
 *   plans/front-NN.json  each plan of the front as a scenario file (runs with `reforest run`, opens in the page)
 *   evaluations.csv    every plan judged, in the order first judged
 *   search.json        the search's state after its last complete generation, to resume from
 */
export const FRONT = 'front.csv';
export const EVALUATIONS = 'evaluations.csv';
export const STATE = 'search.json';
export const PLANS = 'plans';

export class OptimiseOutputError extends Error {}

/** The saved state of this search in the folder, or null when there is none; another search's state is refused. */
export async function readSearchState(dir: string, fingerprint: string): Promise<SearchState | null> {
  // Read only when a regular file (a pipe there would block the reader), and at most 16 MiB of it.
  const read = await readScenarioText(join(dir, STATE));
  if ('problem' in read) {
    if (read.problem === 'file not found') return null;
    throw new OptimiseOutputError(`${join(dir, STATE)}: ${read.problem}`);
  }
  const text = read.text;
  let state: SearchState;
  try {
    state = JSON.parse(text) as SearchState;
  } catch {
    throw new OptimiseOutputError(`${join(dir, STATE)} is not a search state (not JSON); use another --out-dir`);
  }
  if (state.format !== 'reforest-optimise/1') throw new OptimiseOutputError(`${join(dir, STATE)} is not a Reforest search state; use another --out-dir`);
  if (state.fingerprint !== fingerprint) {
    throw new OptimiseOutputError(`${dir} holds another search (different file, plan or settings); use another --out-dir, or empty it`);
  }
  return state;
}

export async function writeSearchState(dir: string, state: SearchState): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, STATE), JSON.stringify(state) + '\n');
}

/** Column name of the objective: metric, year, zone and quantile, e.g. carbon_tco2e_y50_all_p10. */
export function objectiveColumn(problem: OptimiseProblem): string {
  const { metric, quantile } = problem.spec.objective;
  return `${metric}_y${problem.objectiveYear}_${problem.spec.objective.zone}_p${Math.round(quantile * 100)}`;
}

function rowsOf(problem: OptimiseProblem, plans: readonly PlanEvaluation[], first: string, name: (i: number) => string): string {
  const obj = objectiveColumn(problem);
  const header = [first, 'cost', 'cost_per_ha', obj, `${problem.spec.objective.metric}_mean`, 'objective_per_1000_cost', 'violation', ...problem.genes.map((g) => g.name)];
  const rows = plans.map((e, i) => [
    name(i),
    e.cost.toFixed(2),
    e.costPerHa.toFixed(2),
    e.objective.toFixed(4),
    e.objectiveMean.toFixed(4),
    e.cost > 0 ? ((1000 * e.objective) / e.cost).toFixed(4) : '',
    e.violation.toFixed(4),
    ...e.labels,
  ]);
  return csvLines([header, ...rows]);
}

/** The front as front.csv holds it. */
export function frontCsv(problem: OptimiseProblem, front: readonly PlanEvaluation[]): string {
  return rowsOf(problem, front, 'plan', (i) => `${PLANS}/${frontFileName(i)}`);
}

export function frontFileName(i: number): string {
  return `front-${String(i + 1).padStart(2, '0')}.json`;
}

/** Writes the front, its plans and every plan judged; plan files of an earlier, larger front are removed. */
export async function writeSearchOutputs(dir: string, problem: OptimiseProblem, front: readonly PlanEvaluation[], state: SearchState): Promise<void> {
  const plansDir = join(dir, PLANS);
  await mkdir(plansDir, { recursive: true });
  const plan = problem.base.resolved.scenario;
  for (const [i, e] of front.entries()) {
    const scenario = decodePlan(plan, problem.spec.decisions, problem.genes, e.genome, problem.siteAreaKm2);
    scenario.name = `${plan.name} (front ${i + 1} of ${front.length})`.slice(0, 120);
    await writeFileAtomic(join(plansDir, frontFileName(i)), JSON.stringify(relocatedScenario(scenario, problem.baseDir, plansDir), null, 2) + '\n');
  }
  const wanted = new Set(front.map((_, i) => frontFileName(i)));
  for (const f of await readdir(plansDir)) if (/^front-\d+\.json$/.test(f) && !wanted.has(f)) await unlink(join(plansDir, f));
  await writeFileAtomic(join(dir, FRONT), frontCsv(problem, front));
  await writeFileAtomic(join(dir, EVALUATIONS), rowsOf(problem, state.evaluations, 'evaluation', (i) => String(i + 1)));
}
