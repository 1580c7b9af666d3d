import { createHash, randomUUID } from 'node:crypto';
import type { HostRunEvent, RunOutcome, RunRequest } from '../../sim/hostApi/api.js';
import type { RunResult } from '../../sim/shared/runResult.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import { runScenario } from '../../sim/run/runner.js';
import type { LoadedScenario } from '../../sim/scenario/load.js';
import { heldBytes } from './heldBytes.js';
import type { RunArchive } from './runArchive.js';
import { endedBy, refused, refusedFor } from './runOutcome.js';
import type { ScenarioSources } from './scenarioSources.js';
import type { SiteRegistry } from './siteRegistry.js';
import type { StudyService } from './studyService.js';

/** A run under way: its id at once, a way to stop it, and how it ended. */
export interface ServiceRun {
  runId: string;
  cancel(): void;
  done: Promise<RunOutcome>;
}

export interface RunServiceOptions {
  /** Worker threads per run; one per core when undefined. */
  threads: number | undefined;
  /** The open sites the requests name, and the plans loaded on them. */
  sites: SiteRegistry;
  /** Names the scenario's exported files. */
  sources: ScenarioSources;
  /** Where finished runs are kept for export and the last run for replay. */
  archive: RunArchive;
  /** Runs the studies (strategies, report, search) a request asks for instead of a run. */
  studies: StudyService;
}

/** The frame replicate: the one the 3D view shows, and the one whose trees are exported. */
const VIEW_REPLICATE = 0;

/**
 * Runs of the plans pages send, on worker threads, with their events streamed as they come: frames
 * of the view replicate, progress and the results. Each run can be cancelled; a finished run is kept
 * for export, and a request identical to the last one completed replays its events.
 */
export class RunService {
  constructor(private readonly options: RunServiceOptions) {}

  /**
   * Starts a run and streams its events. A request identical to one already completed replays that
   * run's recorded events (the results are deterministic), so reopening the page is instant.
   */
  run(request: RunRequest, onEvent: (event: HostRunEvent) => void): ServiceRun {
    const { sites, sources, archive, studies, threads } = this.options;
    const runId = randomUUID();
    const controller = new AbortController();
    const site = sites.get(request.siteId);
    const key = this.requestKey(request);
    const done = (async (): Promise<RunOutcome> => {
      // No event before run() has returned its handle: the caller learns the run id first. (Over a
      // socket, events may still overtake the reply that carries the id; the client buffers them.)
      await Promise.resolve();
      if (!site) return refused(runId, `no open site "${request.siteId}"; open the scenario again`);
      const recorded = request.study ? undefined : archive.recording(key);
      if (recorded) {
        for (const event of recorded.events) {
          if (controller.signal.aborted) return { status: 'cancelled', runId };
          onEvent(event);
          // Yield between events so a cancel or the socket's own traffic can interleave.
          await new Promise((r) => setImmediate(r));
        }
        archive.keep(runId, { ...recorded.finished, baseName: sources.baseNameOf(site.source) });
        return { status: 'completed', runId };
      }
      let loaded: LoadedScenario;
      try {
        loaded = await sites.loadPlan(site, request.text, request);
      } catch (err) {
        return refusedFor(runId, sources.problemsFor(err, site.source));
      }
      if (request.study) return studies.run({ runId, loaded, study: request.study, request, source: site.source, signal: controller.signal, onEvent });
      // The run's events, recorded for replay until they would pass the ceiling; then dropped, and
      // the run is not recorded (memory stays bounded while it runs, not only after).
      let events: HostRunEvent[] | null = [];
      let recordedBytes = 0;
      const seen = new Set<ArrayBufferLike>();
      try {
        const result = await runScenario(loaded, {
          threads,
          frameReplicate: VIEW_REPLICATE,
          treesReplicate: VIEW_REPLICATE,
          structure: true,
          signal: controller.signal,
          onEvent: (event) => {
            const sent: HostRunEvent =
              event.type === 'result'
                ? { type: 'result', result: stripTrees(event.result) }
                : event.type === 'progress'
                  ? {
                      type: 'progress',
                      share: event.totalYears > 0 ? event.yearsDone / event.totalYears : 1,
                      detail: `replicates ${event.replicatesDone}/${event.replicates} · years ${Math.floor(event.yearsDone)}/${event.totalYears}`,
                    }
                  : event;
            if (events && sent.type !== 'error') {
              recordedBytes += heldBytes(sent, seen);
              if (recordedBytes > archive.options.maxRecordedBytes) events = null;
              else events.push(sent);
            }
            onEvent(sent);
          },
        });
        const finished = { loaded, result, baseName: sources.baseNameOf(site.source), bytes: heldBytes([loaded.terrain, result]) };
        archive.keep(runId, finished);
        // A run whose frames would not fit is not recorded: asked for again, it runs again.
        archive.record(key, events ? { events, finished, bytes: recordedBytes } : null);
        return { status: 'completed', runId };
      } catch (err) {
        return endedBy(runId, err, controller.signal);
      }
    })();
    return { runId, cancel: () => controller.abort(), done };
  }

  /** Identifies a request by its site's terrain, seed, replicates and plan: equal keys, equal runs. */
  private requestKey(request: RunRequest): string {
    return createHash('sha256')
      .update(JSON.stringify([this.options.sites.get(request.siteId)?.key ?? request.siteId, request.seed ?? null, request.replicates ?? null, request.text]))
      .digest('hex');
  }
}

/** The page draws final trees from frames; the heavy per-tree arrays stay on the host for export. */
function stripTrees(result: RunResult & { trees?: FinalTrees | null }): RunResult {
  const { trees: _trees, ...rest } = result;
  return rest;
}
