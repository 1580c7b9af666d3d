import type { TreeLayout, YearFrame } from '../results/frames.js';
import type { RunResult } from '../shared/runResult.js';

/** What a running scenario reports, in order: start, then progress and frames interleaved, then result or error. */
export type RunEvent =
  | { type: 'start'; replicates: number; years: number; threads: number; zones: string[] }
  /** `yearsDone` counts whole years and the shares done of years under way, so it need not be whole. */
  | { type: 'progress'; replicatesDone: number; replicates: number; yearsDone: number; totalYears: number }
  | { type: 'layout'; layout: TreeLayout }
  | { type: 'frame'; frame: YearFrame }
  | { type: 'result'; result: RunResult }
  | { type: 'error'; message: string };

/** A run stopped by its AbortSignal; it has no result. */
export class RunCancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'AbortError';
  }
}

/** A failure inside the simulation (not bad input): a bug or exhausted resources. */
export class RunFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunFailedError';
  }
}
