import { openRing, polygonArea } from '../shared/polygon.js';
import { METRICS } from '../shared/metrics.js';
import { summarise, type RunResult } from '../shared/runResult.js';
import type { FinalTrees } from '../results/trees.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { RunStructure } from '../shared/structure.js';
import { RunCancelledError, type RunEvent } from './events.js';
import { defaultThreads, runJobs } from './pool.js';
import type { Job } from './protocol.js';

export interface RunOptions {
  /** Worker threads; defaults to the machine's parallelism, never more than there are replicates. */
  threads?: number;
  /** Replicate whose per-year frames are emitted, or -1 (default) for none. */
  frameReplicate?: number;
  /** With `frameReplicate`: each frame carries every tree's carbon (the yearly carbon maps). */
  frameCarbon?: boolean;
  /** Replicate whose final trees are returned (`RunResult.trees`), or -1 (default) for none. */
  treesReplicate?: number;
  /** Record the stand's structure (species, height and diameter classes) of every replicate: `RunResult.structure`. */
  structure?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/**
 * Runs every replicate of a scenario on worker threads and summarises them. Each replicate draws from
 * its own random streams, so the result is the same whatever the thread count or scheduling. Aborting
 * terminates the workers at once and rejects with RunCancelledError: a cancelled run has no result.
 */
export async function runScenario(loaded: LoadedScenario, opts: RunOptions = {}): Promise<RunResult & { trees: FinalTrees | null }> {
  const sc = loaded.resolved.scenario;
  const replicates = sc.replicates;
  const threads = Math.max(1, Math.min(opts.threads ?? defaultThreads(), replicates));
  const emit = opts.onEvent ?? (() => {});
  const zones = ['all', ...sc.plantings.map((p) => p.name)];
  if (opts.signal?.aborted) throw new RunCancelledError();
  emit({ type: 'start', replicates, years: sc.years, threads, zones });

  const jobs: Job[] = Array.from({ length: replicates }, (_, r) => ({
    id: r,
    resolved: loaded.resolved,
    terrain: loaded.terrain,
    replicate: r,
    frames: r === (opts.frameReplicate ?? -1),
    frameCarbon: opts.frameCarbon === true,
    keepTrees: r === (opts.treesReplicate ?? -1),
    structure: opts.structure === true,
  }));
  const perReplicate: Float64Array[] = new Array(replicates);
  const structure: Float64Array[] = new Array(replicates);
  let trees: FinalTrees | null = null;
  let done = 0;
  let yearsDone = 0;
  const totalYears = replicates * sc.years;
  /** Share of its current year each running job has done (herd movement reports within the year). */
  const partial = new Map<number, number>();
  const partialSum = () => [...partial.values()].reduce((a, b) => a + b, 0);
  const progress = () =>
    emit({ type: 'progress', replicatesDone: done, replicates, yearsDone: Math.min(totalYears, yearsDone + partialSum()), totalYears });

  try {
    await runJobs(
      jobs,
      {
        onYear: (job, year) => {
          if (year === 0) return;
          yearsDone++;
          partial.delete(job.id);
          progress();
        },
        onPartOfYear: (job, _year, share) => {
          partial.set(job.id, share);
          progress();
        },
        onLayout: (_job, layout) => emit({ type: 'layout', layout }),
        onFrame: (_job, frame) => emit({ type: 'frame', frame }),
        onStructure: (job, values) => {
          structure[job.replicate] = values;
        },
        onDone: (job, values, kept) => {
          perReplicate[job.replicate] = values;
          if (kept) trees = kept;
          done++;
          progress();
        },
      },
      { threads, signal: opts.signal },
    );
  } catch (err) {
    emit({ type: 'error', message: (err as Error).message });
    throw err;
  }

  const result: RunResult & { trees: FinalTrees | null } = {
    scenarioName: sc.name,
    seed: sc.seed,
    years: sc.years,
    replicates,
    zones,
    currency: loaded.resolved.effective.costs.currency,
    zoneAreaHa: sc.plantings.map((p) => polygonArea(openRing(p.polygon)) / 10_000),
    stocking: { targetPerHa: sc.appraisal.stockingTargetPerHa, year: Math.min(sc.appraisal.stockingYear, sc.years) },
    metrics: METRICS,
    perReplicate,
    summary: summarise(perReplicate),
    ...(opts.structure ? { structure: runStructure(loaded, structure) } : {}),
    trees,
  };
  emit({ type: 'result', result });
  return result;
}

function runStructure(loaded: LoadedScenario, perReplicate: Float64Array[]): RunStructure {
  const { speciesIds, species } = loaded.resolved;
  return { speciesIds, speciesNames: species.map((s) => s.name), perReplicate, summary: summarise(perReplicate) };
}
