import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import Pool from 'worker-threads-pool';
import { METRICS } from '../results/metrics.js';
import { summarise, type RunResult } from '../results/result.js';
import type { LoadedScenario } from '../scenario/load.js';
import { RunCancelledError, RunFailedError, type RunEvent } from './events.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

export interface RunOptions {
  /** Worker threads; defaults to the machine's parallelism, never more than there are replicates. */
  threads?: number;
  /** Replicate whose per-year frames are emitted, or -1 (default) for none. */
  frameReplicate?: number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/** The worker's entry point: the compiled module, or when running from sources, a loader that compiles TypeScript. */
function workerEntry(): { file: string; options: WorkerOptions } {
  const compiled = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(compiled)) return { file: compiled, options: {} };
  return { file: fileURLToPath(new URL('./worker-from-source.mjs', import.meta.url)), options: {} };
}

/**
 * Runs every replicate of a scenario on worker threads and summarises them. Each replicate draws from
 * its own random streams, so the result is the same whatever the thread count or scheduling. Aborting
 * terminates the workers at once and rejects with RunCancelledError: a cancelled run has no result.
 */
export async function runScenario(loaded: LoadedScenario, opts: RunOptions = {}): Promise<RunResult> {
  const sc = loaded.resolved.scenario;
  const replicates = sc.replicates;
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), replicates));
  const emit = opts.onEvent ?? (() => {});
  const zones = ['all', ...sc.plantings.map((p) => p.name)];
  if (opts.signal?.aborted) throw new RunCancelledError();

  emit({ type: 'start', replicates, years: sc.years, threads, zones });

  const setup: WorkerSetup = { resolved: loaded.resolved, terrain: loaded.terrain, frameReplicate: opts.frameReplicate ?? -1 };
  const entry = workerEntry();
  const pool = new Pool({ max: threads });
  const workers: Worker[] = [];
  const perReplicate: Float64Array[] = new Array(replicates);
  let next = 0;
  let done = 0;
  let yearsDone = 0;
  const totalYears = replicates * sc.years;

  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        opts.signal?.removeEventListener('abort', onAbort);
        for (const w of workers) void w.terminate();
        if (err) reject(err);
        else resolve();
      };
      const onAbort = () => finish(new RunCancelledError());
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      const handOut = (worker: Worker) => {
        if (settled) return;
        if (next < replicates) worker.postMessage({ type: 'run', replicate: next++ } satisfies ToWorker);
        else worker.postMessage({ type: 'stop' } satisfies ToWorker);
      };

      for (let t = 0; t < threads; t++) {
        pool.acquire(entry.file, { ...entry.options, workerData: setup }, (err: Error | null, worker: Worker) => {
          if (err) return finish(new RunFailedError(`could not start a simulation thread: ${err.message}`));
          if (settled) {
            void worker.terminate();
            return;
          }
          workers.push(worker);
          worker.on('error', (e: Error) => finish(new RunFailedError(`simulation thread failed: ${e.message}`)));
          worker.on('exit', (code) => {
            if (!settled && code !== 0) finish(new RunFailedError(`simulation thread exited with code ${code}`));
          });
          worker.on('message', (msg: FromWorker) => {
            if (settled) return;
            switch (msg.type) {
              case 'ready':
                handOut(worker);
                break;
              case 'year':
                if (msg.year > 0) yearsDone++;
                emit({ type: 'progress', replicatesDone: done, replicates, yearsDone, totalYears });
                break;
              case 'layout':
                emit({ type: 'layout', layout: msg.layout });
                break;
              case 'frame':
                emit({ type: 'frame', frame: msg.frame });
                break;
              case 'done':
                perReplicate[msg.replicate] = msg.values;
                done++;
                emit({ type: 'progress', replicatesDone: done, replicates, yearsDone, totalYears });
                if (done === replicates) finish();
                else handOut(worker);
                break;
              case 'failed':
                finish(new RunFailedError(msg.message));
                break;
            }
          });
        });
      }
    });
  } catch (err) {
    emit({ type: 'error', message: (err as Error).message });
    throw err;
  }

  const result: RunResult = {
    scenarioName: sc.name,
    seed: sc.seed,
    years: sc.years,
    replicates,
    zones,
    metrics: METRICS,
    perReplicate,
    summary: summarise(perReplicate),
  };
  emit({ type: 'result', result });
  return result;
}
