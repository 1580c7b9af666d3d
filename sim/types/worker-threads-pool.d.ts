declare module 'worker-threads-pool' {
  import type { Worker, WorkerOptions } from 'node:worker_threads';

  /** A cap on how many worker threads run at once; further acquisitions wait for a thread to exit. */
  export default class Pool {
    constructor(opts?: { max?: number; maxWaiting?: number });
    readonly size: number;
    acquire(filename: string, opts: WorkerOptions, cb: (err: Error | null, worker: Worker) => void): void;
    acquire(filename: string, cb: (err: Error | null, worker: Worker) => void): void;
    destroy(cb?: () => void): void;
  }
}
