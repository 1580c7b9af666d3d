import type { HostRunEvent } from '../../sim/hostApi/api.js';
import type { RunResult } from '../../sim/shared/runResult.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import type { LoadedScenario } from '../../sim/scenario/load.js';

/** A finished run kept for export. */
export interface FinishedRun {
  loaded: LoadedScenario;
  result: RunResult & { trees: FinalTrees | null };
  /** The stem its exported files are named after. */
  baseName: string;
  /** What keeping it costs (heldBytes of its results, trees and terrain). */
  bytes: number;
}

/** The events a completed run sent, replayed when the same request comes again. */
export interface Recording {
  events: HostRunEvent[];
  finished: FinishedRun;
  bytes: number;
}

export interface RunArchiveOptions {
  /** Finished runs kept for export (oldest dropped first). */
  keepRuns: number;
  /** Most bytes of finished runs (results, final trees, terrain) kept for export. */
  maxFinishedBytes: number;
  /** Most bytes of recorded events kept to replay the last run; a run past it is not recorded. */
  maxRecordedBytes: number;
}

/**
 * What the host keeps of runs that finished, within its memory ceilings: the newest runs for export
 * (the newest always, however large) and the last run's events for replay.
 */
export class RunArchive {
  private readonly finished = new Map<string, FinishedRun>();
  /** The last completed run of each distinct request, by request key. */
  private readonly recordings = new Map<string, Recording>();

  constructor(readonly options: RunArchiveOptions) {}

  /** Bytes held for finished runs and the recording, within the two ceilings. */
  memoryHeld(): { finished: number; recorded: number } {
    let finished = 0;
    const counted = new Set<FinishedRun['result']>();
    for (const run of this.finished.values()) {
      if (counted.has(run.result)) continue; // a replayed run shares its recording's results
      counted.add(run.result);
      finished += run.bytes;
    }
    let recorded = 0;
    for (const r of this.recordings.values()) recorded += r.bytes;
    return { finished, recorded };
  }

  /** A finished run still kept, by run id. */
  run(runId: string): FinishedRun | undefined {
    return this.finished.get(runId);
  }

  /** The results of a finished run of that very plan (the object the site's plan cache resolved), if one is still kept. */
  resultOf(loaded: FinishedRun['loaded']): FinishedRun['result'] | undefined {
    for (const run of this.finished.values()) if (run.loaded === loaded) return run.result;
    return undefined;
  }

  /** Keeps a finished run; older ones go first past either limit, the newest always stays. */
  keep(runId: string, run: FinishedRun): void {
    const { keepRuns, maxFinishedBytes } = this.options;
    this.finished.set(runId, run);
    while (this.finished.size > 1 && (this.finished.size > keepRuns || this.memoryHeld().finished > maxFinishedBytes)) {
      this.finished.delete(this.finished.keys().next().value!);
    }
  }

  /** The recorded events of a request, if it is the last one completed and it fitted. */
  recording(requestKey: string): Recording | undefined {
    return this.recordings.get(requestKey);
  }

  /**
   * Makes `recording` the one run kept for replay, under its request's key, dropping the one before;
   * null (a run whose events would not fit) leaves none: asked for again, that run runs again.
   */
  record(requestKey: string, recording: Recording | null): void {
    this.recordings.clear();
    if (recording) this.recordings.set(requestKey, recording);
  }
}
