import { csvLines } from '../output/csvLines.js';
import { runJobs } from '../run/pool.js';
import { sweepJob, sweepRunRows, sweepRunYears } from './jobs.js';
import type { SweepPlan } from './plan.js';

/** How far a sweep collected in memory has got, told as each run finishes. */
export interface SweepCollectProgress {
  /** Runs finished, of `total`. */
  done: number;
  total: number;
  /** Years simulated, of every run's years together. */
  yearsDone: number;
  totalYears: number;
  /** The run that finished last (-1 before any has): variant `floor(run / replicates)`, replicate `run % replicates`. */
  run: number;
}

export interface SweepCollectOptions {
  threads?: number;
  signal?: AbortSignal;
  /** Told as each run finishes and each year of a run is simulated. */
  onProgress?: (progress: SweepCollectProgress) => void;
}

/**
 * Runs every variant × replicate of a sweep on the worker threads and returns its results as the text
 * of `results.csv`, byte for byte what `reforest sweep` writes for the same sweep: the header, then
 * each run's rows in run order, however the runs were spread over threads. Nothing is written to
 * disk, so there is nothing to resume: a sweep in the page that is cancelled is run again whole.
 */
export async function collectSweep(plan: SweepPlan, opts: SweepCollectOptions = {}): Promise<string> {
  const runs = Array.from({ length: plan.totalRuns }, (_, k) => k);
  const chunks: string[] = new Array<string>(plan.totalRuns);
  const totalYears = runs.reduce((n, k) => n + sweepRunYears(plan, k), 0);
  let done = 0;
  let yearsDone = 0;
  let last = -1;
  const tell = () => opts.onProgress?.({ done, total: plan.totalRuns, yearsDone, totalYears, run: last });
  tell();
  await runJobs(
    runs.map((k) => sweepJob(plan, k)),
    {
      onYear: (_job, year) => {
        if (year === 0) return;
        yearsDone++;
        tell();
      },
      onDone: (job, values) => {
        chunks[job.id] = csvLines(sweepRunRows(plan, job, values));
        done++;
        last = job.id;
        tell();
      },
    },
    { threads: opts.threads, signal: opts.signal },
  );
  return csvLines([plan.columns]) + chunks.join('');
}
