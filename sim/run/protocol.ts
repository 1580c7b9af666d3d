import type { TreeLayout, YearFrame } from '../results/frames.js';
import type { FinalTrees } from '../results/trees.js';
import type { SiteDraw } from '../model/siteDraw.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Terrain } from '../terrain/terrain.js';

/** Messages between the simulation pool and its worker threads. */

/** One replicate of one scenario. */
export interface Job {
  /** Identifies the job in replies. */
  id: number;
  resolved: ResolvedScenario;
  /** Shared, not copied: the rasters are SharedArrayBuffer-backed. */
  terrain: Terrain;
  replicate: number;
  /** Send per-year frames of this job (the 3D view). */
  frames: boolean;
  /** With `frames`: each frame carries every tree's carbon (the yearly carbon maps). */
  frameCarbon?: boolean;
  /** Send the final state of every tree (exports). */
  keepTrees: boolean;
  /** Record the stand's structure each year (shared/structure.ts); none when absent. */
  structure?: boolean;
  /** How this replicate's site differs from the plan's assumptions (conditioning on a survey); the plan's own when absent. */
  draw?: SiteDraw;
}

/**
 * A job as sent to a worker: `key` is the content key of its scenario and terrain (contentKey.ts); the
 * scenario and terrain are sent only when the worker does not have that site yet.
 */
export interface WorkerJob extends Omit<Job, 'resolved' | 'terrain'> {
  key: string;
  /** Shared with the pool: 1 asks the job to stop at the end of the year it is in. */
  stop?: Int32Array;
  site?: { resolved: ResolvedScenario; terrain: Terrain };
}

export type ToWorker = { type: 'init'; siteCache: number } | { type: 'run'; job: WorkerJob } | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'year'; id: number; year: number }
  /** Part of a year done (0–1), sent while the herd moves, so progress moves within a long year. */
  | { type: 'part'; id: number; year: number; share: number }
  | { type: 'layout'; id: number; layout: TreeLayout }
  | { type: 'frame'; id: number; frame: YearFrame }
  | { type: 'done'; id: number; values: Float64Array; structure: Float64Array | null; trees: FinalTrees | null; seconds: number }
  | { type: 'failed'; id: number; message: string }
  /** The job stopped early, as asked (its batch was cancelled). */
  | { type: 'stopped'; id: number };
