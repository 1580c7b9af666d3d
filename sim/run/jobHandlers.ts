import type { TreeLayout, YearFrame } from '../results/frames.js';
import type { FinalTrees } from '../results/trees.js';
import type { Job } from './protocol.js';

/** What the caller of a batch of simulation jobs hears as they run. */
export interface JobHandlers {
  onYear?(job: Job, year: number): void;
  /** Share (0–1) of year `year` done so far, within the year. */
  onPartOfYear?(job: Job, year: number, share: number): void;
  onLayout?(job: Job, layout: TreeLayout): void;
  onFrame?(job: Job, frame: YearFrame): void;
  /** A job that asked for the stand's structure (`Job.structure`) hands it here just before `onDone`. */
  onStructure?(job: Job, structure: Float64Array): void;
  /** A job finished after `seconds` of simulation; may return a promise (e.g. writing its output), which the run waits for. */
  onDone(job: Job, values: Float64Array, trees: FinalTrees | null, seconds: number): void | Promise<void>;
}
