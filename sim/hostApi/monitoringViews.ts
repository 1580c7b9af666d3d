/** Field surveys and the forecasts conditioned on them, as the page sends and sees them. Part of the host API (api.ts re-exports it). */
import type { ForecastBand } from '../forecast/outputs.js';
import type { ZoneFigures } from '../survey/statistics.js';
import type { ScenarioProblem } from './siteViews.js';

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
