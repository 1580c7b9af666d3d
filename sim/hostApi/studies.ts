/** Runs and studies the page asks of the host, and what they stream back. Part of the host API (api.ts re-exports it). */
import type { OptimiseSpecInput } from '../optimise/spec.js';
import type { StrategyComparison } from '../shared/strategyComparison.js';
import type { RunEvent } from '../run/events.js';
import type { SweepInput } from '../sweep/spec.js';
import type { SweepManifest } from '../sweep/outputs.js';
import type { ForecastRequest, ForecastResults } from './monitoringViews.js';

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
