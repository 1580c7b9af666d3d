import { createHash, randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { assetPath } from '../../sim/assets.js';
import type {
  ExampleEntry,
  ExampleText,
  ExportKind,
  ExportedFile,
  GisImport,
  HostRunEvent,
  PlanExportFormat,
  LibraryView,
  PlanCheck,
  RunOutcome,
  RunRequest,
  ScenarioProblem,
  ScenarioSource,
  StudyRequest,
  SiteResult,
  TerrainView,
} from '../../sim/host/api.js';
import { describeLibrary } from '../../sim/host/libraryView.js';
import { describePlan, describeTerrain } from '../../sim/host/siteView.js';
import { loadLibrary } from '../../sim/library/load.js';
import { GisError } from '../../sim/gis/crs.js';
import { planGeoJson, planGeoPackage } from '../../sim/gis/exportPlan.js';
import { importPlanShapesInThread } from '../../sim/gis/importInThread.js';
import { heldBytes } from './heldBytes.js';
import { UploadStore } from './uploadStore.js';
import { summaryCsv, writeYearlyMetricsCsv } from '../../sim/output/csv.js';
import { strategiesCsv } from '../../sim/output/comparison.js';
import { scenarioGeoJson } from '../../sim/output/geojson.js';
import { treesCsv } from '../../sim/output/trees.js';
import type { RunResult } from '../../sim/results/result.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import { RunCancelledError } from '../../sim/run/events.js';
import { buildReport } from '../../sim/report/build.js';
import { renderReport } from '../../sim/report/html.js';
import { findChromium, printPdf } from '../../sim/report/pdf.js';
import { decodePlan } from '../../sim/optimise/decisions.js';
import type { PlanEvaluation } from '../../sim/optimise/evaluate.js';
import { frontCsv, objectiveColumn } from '../../sim/optimise/outputs.js';
import { prepareProblem, type OptimiseProblem } from '../../sim/optimise/problem.js';
import { searchPlans } from '../../sim/optimise/search.js';
import { runScenario } from '../../sim/run/runner.js';
import { runStrategies } from '../../sim/strategy/run.js';
import { StrategyError, defaultStrategies, parseStrategies, type Strategy } from '../../sim/strategy/spec.js';
import { ScenarioError, issueFromZod } from '../../sim/scenario/issues.js';
import { applyRunOverrides, type LoadedScenario, loadScenario, loadTerrain, parseScenarioText, type RunOverrides, terrainKey } from '../../sim/scenario/load.js';
import { terrainSpecSchema } from '../../sim/scenario/schema.js';
import { TerrainError } from '../../sim/terrain/errors.js';
import type { Terrain } from '../../sim/terrain/terrain.js';

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

/** A site the page opened: its terrain, loaded once, and where the plans on it resolve their paths. */
interface OpenSite {
  siteId: string;
  source: ScenarioSource;
  baseDir: string;
  key: string;
  terrain: Terrain;
  view: TerrainView;
}

/** Sites kept open (the least recently used goes first); a closed one is opened again when asked for. */
const MAX_OPEN_SITES = 8;

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
  /** Open sites by id, least recently used first. */
  private readonly sites = new Map<string, OpenSite>();
  /** Files pages sent: scenarios with their rasters, DEMs for new sites. */
  private readonly uploads = new UploadStore();
  /** Terrain files read so far (procedural terrains are drawn, not read): what the site cache saves. */
  terrainFilesRead = 0;

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

  /**
   * Lets scenarios read files inside `folder` too: the desktop shell grants the folders of files the
   * user picked in its native dialogs (a scenario's own folder, the folder of the DEM it names).
   */
  grantRead(folder: string): void {
    const real = realOrSelf(resolve(folder));
    if (!this.readableRoots.includes(real)) this.readableRoots.push(real);
  }

  /** The host's read policy: only files (after following links) inside its readable folders. */
  private readonly mayRead = (file: string): string | null => {
    const real = realOrSelf(file);
    const roots = this.uploads.rootDir ? [...this.readableRoots, this.uploads.rootDir] : this.readableRoots;
    const inside = roots.some((root) => {
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

  library(): LibraryView {
    return describeLibrary(loadLibrary());
  }

  async readExample(id: string): Promise<ExampleText> {
    let file: string;
    try {
      file = this.examplePath(id);
    } catch (err) {
      return { ok: false, problems: [{ message: (err as Error).message }] };
    }
    try {
      return { ok: true, source: { kind: 'example', id }, text: await readFile(file, 'utf8') };
    } catch {
      return { ok: false, problems: [{ message: `no example named "${id}"`, file: `${id}.json` }] };
    }
  }

  /**
   * Opens the terrain a scenario names, or finds it open already (same spec, folder and, for a
   * procedural terrain, seed): the file is read and slope and wetness derived once per site.
   */
  async openSite(source: ScenarioSource, text: string): Promise<SiteResult> {
    try {
      const site = await this.siteFor(source, text);
      return { ok: true, siteId: site.siteId, source, terrain: site.view };
    } catch (err) {
      return { ok: false, problems: this.problemsFor(err, source) };
    }
  }

  private async siteFor(source: ScenarioSource, text: string): Promise<OpenSite> {
    const label = this.labelOf(source);
    const json = parseScenarioText(text, label);
    applyRunOverrides(json, {});
    const raw = (json && typeof json === 'object' && !Array.isArray(json) ? json : {}) as { terrain?: unknown; seed?: unknown };
    const spec = terrainSpecSchema.safeParse(raw.terrain, { reportInput: true });
    if (!spec.success) throw new ScenarioError(spec.error.issues.map((i) => issueFromZod(i, ['terrain'])), label);
    const seed = typeof raw.seed === 'number' && Number.isInteger(raw.seed) && raw.seed >= 0 ? raw.seed : 0;
    const baseDir = this.baseDirOf(source);
    const key = terrainKey(spec.data, baseDir, seed);
    const sourceKey = JSON.stringify(source);
    for (const site of this.sites.values()) {
      if (site.key !== key || JSON.stringify(site.source) !== sourceKey) continue;
      this.sites.delete(site.siteId);
      this.sites.set(site.siteId, site);
      return site;
    }
    // Another scenario on the same terrain shares it: a site is its source (for names and paths) on a terrain.
    let ground = [...this.sites.values()].find((site) => site.key === key);
    if (!ground) {
      let terrain: Terrain;
      try {
        if (spec.data.type !== 'procedural') this.terrainFilesRead++;
        terrain = await loadTerrain(spec.data, baseDir, seed, this.mayRead);
      } catch (err) {
        if (!(err instanceof TerrainError)) throw err;
        throw new ScenarioError([{ path: spec.data.type === 'procedural' ? 'terrain' : 'terrain.path', message: err.message }], label);
      }
      ground = { siteId: '', source, baseDir, key, terrain, view: describeTerrain(terrain) };
    }
    const site: OpenSite = { siteId: randomUUID(), source, baseDir, key, terrain: ground.terrain, view: ground.view };
    this.sites.set(site.siteId, site);
    while (this.sites.size > MAX_OPEN_SITES) this.sites.delete(this.sites.keys().next().value!);
    return site;
  }

  async checkPlan(siteId: string, text: string): Promise<PlanCheck> {
    const site = this.sites.get(siteId);
    if (!site) return { ok: false, problems: [{ message: `no open site "${siteId}"; open the scenario again` }] };
    try {
      return { ok: true, plan: describePlan(await this.loadPlan(site, text, {})) };
    } catch (err) {
      return { ok: false, problems: this.problemsFor(err, site.source) };
    }
  }

  /**
   * Starts a run and streams its events. A request identical to one already completed replays that
   * run's recorded events (the results are deterministic), so reopening the page is instant.
   */
  run(request: RunRequest, onEvent: (event: HostRunEvent) => void): ServiceRun {
    const runId = randomUUID();
    const controller = new AbortController();
    const site = this.sites.get(request.siteId);
    const key = this.requestKey(request);
    const done = (async (): Promise<RunOutcome> => {
      // No event before run() has returned its handle: the caller learns the run id first. (Over a
      // socket, events may still overtake the reply that carries the id; the client buffers them.)
      await Promise.resolve();
      if (!site) {
        const message = `no open site "${request.siteId}"; open the scenario again`;
        return { status: 'failed', runId, message, problems: [{ message }] };
      }
      const recorded = request.study ? undefined : this.recordings.get(key);
      if (recorded) {
        for (const event of recorded.events) {
          if (controller.signal.aborted) return { status: 'cancelled', runId };
          onEvent(event);
          // Yield between events so a cancel or the socket's own traffic can interleave.
          await new Promise((r) => setImmediate(r));
        }
        this.keep(runId, { ...recorded.finished, baseName: this.baseNameOf(site.source) });
        return { status: 'completed', runId };
      }
      let loaded: LoadedScenario;
      try {
        loaded = await this.loadPlan(site, request.text, request);
      } catch (err) {
        const problems = this.problemsFor(err, site.source);
        return { status: 'failed', runId, message: problems.map((p) => p.message).join('; '), problems };
      }
      if (request.study) return this.runStudy(runId, loaded, request.study, site.source, controller.signal, onEvent);
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
        const finished = { loaded, result, baseName: this.baseNameOf(site.source), bytes: heldBytes([loaded.terrain, result]) };
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

  /**
   * A study of the plan: its strategies compared (as `reforest compare`) or the report on it (as
   * `reforest report`), streaming the share done as progress and ending with the comparison or the
   * report. Strategies the page names wrongly fail the run with the reason.
   */
  private async runStudy(
    runId: string,
    loaded: LoadedScenario,
    study: StudyRequest,
    source: ScenarioSource,
    signal: AbortSignal,
    onEvent: (event: HostRunEvent) => void,
  ): Promise<RunOutcome> {
    const sc = loaded.resolved.scenario;
    if (study.kind === 'optimise') return this.runSearch(runId, loaded, study, source, signal, onEvent);
    if ((study.kind !== 'strategies' && study.kind !== 'report') || (study.strategies !== undefined && typeof study.strategies !== 'string')) {
      const message = 'a study is "strategies", "report" or "optimise", with strategies as one comma-separated string';
      return { status: 'failed', runId, message, problems: [{ message }] };
    }
    let strategies: Strategy[];
    try {
      strategies = parseStrategies(study.strategies ?? defaultStrategies(sc), sc.plantings.map((p) => p.name));
    } catch (err) {
      if (!(err instanceof StrategyError)) throw err;
      return { status: 'failed', runId, message: err.message, problems: [{ message: err.message }] };
    }
    const totalYears = sc.replicates * sc.years * (strategies.length + (study.kind === 'report' ? 1 : 0));
    const progress = (share: number) =>
      onEvent({ type: 'progress', replicatesDone: 0, replicates: sc.replicates, yearsDone: share * totalYears, totalYears });
    const label = this.labelOf(source);
    try {
      if (study.kind === 'strategies') {
        const { comparison } = await runStrategies(loaded, strategies, label, { threads: this.threads, signal, onProgress: (_i, share) => progress(share) });
        onEvent({ type: 'comparison', comparison, csv: strategiesCsv(comparison), baseName: this.baseNameOf(source) });
      } else {
        const data = await buildReport(loaded, label, {
          strategies,
          threads: this.threads,
          signal,
          command: `reforest report ${label} --seed ${sc.seed} --replicates ${sc.replicates} --years ${sc.years} --strategies '${strategies.map((s) => s.label).join(',').replace(/'/g, `'\\''`)}' --out report.html`,
          onProgress: (share) => progress(share),
        });
        const html = renderReport(data);
        const chromium = findChromium();
        // Without a Chromium that prints, the page still gets the HTML report to save and print itself.
        const pdf = chromium ? await printPdf(html, chromium).catch(() => null) : null;
        onEvent({ type: 'report', baseName: this.baseNameOf(source), html, pdf });
      }
      return { status: 'completed', runId };
    } catch (err) {
      if (err instanceof RunCancelledError || signal.aborted) return { status: 'cancelled', runId };
      return { status: 'failed', runId, message: (err as Error).message, problems: [] };
    }
  }

  /**
   * A search of plans around the plan run (as `reforest optimise` with the plan inline): the share
   * done as progress, and after each generation the plans judged and the front, each front plan as
   * scenario text the page can open. A search the page describes wrongly fails with the fields named.
   */
  private async runSearch(
    runId: string,
    loaded: LoadedScenario,
    study: StudyRequest,
    source: ScenarioSource,
    signal: AbortSignal,
    onEvent: (event: HostRunEvent) => void,
  ): Promise<RunOutcome> {
    const plan = loaded.resolved.scenario;
    const label = `search of ${this.labelOf(source)}`;
    let problem: OptimiseProblem;
    try {
      const request = study.optimise && typeof study.optimise === 'object' ? study.optimise : {};
      problem = await prepareProblem(label, { ...request, name: plan.name.slice(0, 100), plan }, {
        baseDir: loaded.resolved.baseDir,
        mayRead: this.mayRead,
        terrainCache: new Map([[terrainKey(plan.terrain, loaded.resolved.baseDir, plan.seed), Promise.resolve(loaded.terrain)]]),
      });
    } catch (err) {
      const problems = this.problemsFor(err, source);
      return { status: 'failed', runId, message: problems.map((p) => p.message).join('; '), problems };
    }
    const base = problem.base.resolved.scenario;
    const baseName = this.baseNameOf(source);
    const perGeneration = problem.spec.search.generations + 1;
    const update = (generation: number, front: PlanEvaluation[], all: PlanEvaluation[]) =>
      onEvent({
        type: 'search',
        generation,
        generations: problem.spec.search.generations,
        genes: problem.genes.map((g) => g.name),
        objective: objectiveColumn(problem),
        currency: problem.base.resolved.effective.costs.currency,
        // Plans that could not be built have no figures to draw.
        points: all.filter((e) => e.problem === undefined).map((e) => ({ labels: e.labels, cost: e.cost, costPerHa: e.costPerHa, objective: e.objective, objectiveMean: e.objectiveMean, feasible: e.violation === 0 })),
        front: front.map((e) => ({
          labels: e.labels,
          cost: e.cost,
          costPerHa: e.costPerHa,
          objective: e.objective,
          objectiveMean: e.objectiveMean,
          feasible: true,
          text: JSON.stringify(decodePlan(base, problem.spec.decisions, problem.genes, e.genome, problem.siteAreaKm2), null, 2),
        })),
        csv: frontCsv(problem, front),
        baseName,
      });
    try {
      await searchPlans(problem, {
        threads: this.threads,
        signal,
        onProgress: (p) => {
          const share = (p.generation + (p.replicatesTotal > 0 ? p.replicatesDone / p.replicatesTotal : 1)) / perGeneration;
          onEvent({ type: 'progress', replicatesDone: 0, replicates: base.replicates, yearsDone: share * 1000, totalYears: 1000 });
          if (p.replicatesTotal === 0) update(p.generation, p.front, p.all);
        },
      });
      return { status: 'completed', runId };
    } catch (err) {
      if (err instanceof RunCancelledError || signal.aborted) return { status: 'cancelled', runId };
      return { status: 'failed', runId, message: (err as Error).message, problems: [] };
    }
  }

  /** A finished run's results, byte for byte what `reforest run` writes with the matching option. */
  async exportResults(runId: string, kind: ExportKind, label?: string): Promise<ExportedFile> {
    const run = this.finished.get(runId);
    if (!run) {
      throw new Error(`No finished run "${runId}" to export; runs are kept until ${this.keepRuns} newer ones finish or their data passes ${Math.round(this.maxFinishedBytes / 2 ** 20)} MiB.`);
    }
    const { result, loaded } = run;
    // A label joins the file's name as letters, digits and dashes only: it is the page's to choose.
    const stem = label === undefined ? '' : label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 64);
    const baseName = stem ? `${run.baseName}-${stem}` : run.baseName;
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

  /**
   * Parses a plan, applies a run's overrides as `reforest run` does and validates it on its site's
   * terrain, which is not loaded again. A plan naming another terrain belongs to another site.
   */
  private async loadPlan(site: OpenSite, text: string, overrides: RunOverrides): Promise<LoadedScenario> {
    const label = this.labelOf(site.source);
    const json = parseScenarioText(text, label);
    applyRunOverrides(json, overrides);
    const raw = (json && typeof json === 'object' && !Array.isArray(json) ? json : {}) as { terrain?: unknown; seed?: unknown };
    const spec = terrainSpecSchema.safeParse(raw.terrain);
    const seed = typeof raw.seed === 'number' ? raw.seed : 0;
    if (spec.success && terrainKey(spec.data, site.baseDir, seed) !== site.key) {
      throw new ScenarioError([{ path: 'terrain', message: 'names a different terrain from the open site; open it as a site of its own' }], label);
    }
    const terrainCache = new Map([[site.key, Promise.resolve(site.terrain)]]);
    return loadScenario(json, { baseDir: site.baseDir, label, mayRead: this.mayRead, terrainCache });
  }

  private examplePath(id: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`"${id}" is not an example name`);
    return join(this.examplesDir, `${id}.json`);
  }

  private baseDirOf(source: ScenarioSource): string {
    if (source.kind === 'example') return this.examplesDir;
    if (source.kind === 'file') return dirname(resolve(source.path));
    if (source.kind === 'upload') return join(this.uploads.dirOf(source.folderId), ...dirname(source.path).split('/'));
    return this.workingDir;
  }

  private labelOf(source: ScenarioSource): string {
    if (source.kind === 'example') return `${source.id}.json`;
    if (source.kind === 'file') return source.path;
    if (source.kind === 'upload') return basename(source.path);
    return source.fileName;
  }

  /** Problems as the user should read them: a picked file is named as picked, not by where the host keeps it. */
  private problemsFor(err: unknown, source: ScenarioSource): ScenarioProblem[] {
    const problems = problemsOf(err, this.labelOf(source));
    if (source.kind !== 'upload') return problems;
    let dir: string;
    try {
      dir = this.uploads.dirOf(source.folderId) + sep;
    } catch {
      return problems;
    }
    const tidy = (text: string) => text.split(dir).join('');
    return problems.map((p) => ({ ...p, message: tidy(p.message), ...(p.file ? { file: tidy(p.file) } : {}) }));
  }

  async importGis(siteId: string, fileName: string, data: Uint8Array): Promise<GisImport> {
    const site = this.sites.get(siteId);
    if (!site) return { ok: false, problems: [{ message: `no open site "${siteId}"; open the scenario again` }] };
    const t = site.terrain;
    try {
      // In a thread of its own: a hostile file costs that thread, not the host's other pages.
      const shapes = await importPlanShapesInThread(fileName, data, {
        crs: t.crs,
        ...(t.crsWkt ? { crsWkt: t.crsWkt } : {}),
        west: t.west,
        north: t.north,
        east: t.west + t.cols * t.cellSize,
        south: t.north - t.rows * t.cellSize,
      });
      return { ok: true, ...shapes };
    } catch (err) {
      if (err instanceof GisError) return { ok: false, problems: [{ file: fileName, message: err.message }] };
      throw err;
    }
  }

  /** The plan's zones and fences as a GIS file in the site's CRS, named after the scenario. */
  async exportPlan(siteId: string, text: string, format: PlanExportFormat): Promise<ExportedFile> {
    const site = this.sites.get(siteId);
    if (!site) throw new Error(`No open site "${siteId}"; open the scenario again.`);
    let loaded: LoadedScenario;
    try {
      loaded = await this.loadPlan(site, text, {});
    } catch (err) {
      throw new Error(`The plan cannot be exported until its problems are fixed: ${this.problemsFor(err, site.source).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`);
    }
    const scenario = loaded.resolved.scenario;
    const base = this.baseNameOf(site.source);
    const crs = { crs: site.terrain.crs, ...(site.terrain.crsWkt ? { crsWkt: site.terrain.crsWkt } : {}) };
    if (format === 'geojson') return { fileName: `${base}-plan.geojson`, mimeType: 'application/geo+json', content: planGeoJson(scenario, crs) };
    if (format === 'gpkg') return { fileName: `${base}-plan.gpkg`, mimeType: 'application/geopackage+sqlite3', content: await planGeoPackage(scenario, crs) };
    throw new Error(`Unknown plan format "${String(format)}"; choose geojson or gpkg.`);
  }

  async createUpload(): Promise<string> {
    return this.uploads.create();
  }

  async uploadPart(folderId: string, path: string, offset: number, data: Uint8Array): Promise<{ size: number }> {
    return this.uploads.write(folderId, path, offset, data);
  }

  /** Removes the files pages sent. Runs under way are not stopped. */
  async dispose(): Promise<void> {
    await this.uploads.dispose();
  }

  private baseNameOf(source: ScenarioSource): string {
    return basename(this.labelOf(source)).replace(/\.json$/i, '') || 'scenario';
  }

  private requestKey(request: RunRequest): string {
    return createHash('sha256')
      .update(JSON.stringify([this.sites.get(request.siteId)?.key ?? request.siteId, request.seed ?? null, request.replicates ?? null, request.text]))
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
