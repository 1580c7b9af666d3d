import type { Worker } from 'node:worker_threads';
import Pool from 'worker-threads-pool';
import { contentKey } from './contentKey.js';
import { RunCancelledError, RunFailedError } from './events.js';
import type { FromWorker, Job, ToWorker, WorkerJob } from './protocol.js';
import { DEFAULT_SITE_CACHE, SiteKeys } from './siteCache.js';
import type { JobHandlers } from './jobHandlers.js';
import { workerEntry } from './workerEntry.js';

export interface SimulationPoolOptions {
  /** Most worker threads the pool starts. */
  threads: number;
  /** Sites each worker keeps (see SiteKeys). */
  siteCache?: number;
}

export interface BatchOptions {
  /** Most of this batch's jobs running at once; the pool's size by default. */
  threads?: number;
  signal?: AbortSignal;
}

/** One call of `run`: its jobs, how far they are, and how it ends. */
interface Batch {
  readonly jobs: readonly Job[];
  readonly keys: readonly string[];
  readonly byId: ReadonlyMap<number, Job>;
  readonly handlers: JobHandlers;
  readonly limit: number;
  next: number;
  running: number;
  done: number;
  settled: boolean;
  readonly pending: Promise<void>[];
  settle(err?: Error): void;
}

interface Slot {
  worker: Worker;
  /** The worker's site cache as the pool knows it (touched in the same order as the worker's own). */
  mirror: SiteKeys;
  batch: Batch | null;
  /** Shared with the worker: set to 1 to stop its job at the end of the year it is in. */
  stop: Int32Array;
  /** Its job's batch was cancelled: the thread is finishing the year, then free again. */
  stopping: boolean;
  /** It has said it is ready (loaded). */
  ready: boolean;
}

/**
 * Worker threads that outlive a run: a CLI command, a sweep, the web host and a search of plans hand it
 * batches of jobs, and each idle thread takes the next job of the oldest batch with room. Threads start
 * on first need (through worker-threads-pool) and stay; each keeps the sites of its last few scenarios,
 * keyed by content, and shares one set of working arrays among them, so a job whose site is known costs
 * only its simulation, and a scenario is sent to a thread only when that thread lacks it. The terrain's
 * rasters are shared memory, never copied.
 *
 * Idle threads do not keep the process alive. A cancelled batch stops its jobs at the end of their year (the threads and their sites are kept); a failed one terminates the threads running its jobs
 * (the rest go on); a failing job fails its batch only.
 */
export class SimulationPool {
  private threads: number;
  private readonly siteCache: number;
  private readonly starter = new Pool({ max: 1024 });
  private readonly slots: Slot[] = [];
  private starting = 0;
  /** Threads started that have not said they are ready. */
  private loading = 0;
  /** Threads started and not yet exited, ready or not. */
  private alive = 0;
  private readonly batches: Batch[] = [];
  private closed = false;
  /** Seconds spent in `run` calls and seconds the threads spent simulating, for overhead figures. */
  readonly stats = { jobs: 0, simulationSeconds: 0, sitesSent: 0, threadsStarted: 0 };

  constructor(opts: SimulationPoolOptions) {
    this.threads = Math.max(1, Math.floor(opts.threads));
    this.siteCache = Math.max(1, opts.siteCache ?? DEFAULT_SITE_CACHE);
  }

  get size(): number {
    return this.threads;
  }

  /** Threads started and not yet ended, including those still loading. */
  get threadsAlive(): number {
    return this.alive;
  }

  /** Lets the pool start up to `threads` threads (it never shrinks). */
  grow(threads: number): void {
    this.threads = Math.max(this.threads, Math.floor(threads));
  }

  /** Runs the jobs; resolves when every one is done and every promise its `onDone` returned has settled. */
  run(jobs: readonly Job[], handlers: JobHandlers, opts: BatchOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new RunFailedError('the simulation pool is closed'));
    if (opts.signal?.aborted) return Promise.reject(new RunCancelledError());
    if (jobs.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const batch: Batch = {
        jobs,
        keys: jobs.map((j) => contentKey(j.resolved, j.terrain)),
        byId: new Map(jobs.map((j) => [j.id, j])),
        handlers,
        limit: Math.max(1, Math.min(opts.threads ?? this.threads, this.threads)),
        next: 0,
        running: 0,
        done: 0,
        settled: false,
        pending: [],
        settle: (err?: Error) => {
          if (batch.settled) return;
          batch.settled = true;
          opts.signal?.removeEventListener('abort', onAbort);
          this.batches.splice(this.batches.indexOf(batch), 1);
          if (err) {
            // Threads still busy with this batch's jobs stop: a cancelled job at the end of its year (the
            // thread and its sites are kept), a failed one at once. The other batches carry on.
            for (const slot of [...this.slots]) {
              if (slot.batch !== batch) continue;
              if (err instanceof RunCancelledError) {
                Atomics.store(slot.stop, 0, 1);
                slot.stopping = true;
              } else this.retire(slot);
            }
            reject(err);
          } else {
            Promise.all(batch.pending).then(() => resolve(), reject);
          }
          this.dispatch();
        },
      };
      const onAbort = () => batch.settle(new RunCancelledError());
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.batches.push(batch);
      this.dispatch();
    });
  }

  /** Stops every thread once its current job is done (`run` calls still open are failed). */
  async close(): Promise<void> {
    this.closed = true;
    for (const b of [...this.batches]) b.settle(new RunFailedError('the simulation pool was closed'));
    const exits = this.slots.map((s) => new Promise<void>((r) => s.worker.once('exit', () => r())));
    for (const s of this.slots) {
      s.worker.ref(); // the process waits for the threads to end
      s.worker.postMessage({ type: 'stop' } satisfies ToWorker);
    }
    this.slots.length = 0;
    await Promise.all(exits);
  }

  /** Hands idle threads the next jobs, and starts threads while there is work they could take. */
  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.batch) continue;
      const batch = this.nextBatch();
      if (!batch) break;
      this.send(slot, batch);
    }
    for (const slot of this.slots) if (!slot.batch) slot.worker.unref();
    const waiting = this.batches.reduce((n, b) => n + Math.max(0, Math.min(b.limit - b.running, b.jobs.length - b.next)), 0);
    // Threads being started or still loading count towards the work they will take and the pool's size.
    while (this.starting + this.loading < waiting && this.slots.length + this.starting + this.loading < this.threads) this.startThread();
  }

  private nextBatch(): Batch | null {
    return this.batches.find((b) => b.next < b.jobs.length && b.running < b.limit) ?? null;
  }

  private send(slot: Slot, batch: Batch): void {
    const k = batch.next++;
    const job = batch.jobs[k];
    const key = batch.keys[k];
    const known = slot.mirror.has(key);
    slot.mirror.touch(key);
    if (!known) this.stats.sitesSent++;
    const { resolved, terrain, ...rest } = job;
    const message: WorkerJob = { ...rest, key, stop: slot.stop, ...(known ? {} : { site: { resolved, terrain } }) };
    slot.batch = batch;
    batch.running++;
    slot.worker.ref();
    slot.worker.postMessage({ type: 'run', job: message } satisfies ToWorker);
  }

  private startThread(): void {
    this.starting++;
    this.starter.acquire(workerEntry(), (err: Error | null, worker: Worker) => {
      this.starting--;
      if (err || this.closed) {
        if (worker) void worker.terminate();
        if (err) for (const b of [...this.batches]) b.settle(new RunFailedError(`could not start a simulation thread: ${err.message}`));
        return;
      }
      this.alive++;
      this.loading++;
      this.stats.threadsStarted++;
      const slot: Slot = { worker, mirror: new SiteKeys(this.siteCache), batch: null, stop: new Int32Array(new SharedArrayBuffer(4)), stopping: false, ready: false };
      worker.once('exit', () => {
        this.alive--;
        if (!slot.ready) this.loading--;
      });
      worker.postMessage({ type: 'init', siteCache: this.siteCache } satisfies ToWorker);
      const fail = (message: string) => {
        const batch = slot.batch;
        this.retire(slot);
        batch?.settle(new RunFailedError(message));
        this.dispatch();
      };
      worker.on('error', (e: Error) => fail(`simulation thread failed: ${e.message}`));
      worker.on('messageerror', (e: Error) => fail(`a simulation thread sent an unreadable message: ${e.message}`));
      worker.on('exit', (code) => {
        if (this.slots.includes(slot)) fail(`simulation thread exited with code ${code}`);
      });
      worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    });
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      this.loading--;
      // A thread that finishes loading after the pool was closed is told to stop, not kept.
      if (this.closed) slot.worker.postMessage({ type: 'stop' } satisfies ToWorker);
      else {
        this.slots.push(slot);
        this.dispatch();
      }
      return;
    }
    if (slot.stopping && (msg.type === 'done' || msg.type === 'stopped' || msg.type === 'failed')) {
      // The cancelled job has ended: the thread is free for the next batch.
      Atomics.store(slot.stop, 0, 0);
      slot.stopping = false;
      slot.batch = null;
      if (msg.type === 'failed') {
        slot.mirror = new SiteKeys(this.siteCache);
        slot.worker.postMessage({ type: 'init', siteCache: this.siteCache } satisfies ToWorker);
      }
      this.dispatch();
      return;
    }
    const batch = slot.batch;
    if (!batch || batch.settled) return;
    try {
      const job = batch.byId.get(msg.id)!;
      switch (msg.type) {
        case 'year':
          batch.handlers.onYear?.(job, msg.year);
          break;
        case 'part':
          batch.handlers.onPartOfYear?.(job, msg.year, msg.share);
          break;
        case 'layout':
          batch.handlers.onLayout?.(job, msg.layout);
          break;
        case 'frame':
          batch.handlers.onFrame?.(job, msg.frame);
          break;
        case 'done': {
          slot.batch = null;
          batch.running--;
          batch.done++;
          this.stats.jobs++;
          this.stats.simulationSeconds += msg.seconds;
          if (msg.structure) batch.handlers.onStructure?.(job, msg.structure);
          const result = batch.handlers.onDone(job, msg.values, msg.trees, msg.seconds);
          if (result) {
            batch.pending.push(result);
            result.catch((e: Error) => batch.settle(e));
          }
          if (batch.done === batch.jobs.length) batch.settle();
          else this.dispatch();
          break;
        }
        case 'failed':
          // The thread is sound but its site cache may not hold what the mirror says: start both afresh.
          slot.batch = null;
          batch.running--;
          slot.mirror = new SiteKeys(this.siteCache);
          slot.worker.postMessage({ type: 'init', siteCache: this.siteCache } satisfies ToWorker);
          batch.settle(new RunFailedError(msg.message));
          break;
      }
    } catch (e) {
      slot.batch = null;
      batch.settle(e as Error);
    }
  }

  /** Takes a thread out of the pool and stops it now. */
  private retire(slot: Slot): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    if (slot.batch) slot.batch.running--;
    slot.batch = null;
    void slot.worker.terminate();
  }
}
