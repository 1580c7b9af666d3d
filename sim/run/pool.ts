import { availableParallelism } from 'node:os';
import { RunCancelledError } from './events.js';
import type { JobHandlers } from './jobHandlers.js';
import type { Job } from './protocol.js';
import { SimulationPool } from './simulationPool.js';

export type { JobHandlers } from './jobHandlers.js';

export interface PoolOptions {
  /** Worker threads; defaults to the machine's parallelism, never more than there are jobs. */
  threads?: number;
  signal?: AbortSignal;
}

export function defaultThreads(): number {
  return availableParallelism();
}

let shared: SimulationPool | null = null;

/**
 * The process's simulation pool, with room for at least `threads` threads: every run, comparison,
 * sweep and search of a process shares it, so threads start once and keep the sites they built.
 */
export function sharedPool(threads = defaultThreads()): SimulationPool {
  if (!shared) shared = new SimulationPool({ threads });
  else shared.grow(threads);
  return shared;
}

/** Jobs run and seconds simulated by the shared pool so far (zero before it starts), and its threads. */
export function sharedPoolStats(): { jobs: number; simulationSeconds: number; threads: number } {
  return shared ? { jobs: shared.stats.jobs, simulationSeconds: shared.stats.simulationSeconds, threads: shared.size } : { jobs: 0, simulationSeconds: 0, threads: 0 };
}

/** Stops the shared pool's threads, letting each finish its job; the next run starts a new pool. */
export async function closeSharedPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}

/**
 * Runs jobs on the shared pool's threads, at most `threads` at once, handing each idle thread the next
 * job, so a thread that draws short jobs takes more of them. Aborting stops the threads running the
 * jobs at once and rejects with RunCancelledError; a failing job stops them and rejects with
 * RunFailedError.
 */
export async function runJobs(jobs: readonly Job[], handlers: JobHandlers, opts: PoolOptions = {}): Promise<void> {
  if (opts.signal?.aborted) throw new RunCancelledError();
  if (jobs.length === 0) return;
  const threads = Math.max(1, Math.min(opts.threads ?? defaultThreads(), jobs.length));
  await sharedPool(threads).run(jobs, handlers, { threads, signal: opts.signal });
}
