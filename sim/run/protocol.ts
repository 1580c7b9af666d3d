import type { TreeLayout, YearFrame } from '../results/frames.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Terrain } from '../terrain/terrain.js';

/** Messages between the runner and its worker threads. */

export interface WorkerSetup {
  resolved: ResolvedScenario;
  /** Shared, not copied: the rasters are SharedArrayBuffer-backed. */
  terrain: Terrain;
  /** Replicate whose frames are sent, or -1 for none. */
  frameReplicate: number;
}

export type ToWorker = { type: 'run'; replicate: number } | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'year'; replicate: number; year: number }
  | { type: 'layout'; layout: TreeLayout }
  | { type: 'frame'; frame: YearFrame }
  | { type: 'done'; replicate: number; values: Float64Array }
  | { type: 'failed'; message: string };
