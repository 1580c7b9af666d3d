/**
 * The typed API between the UI page and its host (the local web host or the Electron shell). The page
 * reaches the simulation core only through this interface; both hosts implement the same one.
 *
 * Everything here is plain data (typed arrays included) so it can cross a WebSocket or Electron IPC.
 * Each method is a call on the wire as webProtocol.ts derives it, its arguments checked by the host
 * against callArgs.ts; what only the desktop app has is in desktop.ts.
 */
import type { OptimiseSpecInput } from '../optimise/spec.js';
import type { StrategyComparison } from '../shared/strategyComparison.js';
import type { ImportedShapes } from '../gis/importPlan.js';
import type { RunEvent } from '../run/events.js';
import type { AppCommand, DocumentState } from './desktop.js';
import type { CarbonUnitRules } from '../shared/carbonUnits.js';
import type { WccLookup } from '../shared/wccLookup.js';
import type { SweepInput } from '../sweep/spec.js';
import type { SweepManifest } from '../sweep/outputs.js';
import type { ForecastBand } from '../forecast/outputs.js';
import type { ZoneFigures } from '../survey/statistics.js';

export type { ImportedFence, ImportedShapes, ImportedZone } from '../gis/importPlan.js';
export type { SweepManifest } from '../sweep/outputs.js';
export type { ForecastBand, YearlyP10P50P90 } from '../forecast/outputs.js';
export type { ZoneFigures } from '../survey/statistics.js';

/** A scenario the host can open without a file dialog: the built-in examples in assets/scenarios. */
export interface ExampleEntry {
  id: string;
  name: string;
  description: string;
}

/** Where a scenario came from; relative paths inside it (a GeoTIFF, say) resolve against its folder. */
export type ScenarioSource =
  | { kind: 'example'; id: string }
  | { kind: 'file'; path: string }
  /** Text the page holds itself (an uploaded file or an edited copy); paths resolve against the host's working folder. */
  | { kind: 'text'; fileName: string }
  /**
   * Text the page holds, whose files it sent with `uploadPart`: paths resolve against `path`'s folder
   * inside the upload folder, as they would next to the real files.
   */
  | { kind: 'upload'; folderId: string; path: string };

/** One thing wrong with a scenario, located as precisely as the host can: file, field path, line. */
export interface ScenarioProblem {
  message: string;
  file?: string;
  /** Field path such as "plantings[0].density". */
  path?: string;
  line?: number;
  column?: number;
}

export type SpeciesForm = 'conifer' | 'broadleaf';

/**
 * A plan on its site, as the page checked it: zones, fences, who grazes there, and how well each of
 * the plan's species suits each cell. The terrain is the site's and is sent once, with the site.
 */
export interface PlanView {
  name: string;
  /** ISO 4217 code of every cost of the plan. */
  currency: string;
  description: string;
  seed: number;
  years: number;
  replicates: number;
  /** Species of the plan in code order: a tree's species code indexes this list. */
  species: SpeciesView[];
  /** Per species (same order): suitability 0–255 for 0–1 per terrain cell, 0 outside the site. */
  suitability: Uint8Array[];
  zones: ZoneView[];
  fences: FenceView[];
  herbivores: HerbivoreView[];
  /** What the plan buys, with its costs, as the plan stands (before any run). */
  bill: BillLine[];
  /** Things that are valid but that a user would want to know before running (a zone no species can grow in). */
  warnings: ScenarioProblem[];
  /** How the plan's carbon units are judged: its appraisal's baseline, establishment emissions, buffer and verification years. */
  carbonUnits: CarbonUnitRules;
  /** The Woodland Carbon Code lookup figure for the plan's trees, per results zone and year, set beside the model's carbon. */
  wccLookup: WccLookup;
}

/**
 * One line of a plan's bill of quantities. Costs are in the scenario's own currency: the rates it
 * gives (zone costs) and its fence types' rates per metre.
 */
export interface BillLine {
  /** 'trees', 'shelters', 'planting', 'beating up', 'ground', 'maintenance' or 'fence'. */
  item: string;
  /** What the line counts: a species in a zone, a fence by name. */
  detail: string;
  /** Zone or fence the line belongs to. */
  of: string;
  quantity: number;
  unit: string;
  /** Cost per unit, or null where the line only counts. */
  rate: number | null;
  cost: number;
}

/** Everything the 3D view draws before any run: the site's ground and the plan on it. */
export interface SiteView extends PlanView {
  terrain: TerrainView;
}

/**
 * The elevation grid, north-up, row 0 the northern edge. Coordinates everywhere in the API are in the
 * terrain's CRS (metres); the view subtracts (west, south) so float32 vertex positions stay precise.
 */
export interface TerrainView {
  cols: number;
  rows: number;
  cellSize: number;
  west: number;
  south: number;
  crs: string;
  /** Metres; NaN outside the site. */
  elevation: Float32Array;
  /** Degrees; NaN outside the site. */
  slope: Float32Array;
  minElevation: number;
  maxElevation: number;
}

export interface SpeciesView {
  id: string;
  name: string;
  form: SpeciesForm;
  /** Height above which browsers no longer reach the leader, metres (tallest browse height of the herbivores present). */
  browseHeight: number;
}

export interface ZoneView {
  name: string;
  /** Index of the zone in results: 1 + planting index (0 is the whole site). */
  zoneIndex: number;
  polygon: [number, number][];
  areaHa: number;
  density: number;
  year: number;
  species: { id: string; fraction: number }[];
  /** Names of fences that protect or enclose this zone. */
  fences: string[];
}

export interface FenceView {
  name: string;
  type: string;
  typeName: string;
  path: [number, number][];
  closed: boolean;
  installYear: number;
  /** Year the fence comes down, or null for never. */
  removeYear: number | null;
  lengthM: number;
  heightM: number;
  costPerMetre: number;
  maintenancePerMetrePerYear: number;
  /** New breaches per km per year when the fence is new. */
  breachRatePerKmPerYear: number;
  repairDelayDays: number;
  /** Zones whose cost includes this fence. */
  protects: string[];
}

export interface HerbivoreView {
  kind: string;
  name: string;
  /** As the scenario gives it: a density or a head count. */
  densityPerKm2: number | null;
  count: number | null;
}

/** A built-in example's text, to open as a site and check as a plan. */
export type ExampleText = { ok: true; source: ScenarioSource; text: string } | { ok: false; problems: ScenarioProblem[] };

/**
 * An open site: the terrain a scenario names, loaded once and kept by the host under `siteId`. Plans
 * are then checked and run against it without the terrain being read or derived again; opening a
 * scenario on a terrain already open gives the same site.
 */
export type SiteResult = { ok: true; siteId: string; source: ScenarioSource; terrain: TerrainView } | { ok: false; problems: ScenarioProblem[] };

/** A plan checked against its site: everything wrong with it, or its view. */
export type PlanCheck = { ok: true; plan: PlanView } | { ok: false; problems: ScenarioProblem[] };

export interface RunRequest {
  /** The open site the plan runs on. */
  siteId: string;
  /** The plan: scenario text naming the site's terrain (an edited plan, a compare variant). */
  text: string;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's replicate count. */
  replicates?: number;
  /** Instead of one run of the plan: its protection strategies compared, or the report on it. */
  study?: StudyRequest;
}

/** A study of a plan made of several runs: `reforest compare`, `reforest report`, `reforest optimise`, `reforest sweep` or `reforest forecast`. */
export interface StudyRequest {
  kind: 'strategies' | 'report' | 'optimise' | 'sweep' | 'forecast';
  /** Comma-separated strategies as the CLI takes them; those that apply to the plan when absent. */
  strategies?: string;
  /** With "optimise": the search, as an optimisation file gives it, of the plan run. */
  optimise?: OptimiseRequest;
  /** With "sweep": the sweep, as a sweep file gives it, of the plan run (its base). */
  sweep?: SweepRequest;
  /** With "forecast": the survey the plan's forecast is conditioned on, as `reforest forecast` takes it. */
  forecast?: ForecastRequest;
}

/**
 * A sweep as `reforest sweep` takes it (variables with `path` and `values`, replicates, design), less
 * its base, which is the plan run; named after the plan when it gives no name.
 */
export type SweepRequest = Omit<SweepInput, '$schema' | 'base' | 'name'> & { name?: string };

/** A search of plans as `reforest optimise` takes it, less the plan (the plan run) and its name. */
export type OptimiseRequest = Omit<OptimiseSpecInput, '$schema' | 'name' | 'description' | 'plan'>;

/** A plan a search judged: each decision's value (in `genes` order), its cost and objective. */
export interface SearchPoint {
  labels: string[];
  cost: number;
  costPerHa: number;
  /** The objective's quantile across replicates. */
  objective: number;
  objectiveMean: number;
  /** Within the budget, grant cap and target. */
  feasible: boolean;
}

/** A plan of the front, with its scenario text to open as the plan. */
export interface SearchFrontPlan extends SearchPoint {
  text: string;
}

/** A plan of the front as an update sends it: its scenario text only the first time it is on the front. */
export interface SearchFrontEntry extends SearchPoint {
  /** The plan's identity within the search (its labels), to find a text sent before. */
  key: string;
  text?: string;
}

/** What a search is and where it stands, apart from its plans. */
interface SearchStanding {
  generation: number;
  generations: number;
  /** The decisions searched, e.g. "fence:unfenced", "density:fenced". */
  genes: string[];
  /** Column name of the objective, e.g. carbon_tco2e_y50_all_p10. */
  objective: string;
  currency: string;
  /** The front as `reforest optimise` writes front.csv. */
  csv: string;
  baseName: string;
}

/**
 * What changed in a search: sent after each generation, the last one when it ends. Only the plans
 * judged since the last update, and the front with the text of plans new to it; `SearchState` is the
 * whole search the updates add up to.
 */
export interface SearchUpdate extends SearchStanding {
  newPoints: SearchPoint[];
  /** Cheapest first. */
  front: SearchFrontEntry[];
}

/** A search as its updates add up: every plan judged so far, and the front with each plan's text. */
export interface SearchState extends SearchStanding {
  points: SearchPoint[];
  /** Cheapest first. */
  front: SearchFrontPlan[];
}

/**
 * What a run streams to the page: the core's run events, in the core's order. A study streams
 * progress and ends with its comparison, its report (the HTML, and the PDF when the host has
 * Chromium to print it) or its sweep's results.
 */
/**
 * How far a run or a study has got, one shape for both: the share done, 0–1, and what is under way in
 * words (replicates and years of a run, the strategy or generation of a study).
 */
export interface HostProgress {
  type: 'progress';
  share: number;
  detail: string;
}

export type HostRunEvent =
  | Exclude<RunEvent, { type: 'progress' }>
  | HostProgress
  | { type: 'comparison'; comparison: StrategyComparison; csv: string; baseName: string }
  | { type: 'report'; baseName: string; html: string; pdf: Uint8Array | null }
  | ({ type: 'search' } & SearchUpdate)
  | SweepResults
  | ForecastResults;

/**
 * A sweep of the plan, finished: its manifest and `results.csv` as `reforest sweep` writes them, and
 * each variant's scenario text (in variant order), which the page opens as the plan on the same site.
 */
export interface SweepResults {
  type: 'sweep';
  manifest: SweepManifest;
  csv: string;
  variantTexts: string[];
  /** The plan's file name without `.json`: names the exported results. */
  baseName: string;
}

/**
 * A field survey as the page sends it: the survey file's text and the file it names (its plots), by
 * the path the survey gives it ('/'-separated, relative to the survey file). Files picked one by one
 * are matched by name; those of a picked folder by their path from the survey's folder.
 */
export interface SurveyUpload {
  /** The survey file's name, for messages. */
  name: string;
  text: string;
  files: { path: string; data: Uint8Array }[];
}

/** One plot of a survey, placed on the site: where it lies (terrain CRS), its zone and what it found per species. */
export interface SurveyPlotView {
  id: string;
  date: string;
  x: number;
  y: number;
  /** A circular plot's radius, m; null for a polygon. */
  radius: number | null;
  /** A polygon plot's outline; null for a circle. */
  ring: [number, number][] | null;
  areaM2: number;
  /** The planting zone it lies in, or null outside every zone. */
  zone: string | null;
  tallies: { species: string; live: number; dead: number; browsed: number; meanHeight: number | null }[];
}

/** A survey checked against the plan: when it was made, its plots and what each surveyed zone shows. */
export interface SurveyView {
  name: string;
  plantedOn: string;
  /** The year since planting it was made in: the plan's year it compares with. */
  year: number;
  plots: SurveyPlotView[];
  /** Per zone with plots, in plan order: as `reforest survey check` prints them. */
  zones: ZoneFigures[];
  /** Herbivores counted per km2, every kind added; null without counts. */
  herbivoresPerKm2: number | null;
  notes: string[];
  /** The actions a forecast from it weighs on this plan when not told: `reforest forecast`'s default list, less those that do not apply. */
  defaultActions: string;
}

/** A survey that fits the plan, or every problem found (file, line, field). */
export type SurveyCheck = { ok: true; survey: SurveyView } | { ok: false; problems: ScenarioProblem[] };

/** A forecast conditioned on a survey, as `reforest forecast` takes it: particles 1000 and accept 0.05 when absent. */
export interface ForecastRequest {
  survey: SurveyUpload;
  /** Draws from the prior, 20 to 100,000. */
  particles?: number;
  /** Share of them kept, above 0 and at most 1. */
  accept?: number;
  /**
   * The actions weighed after the survey, comma-separated as `reforest forecast --actions` takes them
   * (none, beatup, beatup:N, shelters:H, cull:D, enclose, enclose:TYPE, joined with +); the plan's
   * default list when absent. A bad list refuses the study before anything runs.
   */
  actions?: string;
}

/** One action after the survey, run on the posterior's particles: the figures of its row of decisions.csv. */
export interface ForecastDecision {
  /** As written, e.g. "beatup+shelters:1.8". */
  action: string;
  /** Cost from the survey to the plan's last year, whole site, in the plan's currency: weighted mean, and p10/p50/p90. */
  costMean: number;
  cost: [number, number, number];
  /** Per zone (plan order): the chance, over the posterior, of holding the stocking target at the check year. */
  stocking: { zone: string; chance: number }[];
  /** Carbon in live trees at the plan's last year, whole site, tCO2e: p10/p50/p90. */
  carbonEnd: [number, number, number];
  /** Carbon units issued at each verification year after the survey, whole site: p10/p50/p90. */
  units: { year: number; issued: [number, number, number] }[];
}

/** The decisions from the posterior: each action weighed, and the one recommended (its sentence: recommendationSentence, sim/shared/surveyForecast.ts). */
export interface ForecastDecisions {
  /** The year the stocking target is checked next: the first verification year after the survey, or the plan's last. */
  checkYear: number;
  /** The stocking target, stems/ha. */
  targetPerHa: number;
  /** The plan's currency, e.g. "GBP". */
  currency: string;
  outcomes: ForecastDecision[];
  recommended: string;
  /** Why, in words. */
  reason: string;
}

/** One quantity the survey conditioned: a multiplier on the plan's figure, its prior and posterior p10, p50, p90. */
export interface ForecastQuantity {
  key: string;
  /** In words, e.g. "herbivores, times the plan". */
  label: string;
  prior: [number, number, number];
  posterior: [number, number, number];
  /** Posterior 80% interval width over the prior's, on the log scale. */
  widthRatio: number;
  /** Whether the survey told it apart (widthRatio below TOLD_APART, sim/shared/surveyForecast.ts). */
  toldApart: boolean;
}

/** One figure of the survey: what it found, and what the plots were expected to find before and after it. */
export interface ForecastFigure {
  name: string;
  observed: number;
  prior: [number, number, number];
  posterior: [number, number, number];
}

/**
 * A forecast conditioned on a survey, finished: what the page shows and the five files `reforest
 * forecast` writes for the same plan, survey, particles, seed and actions.
 */
export interface ForecastResults {
  type: 'forecast';
  survey: { name: string; year: number; plots: number };
  seed: number;
  particles: number;
  accepted: number;
  /** The plan's last year: the bands run 0..years. */
  years: number;
  quantities: ForecastQuantity[];
  figures: ForecastFigure[];
  /** Per zone ("all", then the plan's zones) and metric: prior and posterior p10/p50/p90 per year, as forecast.csv gives them. */
  bands: ForecastBand[];
  /** The actions after the survey, weighed on the posterior. */
  decisions: ForecastDecisions;
  csv: { posterior: string; figures: string; forecast: string; particles: string; decisions: string };
  /** The plan's file name without `.json`: names the saved files. */
  baseName: string;
}

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
