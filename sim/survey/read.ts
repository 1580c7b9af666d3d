import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { csvParse } from 'd3-dsv';
import { GisError, transformInto, type SourceCrs, type TerrainCrs } from '../gis/crs.js';
import type { Geometry } from '../gis/features.js';
import { readVectorFile } from '../gis/read.js';
import { formatPath } from '../scenario/issues.js';
import { parseScenarioText } from '../scenario/load.js';
import { ScenarioError } from '../scenario/issues.js';
import { openRing, polygonArea } from '../shared/polygon.js';
import { MAX_GIS_BYTES } from '../shared/fileLimits.js';
import { terrainSouth, terrainWidth, type Terrain } from '../terrain/terrain.js';
import { PLOT_COLUMNS, SurveyError, surveyFileSchema, type SurveyFile, type SurveyPlot, type SurveyProblem } from './format.js';

/** One row of plots as read: a plot's species (or none), where it lies and what was counted. */
interface PlotRow {
  where: string;
  fields: Record<string, unknown>;
  /** Terrain coordinates of the centre (or a point inside a polygon). */
  x: number;
  y: number;
  ring: [number, number][] | null;
}

/** The survey file and its plots, read and placed on the terrain; checked against the plan by check.ts. */
export interface SurveyRead {
  file: SurveyFile;
  plots: SurveyPlot[];
  notes: string[];
}

/** A survey as files: the survey file's text and the bytes of the plots file it names. */
export interface SurveyFiles {
  /** The survey file's name, for messages. */
  name: string;
  text: string;
  /** Reads the plots file the survey names (its `plots`, relative to the survey file); rejects when it cannot. */
  readPlots(relativePath: string): Promise<Uint8Array>;
}

/** Reads a survey file from disk and the plots it names beside it; every problem is a SurveyError. */
export async function readSurvey(path: string, terrain: Terrain): Promise<SurveyRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SurveyError([{ where: basename(path), message: `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  return readSurveyFiles({ name: basename(path), text, readPlots: (rel) => readFile(resolve(dirname(path), rel)) }, terrain);
}

/** Reads a survey from its files (from disk, or as the page sends them), placing its plots on the terrain. */
export async function readSurveyFiles(files: SurveyFiles, terrain: Terrain): Promise<SurveyRead> {
  const label = files.name;
  let json: unknown;
  try {
    json = parseScenarioText(files.text, label);
  } catch (err) {
    if (err instanceof ScenarioError) throw new SurveyError([{ where: label, message: err.issues[0].message }]);
    throw err;
  }
  const parsed = surveyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new SurveyError(parsed.error.issues.map((i) => ({ where: label, field: formatPath(i.path) || undefined, message: i.message })));
  }
  const file = parsed.data;
  let bytes: Uint8Array;
  try {
    bytes = await files.readPlots(file.plots);
  } catch (err) {
    throw new SurveyError([{ where: label, field: 'plots', message: `cannot read ${file.plots} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  if (bytes.length > MAX_GIS_BYTES) throw new SurveyError([{ where: file.plots, message: `is ${(bytes.length / 2 ** 20).toFixed(1)} MiB; a survey's plots come in at most ${MAX_GIS_BYTES / 2 ** 20} MiB` }]);
  const target: TerrainCrs = { crs: terrain.crs, crsWkt: terrain.crsWkt };
  const notes: string[] = [];
  const plotsName = basename(file.plots);
  const rows = extname(plotsName).toLowerCase() === '.csv' ? csvRows(plotsName, bytes, file, target, notes) : await vectorRows(plotsName, bytes, target, notes);
  return { file, plots: plotsOf(rows, terrain), notes };
}

function reprojection(fileName: string, target: TerrainCrs, source: SourceCrs, notes: string[]) {
  try {
    const { transform, notes: said } = transformInto(target, source, fileName);
    notes.push(...said);
    return transform;
  } catch (err) {
    if (err instanceof GisError) throw new SurveyError([{ where: fileName, message: err.message }]);
    throw err;
  }
}

function csvRows(fileName: string, bytes: Uint8Array, file: SurveyFile, target: TerrainCrs, notes: string[]): PlotRow[] {
  const table = csvParse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  const missing = ['plot', 'date', 'x', 'y', 'radius_m', 'species', 'live', 'dead', 'browsed'].filter((c) => !table.columns.includes(c));
  if (missing.length) throw new SurveyError([{ where: fileName, message: `has no column ${missing.join(', ')} (the columns are ${PLOT_COLUMNS.join(', ')})` }]);
  const source: SourceCrs = file.crs ? { epsg: Number(file.crs.slice(5)) } : null;
  const project = source === null ? (x: number, y: number): [number, number] => [x, y] : reprojection(fileName, target, source, notes);
  if (source === null) notes.push(`${fileName}: x and y are taken in the site's own CRS (${target.crs}); the survey file names no crs`);
  const problems: SurveyProblem[] = [];
  const rows: PlotRow[] = [];
  table.forEach((row, i) => {
    const where = `${fileName} line ${i + 2}`;
    const x = Number(row.x);
    const y = Number(row.y);
    if (row.x === '' || !Number.isFinite(x)) problems.push({ where, field: 'x', message: `"${row.x}" is not a number` });
    else if (row.y === '' || !Number.isFinite(y)) problems.push({ where, field: 'y', message: `"${row.y}" is not a number` });
    else {
      const [px, py] = project(x, y);
      rows.push({ where, fields: row, x: px, y: py, ring: null });
    }
  });
  if (problems.length) throw new SurveyError(problems);
  return rows;
}

async function vectorRows(fileName: string, bytes: Uint8Array, target: TerrainCrs, notes: string[]): Promise<PlotRow[]> {
  let layers;
  try {
    layers = await readVectorFile(fileName, bytes);
  } catch (err) {
    if (err instanceof GisError) throw new SurveyError([{ where: fileName, message: err.message }]);
    throw err;
  }
  const rows: PlotRow[] = [];
  const problems: SurveyProblem[] = [];
  for (const layer of layers) {
    const project = reprojection(fileName, target, layer.crs, notes);
    layer.features.forEach((feature, i) => {
      const where = `${fileName} ${layers.length > 1 ? `layer ${layer.name} ` : ''}feature ${i + 1}`;
      const g: Geometry | null = feature?.geometry ?? null;
      if (g?.type === 'Point') {
        const [x, y] = project(Number(g.coordinates[0]), Number(g.coordinates[1]));
        rows.push({ where, fields: feature.properties ?? {}, x, y, ring: null });
      } else if (g?.type === 'Polygon' && (g.coordinates[0]?.length ?? 0) >= 4) {
        const ring = openRing(g.coordinates[0].map((p) => project(Number(p[0]), Number(p[1]))));
        const [x, y] = interiorPoint(ring);
        rows.push({ where, fields: feature.properties ?? {}, x, y, ring });
      } else problems.push({ where, message: `is a ${g?.type ?? 'feature without a geometry'}; a plot is a point (with radius_m) or a polygon` });
    });
  }
  if (problems.length) throw new SurveyError(problems);
  return rows;
}

/** The centroid of a ring's vertices: inside any plot shape a surveyor lays out (a square, a circle's polygon). */
function interiorPoint(ring: [number, number][]): [number, number] {
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p[0];
    y += p[1];
  }
  return [x / ring.length, y / ring.length];
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/** Count fields: whole numbers ≥ 0. */
function count(row: PlotRow, field: 'live' | 'dead' | 'browsed', problems: SurveyProblem[]): number {
  const raw = text(row.fields[field]);
  const n = raw === '' ? 0 : Number(raw);
  if (!Number.isInteger(n)) problems.push({ where: row.where, field, message: `"${raw}" is not a whole number` });
  else if (n < 0) problems.push({ where: row.where, field, message: `${n} is negative` });
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** Rows grouped by plot: one plot each, its tallies per species; every field checked. */
function plotsOf(rows: PlotRow[], terrain: Terrain): SurveyPlot[] {
  const problems: SurveyProblem[] = [];
  const plots = new Map<string, SurveyPlot>();
  const south = terrainSouth(terrain);
  const east = terrain.west + terrainWidth(terrain);
  for (const row of rows) {
    const id = text(row.fields.plot);
    if (id === '') {
      problems.push({ where: row.where, field: 'plot', message: 'is empty; every row names its plot' });
      continue;
    }
    const date = text(row.fields.date);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) problems.push({ where: row.where, field: 'date', message: `"${date}" is not a date written YYYY-MM-DD` });
    let radius: number | null = null;
    if (row.ring === null) {
      radius = Number(text(row.fields.radius_m));
      if (!(radius > 0 && radius <= 100)) {
        problems.push({ where: row.where, field: 'radius_m', message: `"${text(row.fields.radius_m)}" is not a radius in metres (above 0, at most 100)` });
        radius = 1;
      }
    }
    if (row.x < terrain.west || row.x > east || row.y < south || row.y > terrain.north) {
      problems.push({ where: row.where, field: 'x, y', message: `plot "${id}" lies off the site (${row.x.toFixed(1)}, ${row.y.toFixed(1)} is outside ${terrain.west}–${east} E, ${south}–${terrain.north} N in ${terrain.crs})` });
    }
    let plot = plots.get(id);
    if (!plot) {
      const areaM2 = row.ring ? polygonArea(row.ring) : Math.PI * radius! * radius!;
      plot = { id, date, x: row.x, y: row.y, radius, ring: row.ring, areaM2, where: row.where, tallies: new Map() };
      plots.set(id, plot);
    } else if (Math.hypot(plot.x - row.x, plot.y - row.y) > 0.5 || plot.date !== date || plot.radius !== radius) {
      problems.push({ where: row.where, message: `plot "${id}" is given again with another place, date or radius than at ${plot.where}` });
    }
    const species = text(row.fields.species);
    const live = count(row, 'live', problems);
    const dead = count(row, 'dead', problems);
    const browsed = count(row, 'browsed', problems);
    if (browsed > live) problems.push({ where: row.where, field: 'browsed', message: `${browsed} browsed leaders of ${live} live stems; browsed counts live stems whose leader was browsed` });
    const heightText = text(row.fields.mean_height_m);
    const meanHeight = heightText === '' ? null : Number(heightText);
    if (meanHeight !== null && !(meanHeight >= 0 && meanHeight < 100)) problems.push({ where: row.where, field: 'mean_height_m', message: `"${heightText}" is not a height in metres` });
    if (species === '') {
      if (live + dead > 0) problems.push({ where: row.where, field: 'species', message: 'is empty on a row that counts stems; name the species (leave it empty only for a plot where nothing was found)' });
      continue;
    }
    if (plot.tallies.has(species)) problems.push({ where: row.where, field: 'species', message: `"${species}" is given twice for plot "${id}"` });
    plot.tallies.set(species, { live, dead, browsed, meanHeight: live > 0 ? meanHeight : null });
  }
  if (problems.length) throw new SurveyError(problems);
  if (plots.size === 0) throw new SurveyError([{ where: 'plots', message: 'has no plot' }]);
  return [...plots.values()];
}
