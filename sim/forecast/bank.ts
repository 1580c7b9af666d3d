import type { SiteDraw } from '../model/siteDraw.js';
import { Stream, replicateStream } from '../random/rng.js';
import type { FinalTrees } from '../results/trees.js';
import { runJobs } from '../run/pool.js';
import type { Job } from '../run/protocol.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { M, metricIndex } from '../shared/metrics.js';
import type { Survey } from '../survey/format.js';
import { countedDensityError, figureVector, observedFigures, simulatedFigures, type SurveyFigures } from '../survey/statistics.js';
import type { Particle } from './abc.js';
import { drawFromPrior } from './prior.js';

export interface BankOptions {
  plan: LoadedScenario;
  survey: Survey;
  particles: number;
  /** Seeds the draws and the replicates; the plan's seed by default. */
  seed?: number;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The plan cut at the survey year, with another seed where asked: what each particle runs. */
export function planTo(resolved: ResolvedScenario, years: number, seed: number): ResolvedScenario {
  return { ...resolved, scenario: { ...resolved.scenario, years, seed } };
}

/** Particle k's draw from the prior: keyed by the seed and k alone, so a bank can grow without changing its first particles. */
export function particleDraw(seed: number, k: number): SiteDraw {
  return drawFromPrior(replicateStream(seed, k, Stream.SiteDraws));
}

/**
 * What the survey's plots would find on a particle's stand, with a herbivore count made as the
 * survey's were: the particle's own density plus a normal error of the counts' standard error (noisy
 * ABC, Wilkinson (2013) Stat. Appl. Genet. Mol. Biol. 12:129-141, so the count's error is in the
 * posterior rather than taken as exact).
 */
export function surveyOfStand(survey: Survey, resolved: ResolvedScenario, trees: FinalTrees, values: Float64Array, seed: number, k: number): SurveyFigures {
  const zones = resolved.scenario.plantings.length + 1;
  const density = values[metricIndex(zones, survey.year, 0, M.herbivore_density_per_km2)];
  const figures = simulatedFigures(survey, resolved.scenario, trees, density);
  if (figures.herbivoresPerKm2 === null) return figures;
  const error = countedDensityError(survey);
  const noise = replicateStream(seed, k, Stream.Survey).normal() * error;
  return { ...figures, herbivoresPerKm2: Math.max(0, density + noise) };
}

/**
 * A bank of particles: draws from the prior, each run to the survey year on its own replicate and
 * surveyed with the survey's plots. The figures depend only on the plan, survey, seed and particle
 * number, never on the thread count.
 */
export async function particleBank(options: BankOptions): Promise<{ particles: Particle[]; names: string[]; observed: number[] }> {
  const { plan, survey } = options;
  const seed = options.seed ?? plan.resolved.scenario.seed;
  const resolved = planTo(plan.resolved, survey.year, seed);
  const shape = observedFigures(survey, resolved.scenario);
  const { names, values: observed } = figureVector(shape);
  const particles: Particle[] = new Array(options.particles);
  const jobs: Job[] = Array.from({ length: options.particles }, (_, k) => ({
    id: k,
    resolved,
    terrain: plan.terrain,
    replicate: k,
    frames: false,
    keepTrees: true,
    draw: particleDraw(seed, k),
  }));
  let done = 0;
  await runJobs(
    jobs,
    {
      onDone: (job, values, trees) => {
        const figures = surveyOfStand(survey, resolved, trees!, values, seed, job.id);
        particles[job.id] = { draw: job.draw!, figures: figureVector(figures, shape).values };
        options.onProgress?.(++done, options.particles);
      },
    },
    { threads: options.threads, signal: options.signal },
  );
  return { particles, names, observed };
}

/** Runs jobs on the pool and returns each job's yearly metrics by its id (ids 0..n−1), calling `onDone` with the count done. */
export async function runValues(jobs: readonly Job[], options: { threads?: number; signal?: AbortSignal; onDone?: (done: number, total: number) => void }): Promise<Float64Array[]> {
  const values: Float64Array[] = new Array(jobs.length);
  let done = 0;
  await runJobs(
    jobs,
    {
      onDone: (job, v) => {
        values[job.id] = v;
        options.onDone?.(++done, jobs.length);
      },
    },
    { threads: options.threads, signal: options.signal },
  );
  return values;
}
