/** What the host sends the page of sites and plans: examples, sources, problems, and the views of a site and a plan. Part of the host API (api.ts re-exports it). */
import type { CarbonUnitRules } from '../shared/carbonUnits.js';
import type { WccLookup } from '../shared/wccLookup.js';

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
