/**
 * The typed API between the UI page and its host (the local web host or the Electron shell). The page
 * reaches the simulation core only through this interface; both hosts implement the same one.
 *
 * Everything here is plain data (typed arrays included) so it can cross a WebSocket or Electron IPC.
 * Each method is a call on the wire as webProtocol.ts derives it, its arguments checked by the host
 * against callArgs.ts; what only the desktop app has is in desktop.ts.
 */
import type { ImportedShapes } from '../gis/importPlan.js';
import type { AppCommand, DocumentState } from './desktop.js';
import type { ExampleEntry, ExampleText, PlanCheck, ScenarioProblem, ScenarioSource, SiteResult, SpeciesForm } from './siteViews.js';
import type { HostRunEvent, RunRequest } from './studies.js';
import type { SurveyCheck, SurveyUpload } from './monitoringViews.js';

export type { ImportedFence, ImportedShapes, ImportedZone } from '../gis/importPlan.js';
export type { SweepManifest } from '../sweep/outputs.js';
export type { ForecastBand, YearlyP10P50P90 } from '../forecast/outputs.js';
export type { ZoneFigures } from '../survey/statistics.js';
export type * from './siteViews.js';
export type * from './studies.js';
export type * from './monitoringViews.js';

export type RunOutcome =
  | { status: 'completed'; runId: string }
  | { status: 'cancelled'; runId: string }
  | { status: 'failed'; runId: string; message: string; problems: ScenarioProblem[] };

export interface RunHandle {
  readonly runId: string;
  /** Stops the run; `done` then settles with status "cancelled". Harmless after the run has ended. */
  cancel(): void;
  readonly done: Promise<RunOutcome>;
}

/** Result files a finished run can be exported as; the same bytes as the CLI's options of the same name. */
export type ExportKind = 'out' | 'summary' | 'trees' | 'geojson' | 'species' | 'size-classes';

export interface SaveResult {
  saved: boolean;
  /** Where it went: a path, or the file name of a browser download. */
  location: string;
}

/** What the editor offers to choose from: the library's species, fence types and herbivore kinds, with their sources. */
export interface LibraryView {
  species: { id: string; name: string; latin: string; form: SpeciesForm; elevationLimit: number; source: string }[];
  fenceTypes: { id: string; name: string; heightM: number; costPerMetre: number; serviceLifeYears: number | null; source: string }[];
  herbivores: { id: string; name: string; latin: string; browseHeight: number; source: string }[];
  /** The cost library's rates, in its currency: what a plan pays where it sets no rate of its own. */
  costs: {
    currency: string;
    plantsAndPlantingPerTree: number;
    groundPreparationPerHectare: number;
    maintenancePerHectarePerYear: number;
    maintenanceYears: number;
    shelters: { height: number; perTree: number }[];
  };
}

export interface HostInfo {
  kind: 'web' | 'electron';
  version: string;
  /** Worker threads a run uses. */
  threads: number;
}

export interface HostApi {
  info(): Promise<HostInfo>;
  listExamples(): Promise<ExampleEntry[]>;
  readExample(id: string): Promise<ExampleText>;
  library(): Promise<LibraryView>;
  /**
   * Opens the site of a scenario the page holds: an example, a file the user picked
   * (`{ kind: 'text', fileName }`), or a plan under an opened scenario's own source so its relative
   * paths resolve. Only the terrain must load; the plan's own problems come from `checkPlan`.
   */
  openSite(source: ScenarioSource, text: string): Promise<SiteResult>;
  /** Validates a plan against an open site and describes it. */
  checkPlan(siteId: string, text: string): Promise<PlanCheck>;
  /**
   * Saves bytes the page made (a scenario, a PNG of the view, an SVG chart): a download on the web, a
   * native dialog in the desktop app, where a scenario's Save (not `saveAs`) writes the file it was
   * opened from.
   */
  saveFile(fileName: string, mimeType: string, data: string | Uint8Array, options?: { saveAs?: boolean }): Promise<SaveResult>;
  /** Tells the desktop window the plan's name and whether it has unsaved edits; nothing on the web. */
  documentState(state: DocumentState): void;
  /** Commands from the desktop app's menus and the system (none on the web). */
  onCommand(listener: (command: AppCommand) => void): void;
  run(request: RunRequest, onEvent: (event: HostRunEvent) => void): RunHandle;
  /**
   * A new folder on the host for files the page picked (a scenario with the rasters it names, a DEM
   * for a new site); a scenario opened with an `upload` source reads its files there.
   */
  createUpload(): Promise<string>;
  /**
   * Appends part of a picked file, at `path` ('/'-separated, relative) in the folder. Parts come in
   * order from byte 0; a file is sent in parts so no message grows with the raster.
   */
  uploadPart(folderId: string, path: string, offset: number, data: Uint8Array): Promise<{ size: number }>;
  /**
   * Reads zones and fences from a GIS file the user picked (GeoJSON, KML, zipped Shapefile,
   * GeoPackage) and reprojects them into the open site's CRS; the page adds them to the plan.
   */
  importGis(siteId: string, fileName: string, data: Uint8Array): Promise<GisImport>;
  /**
   * Reads a field survey the user picked and checks it against the plan being edited on its open site,
   * as `reforest survey check` does: its plots and what each zone shows, or every problem found.
   */
  checkSurvey(siteId: string, planText: string, survey: SurveyUpload): Promise<SurveyCheck>;
  /** Writes a plan's zones and fences as a GIS file in its site's CRS. */
  exportPlan(siteId: string, text: string, format: PlanExportFormat): Promise<SaveResult>;
  /**
   * Writes a finished run's results as the CLI would, named after the scenario's file and, when
   * given, `label` (B's scenario, say). The host keeps the last few finished runs.
   */
  exportResults(runId: string, kind: ExportKind, label?: string): Promise<SaveResult>;
}

/** A file the host made (a finished run's results, a plan as GIS), ready to save or download. */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string | Uint8Array;
}

/** The zones and fences of a GIS file, reprojected onto an open site, or why they cannot be. */
export type GisImport = ({ ok: true } & ImportedShapes) | { ok: false; problems: ScenarioProblem[] };

/** GIS formats a plan exports as: GeoJSON, or a GeoPackage with layers "zones" and "fences". */
export type PlanExportFormat = 'geojson' | 'gpkg';
