import { polygonArea } from '../shared/polygon.js';
import { terrainSouth, terrainWidth, type Terrain } from '../terrain/terrain.js';
import { isCalendarDate, type SurveyPlot, type SurveyProblem } from './format.js';

/**
 * The rows of a survey's plots, as read from a CSV or a vector file, checked field by field and
 * grouped into plots (read.ts reads them; check.ts checks the plots against the plan).
 */

/** One row of plots as read: a plot's species (or none), where it lies and what was counted. */
export interface PlotRow {
  where: string;
  fields: Record<string, unknown>;
  /** Terrain coordinates of the centre (or a point inside a polygon). */
  x: number;
  y: number;
  ring: [number, number][] | null;
}

/** A field as text; absent, null and NaN (a shapefile's empty number) are empty. */
const text = (v: unknown) => (v === undefined || v === null || Number.isNaN(v) ? '' : String(v).trim());

/** Count fields: whole numbers ≥ 0. */
function count(row: PlotRow, field: 'live' | 'dead' | 'browsed', problems: SurveyProblem[]): number {
  const raw = text(row.fields[field]);
  const n = raw === '' ? 0 : Number(raw);
  if (!Number.isInteger(n)) problems.push({ where: row.where, field, message: `"${raw}" is not a whole number` });
  else if (n < 0) problems.push({ where: row.where, field, message: `${n} is negative` });
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

const isHeight = (h: number) => h >= 0 && h < 100;

/**
 * The live stems' mean height, m: `mean_height_m` as measured, or the mean of `heights_m` (each live
 * stem's height, separated by semicolons or spaces, as a surveyor measures them one by one); null where
 * neither is given or a figure is not a height (a problem then says which).
 */
function heightOf(row: PlotRow, live: number, problems: SurveyProblem[]): number | null {
  const meanText = text(row.fields.mean_height_m);
  const eachText = text(row.fields.heights_m);
  if (meanText !== '' && eachText !== '') {
    problems.push({ where: row.where, field: 'heights_m', message: 'give the stems\' heights one by one (heights_m) or their mean (mean_height_m), not both' });
    return null;
  }
  if (eachText !== '') {
    const parts = eachText.split(/[;\s]+/).filter((p) => p !== '');
    const heights = parts.map(Number);
    const bad = parts.find((_, i) => !isHeight(heights[i]));
    if (bad !== undefined) {
      problems.push({ where: row.where, field: 'heights_m', message: `"${bad}" is not a height in metres` });
      return null;
    }
    if (heights.length > live) {
      problems.push({ where: row.where, field: 'heights_m', message: `${heights.length} heights for ${live} live stems; measure at most one height a live stem` });
      return null;
    }
    return heights.length > 0 ? heights.reduce((a, b) => a + b, 0) / heights.length : null;
  }
  if (meanText === '') return null;
  const mean = Number(meanText);
  if (!isHeight(mean)) {
    problems.push({ where: row.where, field: 'mean_height_m', message: `"${meanText}" is not a height in metres` });
    return null;
  }
  return mean;
}

/**
 * Rows grouped by plot: one plot each, its tallies per species; every field checked, each problem
 * added to `problems`, and where each plot's species was read to `speciesWhere` (plot id → species →
 * "plots.csv line 9").
 */
export function plotsOf(rows: PlotRow[], terrain: Terrain, fileName: string, problems: SurveyProblem[], speciesWhere: Map<string, Map<string, string>>): SurveyPlot[] {
  const plots = new Map<string, SurveyPlot>();
  // Whether a plot's first row had a good date and radius: a later row is compared with those only.
  const firstGood = new Map<string, { date: boolean; radius: boolean }>();
  const south = terrainSouth(terrain);
  const east = terrain.west + terrainWidth(terrain);
  const at = (x: number, y: number) => `(${Number(x.toFixed(1))}, ${Number(y.toFixed(1))})`;
  for (const row of rows) {
    const id = text(row.fields.plot);
    if (id === '') {
      problems.push({ where: row.where, field: 'plot', message: 'is empty; every row names its plot' });
      continue;
    }
    const date = text(row.fields.date);
    const dateOk = isCalendarDate(date);
    if (!dateOk) problems.push({ where: row.where, field: 'date', message: `"${date}" is not a calendar date written YYYY-MM-DD` });
    let radius: number | null = null;
    let radiusOk = true;
    if (row.ring === null) {
      const raw = text(row.fields.radius_m);
      radius = Number(raw);
      if (raw === '' || !(radius > 0 && radius <= 100)) {
        problems.push({ where: row.where, field: 'radius_m', message: raw === '' ? 'is empty; a plot given as a point needs its radius in metres (above 0, at most 100)' : `"${raw}" is not a radius in metres (above 0, at most 100)` });
        radius = 1;
        radiusOk = false;
      }
    }
    let plot = plots.get(id);
    if (!plot) {
      if (row.x < terrain.west || row.x > east || row.y < south || row.y > terrain.north) {
        problems.push({ where: row.where, field: 'x, y', message: `plot "${id}" lies off the site: ${at(row.x, row.y)} is outside ${terrain.west}–${east} E, ${south}–${terrain.north} N in ${terrain.crs}` });
      }
      const areaM2 = row.ring ? polygonArea(row.ring) : Math.PI * radius! * radius!;
      plot = { id, date, x: row.x, y: row.y, radius, ring: row.ring, areaM2, where: row.where, tallies: new Map() };
      plots.set(id, plot);
      firstGood.set(id, { date: dateOk, radius: radiusOk });
    } else {
      const good = firstGood.get(id)!;
      const fields: string[] = [];
      const differences: string[] = [];
      if (Math.hypot(plot.x - row.x, plot.y - row.y) > 0.5) {
        fields.push('x, y');
        differences.push(`at ${at(row.x, row.y)}, not ${at(plot.x, plot.y)}`);
      }
      if (dateOk && good.date && date !== plot.date) {
        fields.push('date');
        differences.push(`on ${date}, not ${plot.date}`);
      }
      if (radiusOk && good.radius && radius !== plot.radius) {
        fields.push('radius_m');
        differences.push(radius === null || plot.radius === null ? 'as a polygon and as a point' : `of radius ${radius} m, not ${plot.radius} m`);
      }
      if (fields.length) problems.push({ where: row.where, field: fields.join(', '), message: `plot "${id}" is given again ${differences.join(', ')} as at ${plot.where}; a plot has one place, date and radius` });
    }
    const species = text(row.fields.species);
    const live = count(row, 'live', problems);
    const dead = count(row, 'dead', problems);
    const browsed = count(row, 'browsed', problems);
    if (browsed > live) problems.push({ where: row.where, field: 'browsed', message: `${browsed} browsed leaders of ${live} live stems; browsed counts live stems whose leader was browsed` });
    const meanHeight = heightOf(row, live, problems);
    if (species === '') {
      if (live + dead > 0) problems.push({ where: row.where, field: 'species', message: 'is empty on a row that counts stems; name the species (leave it empty only for a plot where nothing was found)' });
      continue;
    }
    if (plot.tallies.has(species)) problems.push({ where: row.where, field: 'species', message: `"${species}" is given twice for plot "${id}"` });
    else {
      plot.tallies.set(species, { live, dead, browsed, meanHeight: live > 0 ? meanHeight : null });
      speciesWhere.set(id, (speciesWhere.get(id) ?? new Map<string, string>()).set(species, row.where));
    }
  }
  if (plots.size === 0 && problems.length === 0) problems.push({ where: fileName, message: 'has no plot' });
  return [...plots.values()];
}
