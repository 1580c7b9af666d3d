import { assetPath } from '../../sim/assets.js';
import type {
  ExampleEntry,
  ExampleText,
  ExportKind,
  ExportedFile,
  GisImport,
  HostRunEvent,
  LibraryView,
  PlanCheck,
  PlanExportFormat,
  RunRequest,
  ScenarioSource,
  SiteResult,
  SurveyCheck,
  SurveyUpload,
} from '../../sim/hostApi/api.js';
import { ExampleService } from './exampleService.js';
import { ExportService } from './exportService.js';
import { GisService } from './gisService.js';
import { ReadPolicy } from './readPolicy.js';
import { RunArchive } from './runArchive.js';
import { RunService, type ServiceRun } from './runService.js';
import { ScenarioSources } from './scenarioSources.js';
import { SiteRegistry } from './siteRegistry.js';
import { StudyService } from './studyService.js';
import { SurveyService } from './surveyService.js';
import { UploadStore } from './uploadStore.js';

export type { ServiceRun } from './runService.js';

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

/**
 * What both hosts (web and Electron) do for the page: open scenarios, run them on worker threads
 * with streamed events, cancel, and export results as the CLI writes them. Transport-free: the web
 * host and the Electron main process each carry these calls over their own channel.
 *
 * Each part is a service of its own, wired here once: the examples, the read policy, the open sites,
 * runs and their replay, studies (strategies, report, search), result exports, GIS and the files
 * pages send.
 */
export class HostService {
  /** Files pages sent: scenarios with their rasters, DEMs for new sites. */
  private readonly uploads = new UploadStore();
  private readonly readPolicy: ReadPolicy;
  private readonly examples: ExampleService;
  private readonly sites: SiteRegistry;
  private readonly archive: RunArchive;
  private readonly runs: RunService;
  private readonly exports: ExportService;
  private readonly gis: GisService;
  private readonly surveys: SurveyService;

  constructor(options: HostServiceOptions = {}) {
    const threads = options.threads;
    const examplesDir = options.examplesDir ?? assetPath('scenarios');
    const workingDir = options.workingDir ?? process.cwd();
    const uploads = this.uploads;
    this.readPolicy = new ReadPolicy({ roots: options.readableRoots ?? [examplesDir, workingDir], uploads });
    const sources = new ScenarioSources({ examplesDir, workingDir, uploads });
    this.examples = new ExampleService({ examplesDir });
    this.sites = new SiteRegistry({ sources, readPolicy: this.readPolicy });
    this.archive = new RunArchive({
      keepRuns: options.keepRuns ?? 8,
      maxFinishedBytes: options.maxFinishedBytes ?? 512 * 2 ** 20,
      maxRecordedBytes: options.maxRecordedBytes ?? 256 * 2 ** 20,
    });
    const studies = new StudyService({ threads, sources, readPolicy: this.readPolicy, archive: this.archive });
    this.runs = new RunService({ threads, sites: this.sites, sources, archive: this.archive, studies });
    this.exports = new ExportService({ archive: this.archive });
    this.gis = new GisService({ sites: this.sites, sources });
    this.surveys = new SurveyService({ sites: this.sites, sources });
  }

  /** Terrain files read so far (procedural terrains are drawn, not read): what the site cache saves. */
  get terrainFilesRead(): number {
    return this.sites.terrainFilesRead;
  }

  /** Plans resolved so far; a plan checked, then run, or undone back to, is found resolved and not counted again. */
  get plansResolved(): number {
    return this.sites.plansResolved;
  }

  /** Bytes held for finished runs and the recording, within the two ceilings. */
  memoryHeld(): { finished: number; recorded: number } {
    return this.archive.memoryHeld();
  }

  /**
   * Lets scenarios read files inside `folder` too: the desktop shell grants the folders of files the
   * user picked in its native dialogs (a scenario's own folder, the folder of the DEM it names).
   */
  grantRead(folder: string): void {
    this.readPolicy.grant(folder);
  }

  listExamples(): Promise<ExampleEntry[]> {
    return this.examples.listExamples();
  }

  library(): LibraryView {
    return this.examples.library();
  }

  readExample(id: string): Promise<ExampleText> {
    return this.examples.readExample(id);
  }

  /** Opens the terrain a scenario names, or finds it open already: see `SiteRegistry.openSite`. */
  openSite(source: ScenarioSource, text: string): Promise<SiteResult> {
    return this.sites.openSite(source, text);
  }

  checkPlan(siteId: string, text: string): Promise<PlanCheck> {
    return this.sites.checkPlan(siteId, text);
  }

  /** Starts a run or a study and streams its events; the same request again replays the last run. */
  run(request: RunRequest, onEvent: (event: HostRunEvent) => void): ServiceRun {
    return this.runs.run(request, onEvent);
  }

  /** A finished run's results, byte for byte what `reforest run` writes with the matching option. */
  exportResults(runId: string, kind: ExportKind, label?: string): Promise<ExportedFile> {
    return this.exports.exportResults(runId, kind, label);
  }

  importGis(siteId: string, fileName: string, data: Uint8Array): Promise<GisImport> {
    return this.gis.importGis(siteId, fileName, data);
  }

  /** A field survey the page picked, checked against the plan on its open site: its plots and figures, or its problems. */
  checkSurvey(siteId: string, planText: string, survey: SurveyUpload): Promise<SurveyCheck> {
    return this.surveys.checkSurvey(siteId, planText, survey);
  }

  /** The plan's zones and fences as a GIS file in the site's CRS, named after the scenario. */
  exportPlan(siteId: string, text: string, format: PlanExportFormat): Promise<ExportedFile> {
    return this.gis.exportPlan(siteId, text, format);
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
}
