import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import Pool from 'worker-threads-pool';
import type { TreeLayout, YearFrame } from '../results/frames.js';
import type { FinalTrees } from '../results/trees.js';
import { RunCancelledError, RunFailedError } from './events.js';
import type { FromWorker, Job, ToWorker } from './protocol.js';

export interface JobHandlers {
  onYear?(job: Job, year: number): void;
  /** Share (0–1) of year `year` done so far, within the year. */
  onPartOfYear?(job: Job, year: number, share: number): void;
  onLayout?(job: Job, layout: TreeLayout): void;
  onFrame?(job: Job, frame: YearFrame): void;
  /** A job finished after `seconds` of simulation; may return a promise (e.g. writing its output), which the run waits for. */
  onDone(job: Job, values: Float64Array, trees: FinalTrees | null, seconds: number): void | Promise<void>;
}

export interface PoolOptions {
  /** Worker threads; defaults to the machine's parallelism, never more than there are jobs. */
  threads?: number;
  signal?: AbortSignal;
}

/** The worker's entry point: the compiled module, or when running from sources, a loader that compiles TypeScript. */
function workerEntry(): string {
  // In the packaged desktop app the core sits outside the asar archive (electron-builder's
  // asarUnpack), where a worker thread can load it.
  const compiled = fileURLToPath(new URL('./worker.js', import.meta.url)).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./worker-from-source.mjs', import.meta.url));
}

export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * Runs jobs on worker threads (through worker-threads-pool), handing each idle worker the next job,
 * so a thread that draws short jobs takes more of them. Aborting terminates the workers at once and
 * rejects with RunCancelledError; a failing job terminates them and rejects with RunFailedError.
 */
export async function runJobs(jobs: readonly Job[], handlers: JobHandlers, opts: PoolOptions = {}): Promise<void> {
  if (opts.signal?.aborted) throw new RunCancelledError();
  if (jobs.length === 0) return;
  const threads = Math.max(1, Math.min(opts.threads ?? defaultThreads(), jobs.length));
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const pool = new Pool({ max: threads });
  const workers: Worker[] = [];
  const pending: Promise<void>[] = [];
  const file = workerEntry();
  let next = 0;
  let done = 0;

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      // A cancelled or failed run stops its threads at once. A finished one lets them end on their own:
      // terminating a thread while V8 still compiles on its behalf can abort the whole process.
      for (const w of workers) {
        if (err) void w.terminate();
        else w.postMessage({ type: 'stop' } satisfies ToWorker);
      }
      if (err) reject(err);
      else Promise.all(pending).then(() => resolve(), reject);
    };
    const onAbort = () => finish(new RunCancelledError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const handOut = (worker: Worker) => {
      if (settled) return;
      if (next < jobs.length) worker.postMessage({ type: 'run', job: jobs[next++] } satisfies ToWorker);
      else worker.postMessage({ type: 'stop' } satisfies ToWorker);
    };

    for (let t = 0; t < threads; t++) {
      pool.acquire(file, (err: Error | null, worker: Worker) => {
        if (err) return finish(new RunFailedError(`could not start a simulation thread: ${err.message}`));
        if (settled) {
          void worker.terminate();
          return;
        }
        workers.push(worker);
        worker.on('error', (e: Error) => finish(new RunFailedError(`simulation thread failed: ${e.message}`)));
        worker.on('messageerror', (e: Error) => finish(new RunFailedError(`a simulation thread sent an unreadable message: ${e.message}`)));
        worker.on('exit', (code) => {
          if (!settled && code !== 0) finish(new RunFailedError(`simulation thread exited with code ${code}`));
        });
        worker.on('message', (msg: FromWorker) => {
          if (settled) return;
          try {
            switch (msg.type) {
              case 'ready':
                handOut(worker);
                break;
              case 'year':
                handlers.onYear?.(byId.get(msg.id)!, msg.year);
                break;
              case 'part':
                handlers.onPartOfYear?.(byId.get(msg.id)!, msg.year, msg.share);
                break;
              case 'layout':
                handlers.onLayout?.(byId.get(msg.id)!, msg.layout);
                break;
              case 'frame':
                handlers.onFrame?.(byId.get(msg.id)!, msg.frame);
                break;
              case 'done': {
                const result = handlers.onDone(byId.get(msg.id)!, msg.values, msg.trees, msg.seconds);
                if (result) {
                  pending.push(result);
                  result.catch((e: Error) => finish(e));
                }
                done++;
                if (done === jobs.length) finish();
                else handOut(worker);
                break;
              }
              case 'failed':
                finish(new RunFailedError(msg.message));
                break;
            }
          } catch (e) {
            finish(e as Error);
          }
        });
      });
    }
  });
}
