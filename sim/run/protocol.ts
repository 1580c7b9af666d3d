import type { TreeLayout, YearFrame } from '../results/frames.js';
import type { FinalTrees } from '../results/trees.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Terrain } from '../terrain/terrain.js';

/** Messages between the simulation pool and its worker threads. */

/** One replicate of one scenario. */
export interface Job {
  /** Identifies the job in replies. */
  id: number;
  /** Jobs with the same key share a scenario and terrain, so a worker builds their site once. */
  scenarioKey: string;
  resolved: ResolvedScenario;
  /** Shared, not copied: the rasters are SharedArrayBuffer-backed. */
  terrain: Terrain;
  replicate: number;
  /** Send per-year frames of this job (the 3D view). */
  frames: boolean;
  /** Send the final state of every tree (exports). */
  keepTrees: boolean;
}

export type ToWorker = { type: 'run'; job: Job } | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'year'; id: number; year: number }
  /** Part of a year done (0–1), sent while the herd moves, so progress moves within a long year. */
  | { type: 'part'; id: number; year: number; share: number }
  | { type: 'layout'; id: number; layout: TreeLayout }
  | { type: 'frame'; id: number; frame: YearFrame }
  | { type: 'done'; id: number; values: Float64Array; trees: FinalTrees | null; seconds: number }
  | { type: 'failed'; id: number; message: string };
