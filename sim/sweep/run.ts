import { join } from 'node:path';
import { writeStreamAtomic } from '../output/atomic.js';
import { runJobs } from '../run/pool.js';
import type { Job } from '../run/protocol.js';
import { sweepJob, sweepRunRows, sweepRunYears } from './jobs.js';
import { RESULTS, manifestOf, mergeSweepDirs, openSweepDir, writeRunFile, writeVariantFiles } from './outputs.js';
import type { SweepPlan } from './plan.js';
import { runsOfShard, type Shard } from './shard.js';

export interface SweepRunOptions {
  outDir: string;
  shard: Shard | null;
  threads?: number;
  signal?: AbortSignal;
  /** Called as runs finish: runs done (including those found already complete) of the shard's total. */
  onProgress?: (done: number, total: number, yearsDone: number, totalYears: number) => void;
}

export interface SweepRunSummary {
  /** Runs of this shard. */
  shardRuns: number;
  /** Runs of this shard found complete from an earlier, interrupted attempt. */
  skipped: number;
  ran: number;
  /** Seconds the worker threads spent simulating, all runs added up. */
  simulationSeconds: number;
  /** The merged results file, when every run of the sweep is in the folder. */
  results: string | null;
}

/**
 * Runs a sweep's share of runs on worker threads, writing each run's rows to its own file as it
 * finishes; runs already complete in the folder are skipped, so re-running resumes. When every run of
 * the sweep is in the folder, writes results.csv.
 */
export async function runSweep(plan: SweepPlan, opts: SweepRunOptions): Promise<SweepRunSummary> {
  const complete = await openSweepDir(opts.outDir, manifestOf(plan));
  await writeVariantFiles(opts.outDir, plan);
  const mine = runsOfShard(plan.totalRuns, opts.shard);
  const todo = mine.filter((k) => !complete.has(k));
  const jobs: Job[] = todo.map((k) => sweepJob(plan, k));
  const yearsOf = (k: number) => sweepRunYears(plan, k);
  const totalYears = mine.reduce((n, k) => n + yearsOf(k), 0);
  let done = mine.length - todo.length;
  let simulationSeconds = 0;
  let yearsDone = mine.filter((k) => complete.has(k)).reduce((n, k) => n + yearsOf(k), 0);
  opts.onProgress?.(done, mine.length, yearsDone, totalYears);

  await runJobs(
    jobs,
    {
      onYear: (_job, year) => {
        if (year > 0) yearsDone++;
      },
      onDone: async (job, values, _trees, seconds) => {
        simulationSeconds += seconds;
        const rows = sweepRunRows(plan, job, values);
        await writeRunFile(opts.outDir, job.id, rows);
        done++;
        opts.onProgress?.(done, mine.length, yearsDone, totalYears);
      },
    },
    { threads: opts.threads, signal: opts.signal },
  );

  let results: string | null = null;
  const everything = await openSweepDir(opts.outDir, manifestOf(plan));
  if (everything.size === plan.totalRuns) {
    results = join(opts.outDir, RESULTS);
    await writeStreamAtomic(results, (write) => mergeSweepDirs([opts.outDir], write), opts.signal);
  }
  return { shardRuns: mine.length, skipped: mine.length - todo.length, ran: todo.length, simulationSeconds, results };
}

