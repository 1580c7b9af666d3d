import { createHash, randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { assetPath } from '../../sim/assets.js';
import type {
  ExampleEntry,
  ExportKind,
  ExportedFile,
  HostRunEvent,
  OpenResult,
  RunOutcome,
  RunRequest,
  ScenarioProblem,
  ScenarioSource,
} from '../../sim/host/api.js';
import { describeSite } from '../../sim/host/siteView.js';
import { heldBytes } from './heldBytes.js';
import { summaryCsv, writeYearlyMetricsCsv } from '../../sim/output/csv.js';
import { scenarioGeoJson } from '../../sim/output/geojson.js';
import { treesCsv } from '../../sim/output/trees.js';
import type { RunResult } from '../../sim/results/result.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import { RunCancelledError } from '../../sim/run/events.js';
import { runScenario } from '../../sim/run/runner.js';
import { ScenarioError } from '../../sim/scenario/issues.js';
import { applyRunOverrides, type LoadedScenario, loadScenario, parseScenarioText } from '../../sim/scenario/load.js';

export interface HostServiceOptions {
  /** Worker threads per run; defaults to one per core. */
  threads?: number;
  /** Folder of the built-in example scenarios. */
  examplesDir?: string;
  /** Where relative paths in scenarios the page holds as text resolve. */
  workingDir?: string;
  /** Finished runs kept for export (oldest dropped first). */
  keepRuns?: number;
  /**
   * Folders whose files a scenario may name (elevation models and their sidecars): by default the
   * examples and the working folder, the one the user started the host in. Nothing else on the
   * machine is read on a page's behalf.
   */
  readableRoots?: string[];
  /**
   * Most bytes of finished runs (results, final trees, terrain) kept for export, and of the recorded
   * frames kept to replay the last run: past these, the oldest runs are dropped and a run too large to
   * record is run again when asked for again. Defaults: 512 MiB and 256 MiB.
   */
  maxFinishedBytes?: number;
  maxRecordedBytes?: number;
}

export interface ServiceRun {
  runId: string;
  cancel(): void;
  done: Promise<RunOutcome>;
}

interface FinishedRun {
  loaded: LoadedScenario;
  result: RunResult & { trees: FinalTrees | null };
  baseName: string;
  /** What keeping it costs (heldBytes of its results, trees and terrain). */
  bytes: number;
}

interface Recording {
  events: HostRunEvent[];
  finished: FinishedRun;
  bytes: number;
}

/** The frame replicate: the one the 3D view shows, and the one whose trees are exported. */
const VIEW_REPLICATE = 0;

/**
 * What both hosts (web and Electron) do for the page: open scenarios, run them on worker threads
 * with streamed events, cancel, and export results as the CLI writes them. Transport-free: the web
 * host and the Electron main process each carry these calls over their own channel.
 */
export class HostService {
  private readonly threads: number | undefined;
  private readonly examplesDir: string;
  private readonly workingDir: string;
  private readonly keepRuns: number;
  private readonly finished = new Map<string, FinishedRun>();
  /** The last completed run of each distinct request, replayed when the same request comes again. */
  private readonly recordings = new Map<string, Recording>();

  constructor(options: HostServiceOptions = {}) {
    this.threads = options.threads;
    this.examplesDir = options.examplesDir ?? assetPath('scenarios');
    this.workingDir = options.workingDir ?? process.cwd();
    this.keepRuns = options.keepRuns ?? 8;
    this.maxFinishedBytes = options.maxFinishedBytes ?? 512 * 2 ** 20;
    this.maxRecordedBytes = options.maxRecordedBytes ?? 256 * 2 ** 20;
    this.readableRoots = (options.readableRoots ?? [this.examplesDir, this.workingDir]).map((r) => realOrSelf(resolve(r)));
  }

  private readonly readableRoots: string[];
  private readonly maxFinishedBytes: number;
  private readonly maxRecordedBytes: number;

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

  /** The host's read policy: only files (after following links) inside its readable folders. */
  private readonly mayRead = (file: string): string | null => {
    const real = realOrSelf(file);
    const inside = this.readableRoots.some((root) => {
      const rel = relative(root, real);
      return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    });
    return inside ? null : `this host reads files only inside ${this.readableRoots.join(' and ')}; start it from the folder that holds your elevation model`;
  };

  async listExamples(): Promise<ExampleEntry[]> {
    const names = (await readdir(this.examplesDir)).filter((n) => n.endsWith('.json')).sort();
    const out: ExampleEntry[] = [];
    for (const file of names) {
      const id = file.slice(0, -'.json'.length);
      try {
        const json = parseScenarioText(await readFile(join(this.examplesDir, file), 'utf8'), file) as { name?: unknown; description?: unknown };
        out.push({ id, name: String(json.name ?? id), description: String(json.description ?? '') });
      } catch {
        // An unreadable example is reported when it is opened, not by hiding the others.
        out.push({ id, name: id, description: '' });
      }
    }
    // The default scenario first: it is what the page opens on.
    return out.sort((a, b) => Number(b.id === 'default') - Number(a.id === 'default'));
  }

  async openExample(id: string): Promise<OpenResult> {
    let file: string;
    try {
      file = this.examplePath(id);
    } catch (err) {
      return { ok: false, problems: [{ message: (err as Error).message }] };
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { ok: false, problems: [{ message: `no example named "${id}"`, file: `${id}.json` }] };
    }
    return this.open({ kind: 'example', id }, text);
  }

  openText(text: string, source: ScenarioSource): Promise<OpenResult> {
    return this.open(source, text);
  }

  private async open(source: ScenarioSource, text: string): Promise<OpenResult> {
    try {
      const loaded = await this.load(source, text, {});
      return { ok: true, source, text, site: describeSite(loaded) };
    } catch (err) {
      return { ok: false, problems: problemsOf(err, this.labelOf(source)) };
    }
  }

  /**
   * Starts a run and streams its events. A request identical to one already completed replays that
   * run's recorded events (the results are deterministic), so reopening the page is instant.
   */
  run(request: RunRequest, onEvent: (event: HostRunEvent) => void): ServiceRun {
    const runId = randomUUID();
    const controller = new AbortController();
    const key = this.requestKey(request);
    const done = (async (): Promise<RunOutcome> => {
      // No event before run() has returned its handle: the caller learns the run id first. (Over a
      // socket, events may still overtake the reply that carries the id; the client buffers them.)
      await Promise.resolve();
      const recorded = this.recordings.get(key);
      if (recorded) {
        for (const event of recorded.events) {
          if (controller.signal.aborted) return { status: 'cancelled', runId };
          onEvent(event);
          // Yield between events so a cancel or the socket's own traffic can interleave.
          await new Promise((r) => setImmediate(r));
        }
        this.keep(runId, { ...recorded.finished, baseName: this.baseNameOf(request.source) });
        return { status: 'completed', runId };
      }
      let loaded: LoadedScenario;
      try {
        loaded = await this.load(request.source, request.text, request);
      } catch (err) {
        const problems = problemsOf(err, this.labelOf(request.source));
        return { status: 'failed', runId, message: problems.map((p) => p.message).join('; '), problems };
      }
      // The run's events, recorded for replay until they would pass the ceiling; then dropped, and
      // the run is not recorded (memory stays bounded while it runs, not only after).
      let events: HostRunEvent[] | null = [];
      let recordedBytes = 0;
      const seen = new Set<ArrayBufferLike>();
      try {
        const result = await runScenario(loaded, {
          threads: this.threads,
          frameReplicate: VIEW_REPLICATE,
          treesReplicate: VIEW_REPLICATE,
          signal: controller.signal,
          onEvent: (event) => {
            const sent: HostRunEvent = event.type === 'result' ? { type: 'result', result: stripTrees(event.result) } : event;
            if (events && sent.type !== 'error') {
              recordedBytes += heldBytes(sent, seen);
              if (recordedBytes > this.maxRecordedBytes) events = null;
              else events.push(sent);
            }
            onEvent(sent);
          },
        });
        const finished = { loaded, result, baseName: this.baseNameOf(request.source), bytes: heldBytes([loaded.terrain, result]) };
        this.keep(runId, finished);
        this.recordings.clear();
        // A run whose frames would not fit is not recorded: asked for again, it runs again.
        if (events) this.recordings.set(key, { events, finished, bytes: recordedBytes });
        return { status: 'completed', runId };
      } catch (err) {
        if (err instanceof RunCancelledError || controller.signal.aborted) return { status: 'cancelled', runId };
        return { status: 'failed', runId, message: (err as Error).message, problems: [] };
      }
    })();
    return { runId, cancel: () => controller.abort(), done };
  }

  /** A finished run's results, byte for byte what `reforest run` writes with the matching option. */
  async exportResults(runId: string, kind: ExportKind): Promise<ExportedFile> {
    const run = this.finished.get(runId);
    if (!run) {
      throw new Error(`No finished run "${runId}" to export; runs are kept until ${this.keepRuns} newer ones finish or their data passes ${Math.round(this.maxFinishedBytes / 2 ** 20)} MiB.`);
    }
    const { result, loaded, baseName } = run;
    const sc = loaded.resolved.scenario;
    const zoneNames = sc.plantings.map((p) => p.name);
    switch (kind) {
      case 'out': {
        const parts: string[] = [];
        await writeYearlyMetricsCsv(result, (chunk) => void parts.push(chunk));
        return { fileName: `${baseName}-results.csv`, mimeType: 'text/csv', content: parts.join('') };
      }
      case 'summary':
        return { fileName: `${baseName}-summary.csv`, mimeType: 'text/csv', content: summaryCsv(result) };
      case 'trees':
        return { fileName: `${baseName}-trees.csv`, mimeType: 'text/csv', content: treesCsv(result.trees!, zoneNames) };
      case 'geojson':
        return {
          fileName: `${baseName}.geojson`,
          mimeType: 'application/geo+json',
          content: scenarioGeoJson(sc, loaded.terrain.crs, result.trees),
        };
      default:
        throw new Error(`Unknown export "${String(kind)}"; choose out, summary, trees or geojson.`);
    }
  }

  private keep(runId: string, run: FinishedRun): void {
    this.finished.set(runId, run);
    // The newest run is always kept, so it can be exported; older ones go first past either limit.
    while (this.finished.size > 1 && (this.finished.size > this.keepRuns || this.memoryHeld().finished > this.maxFinishedBytes)) {
      this.finished.delete(this.finished.keys().next().value!);
    }
  }

  /** Parses, applies the request's overrides as `reforest run` does, validates and loads the terrain. */
  private async load(source: ScenarioSource, text: string, overrides: { seed?: number; replicates?: number }): Promise<LoadedScenario> {
    const label = this.labelOf(source);
    const json = parseScenarioText(text, label);
    applyRunOverrides(json, overrides);
    return loadScenario(json, { baseDir: this.baseDirOf(source), label, mayRead: this.mayRead });
  }

  private examplePath(id: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`"${id}" is not an example name`);
    return join(this.examplesDir, `${id}.json`);
  }

  private baseDirOf(source: ScenarioSource): string {
    if (source.kind === 'example') return this.examplesDir;
    if (source.kind === 'file') return dirname(resolve(source.path));
    return this.workingDir;
  }

  private labelOf(source: ScenarioSource): string {
    if (source.kind === 'example') return `${source.id}.json`;
    if (source.kind === 'file') return source.path;
    return source.fileName;
  }

  private baseNameOf(source: ScenarioSource): string {
    return basename(this.labelOf(source)).replace(/\.json$/i, '') || 'scenario';
  }

  private requestKey(request: RunRequest): string {
    return createHash('sha256')
      .update(JSON.stringify([this.baseDirOf(request.source), request.seed ?? null, request.replicates ?? null, request.text]))
      .digest('hex');
  }
}

/** The page draws final trees from frames; the heavy per-tree arrays stay on the host for export. */
function stripTrees(result: RunResult & { trees?: FinalTrees | null }): RunResult {
  const { trees: _trees, ...rest } = result;
  return rest;
}

function problemsOf(err: unknown, file: string): ScenarioProblem[] {
  if (err instanceof ScenarioError) {
    return err.issues.map((issue) => {
      const at = /^line (\d+), column (\d+): /.exec(issue.message);
      return {
        message: issue.message,
        file: err.file ?? file,
        ...(issue.path ? { path: issue.path } : {}),
        ...(at ? { line: Number(at[1]), column: Number(at[2]) } : {}),
      };
    });
  }
  return [{ message: (err as Error).message, file }];
}

/** The path with links followed, or the path itself when it does not exist (the loader then says so). */
function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
