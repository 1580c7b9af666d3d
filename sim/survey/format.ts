import { z } from 'zod';
import { freeTextSchema, nameSchema, visibleText } from '../scenario/names.js';

/**
 * A field survey of a planting (docs/monitoring.md): a survey file (JSON) naming when the plan was
 * planted, the plots counted (a CSV, or any vector file the GIS import reads) and, optionally, counts
 * of the herbivores. One survey is one season's visit: every plot's date falls in the same year since
 * planting.
 */

/** Whether `d` is a day of the calendar written YYYY-MM-DD (not 2026-02-30, which Date.parse takes as 2 March). */
export function isCalendarDate(d: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, { message: 'is not a calendar date' });

export const herbivoreCountSchema = z
  .object({
    date: isoDate,
    kind: z.string().min(1).describe('herbivore kind, as the plan names it (red_deer, roe_deer, sheep …)'),
    densityPerKm2: z.number().min(0).max(10_000).describe('animals per km2 over the ground the plan lets them roam'),
    standardError: z.number().min(0).max(10_000).optional().describe("the count's standard error, animals per km2; 30% of the density when absent"),
    method: freeTextSchema().max(200).optional().describe('e.g. "dung count", "drive count", "thermal imaging"'),
  })
  .strict();

export const surveyFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: nameSchema(120),
    description: freeTextSchema().optional(),
    plantedOn: isoDate.describe('the day the plan was planted (its year 0); a plot surveyed n growing seasons later is of year n'),
    plots: z.string().min(1).describe('the plots: a CSV file, or a GeoPackage, GeoJSON, KML or zipped shapefile of points or polygons, relative to this file'),
    crs: z
      .string()
      .regex(/^EPSG:\d+$/, 'must be an EPSG code such as EPSG:27700')
      .optional()
      .describe("the CRS of a CSV's x and y; the plan's terrain CRS when absent (vector files carry their own)"),
    herbivoreCounts: z.array(herbivoreCountSchema).max(1000).default([]),
  })
  .strict();

export type SurveyFileInput = z.input<typeof surveyFileSchema>;
export type SurveyFile = z.output<typeof surveyFileSchema>;
export type HerbivoreCount = z.output<typeof herbivoreCountSchema>;

/** The columns of a plots CSV (and the attributes of a vector file's plots). */
export const PLOT_COLUMNS = ['plot', 'date', 'x', 'y', 'radius_m', 'species', 'live', 'dead', 'browsed', 'mean_height_m', 'heights_m'] as const;

/** What one species was on one plot. */
export interface PlotTally {
  live: number;
  dead: number;
  browsed: number;
  /** Mean height of the live stems, m; null where not measured. */
  meanHeight: number | null;
}

/** One plot as surveyed, in the terrain's coordinates. */
export interface SurveyPlot {
  id: string;
  date: string;
  /** Centre (a circle) or any point inside (a polygon), terrain CRS. */
  x: number;
  y: number;
  /** A circular plot's radius, m; null for a polygon. */
  radius: number | null;
  /** A polygon plot's outline, terrain CRS; null for a circle. */
  ring: [number, number][] | null;
  areaM2: number;
  /** Where it was read, for messages: "plots.csv line 7", "plots.gpkg feature 3". */
  where: string;
  /** Per species id; a plot where nothing was found has none. */
  tallies: Map<string, PlotTally>;
}

/** A survey read and placed on the plan's site. */
export interface Survey {
  name: string;
  plantedOn: string;
  /** The year since planting the survey was made in (growing seasons completed). */
  year: number;
  plots: SurveyPlot[];
  herbivoreCounts: HerbivoreCount[];
  /** Plan zone of each plot (index into the plan's plantings), −1 outside every zone. */
  plotZone: number[];
  notes: string[];
}

/** One thing wrong with a survey, located by file, line (or feature) and field. */
export interface SurveyProblem {
  where: string;
  field?: string;
  message: string;
}

/** A survey that cannot be used with the plan: every problem found, not only the first. */
export class SurveyError extends Error {
  constructor(readonly problems: readonly SurveyProblem[]) {
    const lines = problems.map((p) => visibleText(`  ${p.where}${p.field ? `, field ${p.field}` : ''}: ${p.message}`));
    super(problems.length === 1 ? lines[0].trim() : `the survey cannot be used (${problems.length} problems):\n${lines.join('\n')}`);
    this.name = 'SurveyError';
  }
}

/** Whole growing seasons between planting and a date, rounded to the nearest: the model year a visit on that date sees. */
export function yearsSincePlanting(plantedOn: string, date: string): number {
  const days = (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${plantedOn}T00:00:00Z`)) / 86_400_000;
  return Math.round(days / 365.25);
}
