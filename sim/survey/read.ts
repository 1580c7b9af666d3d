import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { csvParse } from 'd3-dsv';
import type { z } from 'zod';
import { GisError, isGeoreferenced, transformInto, type SourceCrs, type TerrainCrs } from '../gis/crs.js';
import type { Geometry, Position } from '../gis/features.js';
import { readVectorFile, VECTOR_EXTENSIONS } from '../gis/read.js';
import { formatPath, issueFromZod, ScenarioError } from '../scenario/issues.js';
import { parseScenarioText } from '../scenario/load.js';
import { openRing } from '../shared/polygon.js';
import { MAX_GIS_BYTES } from '../shared/fileLimits.js';
import type { Terrain } from '../terrain/terrain.js';
import { PLOT_COLUMNS, SurveyError, surveyFileSchema, type SurveyFile, type SurveyPlot, type SurveyProblem } from './format.js';
import { plotsOf, type PlotRow } from './rows.js';

/** The survey file and its plots, read and placed on the terrain; checked against the plan by check.ts. */
export interface SurveyRead {
  /** The survey file's name, for messages. */
  label: string;
  file: SurveyFile;
  plots: SurveyPlot[];
  notes: string[];
  /**
   * What is wrong in the plots' rows (a field, a place, a plot or species given twice): check.ts
   * reports them together with what does not fit the plan, so every problem is listed at once.
   */
  problems: SurveyProblem[];
  /** Where each plot's species was read (plot id → species → "plots.csv line 9"), to name the row in a message. */
  speciesWhere: Map<string, Map<string, string>>;
}

/** A survey as files: the survey file's text and the bytes of the plots file it names. */
export interface SurveyFiles {
  /** The survey file's name, for messages. */
  name: string;
  text: string;
  /** Reads the plots file the survey names (its `plots`, relative to the survey file); rejects when it cannot. */
  readPlots(relativePath: string): Promise<Uint8Array>;
}

/**
 * Reads a survey file from disk and the plots it names beside it. What stops the reading (the file,
 * its plots file, a CRS) is a SurveyError; what is wrong in the rows comes back in `problems`.
 */
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
  if (!parsed.success) throw new SurveyError(parsed.error.issues.flatMap((i) => schemaProblems(label, i)));
  const file = parsed.data;
  const plotsName = basename(file.plots);
  const ext = extname(plotsName).slice(1).toLowerCase();
  if (ext !== 'csv' && !(VECTOR_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new SurveyError([{ where: label, field: 'plots', message: `${file.plots} is neither a CSV (.csv) nor a vector file the GIS import reads (.gpkg, .geojson, .json, .kml, a zipped shapefile .zip)` }]);
  }
  let bytes: Uint8Array;
  try {
    bytes = await files.readPlots(file.plots);
  } catch (err) {
    throw new SurveyError([{ where: label, field: 'plots', message: `cannot read ${file.plots} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  if (bytes.length > MAX_GIS_BYTES) throw new SurveyError([{ where: file.plots, message: `is ${(bytes.length / 2 ** 20).toFixed(1)} MiB; a survey's plots come in at most ${MAX_GIS_BYTES / 2 ** 20} MiB` }]);
  const target: TerrainCrs = { crs: terrain.crs, crsWkt: terrain.crsWkt };
  const notes: string[] = [];
  const problems: SurveyProblem[] = [];
  const rows = ext === 'csv' ? csvRows(plotsName, bytes, file, { label, target, notes, problems }) : await vectorRows(plotsName, bytes, { label, target, notes, problems });
  const speciesWhere = new Map<string, Map<string, string>>();
  return { label, file, plots: plotsOf(rows, terrain, plotsName, problems, speciesWhere), notes, problems, speciesWhere };
}

/** A schema issue of the survey file as problems: an unknown field named as the field. */
function schemaProblems(label: string, issue: z.core.$ZodIssue): SurveyProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ where: label, field: formatPath([...issue.path, key]), message: 'is not a field of a survey file (docs/monitoring.md lists them)' }));
  }
  const { path, message } = issueFromZod(issue);
  return [{ where: label, field: path || undefined, message }];
}

/** Where a rows reader is: the survey file's name, the terrain's CRS, and what it has found. */
interface ReadContext {
  label: string;
  target: TerrainCrs;
  notes: string[];
  problems: SurveyProblem[];
}

/** A GIS message about `fileName` as a problem there, the name not said twice. */
function gisProblem(err: GisError, fileName: string, at: Omit<SurveyProblem, 'message'> = { where: fileName }): SurveyProblem {
  const m = err.message;
  if (at.where !== fileName) return { ...at, message: m };
  return { ...at, message: m.startsWith(`${fileName}: `) ? m.slice(fileName.length + 2) : m.startsWith(`${fileName} `) ? `it ${m.slice(fileName.length + 1)}` : m };
}

function reprojection(fileName: string, ctx: ReadContext, source: SourceCrs, at?: Omit<SurveyProblem, 'message'>) {
  try {
    const { transform, notes: said } = transformInto(ctx.target, source, fileName);
    ctx.notes.push(...said);
    return transform;
  } catch (err) {
    if (err instanceof GisError) throw new SurveyError([gisProblem(err, fileName, at)]);
    throw err;
  }
}

function csvRows(fileName: string, bytes: Uint8Array, file: SurveyFile, ctx: ReadContext): PlotRow[] {
  const table = csvParse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  const missing = ['plot', 'date', 'x', 'y', 'radius_m', 'species', 'live', 'dead', 'browsed'].filter((c) => !table.columns.includes(c));
  if (missing.length) {
    throw new SurveyError(missing.map((c) => ({ where: `${fileName} line 1`, field: c, message: `is not a column of the header (the columns are ${PLOT_COLUMNS.join(', ')})` })));
  }
  const source: SourceCrs = file.crs ? { epsg: Number(file.crs.slice(5)) } : null;
  // A CRS the site cannot take is the survey file's `crs`, so the message names it there.
  const project = source === null ? (x: number, y: number): [number, number] => [x, y] : reprojection(fileName, ctx, source, { where: ctx.label, field: 'crs' });
  if (source === null) ctx.notes.push(`${fileName}: x and y are taken in the site's own CRS (${ctx.target.crs}); the survey file names no crs`);
  const rows: PlotRow[] = [];
  table.forEach((row, i) => {
    const where = `${fileName} line ${i + 2}`;
    const [x, y] = [Number(row.x), Number(row.y)];
    const xOk = row.x !== '' && Number.isFinite(x);
    const yOk = row.y !== '' && Number.isFinite(y);
    if (!xOk) ctx.problems.push({ where, field: 'x', message: `"${row.x}" is not a number` });
    if (!yOk) ctx.problems.push({ where, field: 'y', message: `"${row.y}" is not a number` });
    if (xOk && yOk) {
      const [px, py] = project(x, y);
      rows.push({ where, fields: row, x: px, y: py, ring: null });
    }
  });
  return rows;
}

async function vectorRows(fileName: string, bytes: Uint8Array, ctx: ReadContext): Promise<PlotRow[]> {
  let layers;
  try {
    layers = await readVectorFile(fileName, bytes);
  } catch (err) {
    if (err instanceof GisError) throw new SurveyError([gisProblem(err, fileName)]);
    throw err;
  }
  const rows: PlotRow[] = [];
  for (const layer of layers) {
    // As the GIS import does: on a site without a real-world CRS, GeoJSON that states none is in the site's own coordinates.
    const local = !layer.crsStated && !isGeoreferenced(ctx.target);
    const project = reprojection(fileName, ctx, local ? null : layer.crs);
    const place = (p: Position): [number, number] => project(Number(p[0]), Number(p[1]));
    layer.features.forEach((feature, i) => {
      const where = `${fileName} ${layers.length > 1 ? `layer ${layer.name} ` : ''}feature ${i + 1}`;
      const fields = attributes(feature?.properties ?? {});
      const g = singlePart(feature?.geometry ?? null);
      const finite = (p: [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]);
      if (g?.type === 'Point' && finite(place(g.coordinates))) {
        const [x, y] = place(g.coordinates);
        rows.push({ where, fields, x, y, ring: null });
      } else if (g?.type === 'Polygon' && (g.coordinates[0]?.length ?? 0) >= 4 && g.coordinates[0].every((p) => finite(place(p)))) {
        const ring = openRing(g.coordinates[0].map(place));
        const [x, y] = interiorPoint(ring);
        rows.push({ where, fields, x, y, ring });
      } else if (g?.type === 'Point' || g?.type === 'Polygon') {
        ctx.problems.push({ where, field: 'geometry', message: `is a ${g.type} whose coordinates cannot be placed in ${ctx.target.crs}` });
      } else {
        ctx.problems.push({ where, field: 'geometry', message: `is ${g ? `a ${g.type}` : 'missing'}; a plot is a point (with radius_m) or a polygon` });
      }
    });
  }
  return rows;
}

/** A multi-part geometry of one part as that part (GIS tools often write one polygon as a MultiPolygon). */
function singlePart(g: Geometry | null): Geometry | null {
  if (g?.type === 'MultiPoint' && g.coordinates.length === 1) return { type: 'Point', coordinates: g.coordinates[0] };
  if (g?.type === 'MultiPolygon' && g.coordinates.length === 1) return { type: 'Polygon', coordinates: g.coordinates[0] };
  return g;
}

/**
 * A vector feature's attributes under the plots CSV's column names: names matched whatever their
 * case, and as a shapefile cuts them to 10 characters (mean_height_m is mean_heigh in a .dbf); a
 * date field (a shapefile's dates come as Date objects) written YYYY-MM-DD.
 */
function attributes(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    const k = key.toLowerCase();
    const column = PLOT_COLUMNS.find((c) => c === k || c.slice(0, 10) === k) ?? key;
    if (column in out && column !== key) continue;
    out[column] = value instanceof Date ? localDate(value) : value;
  }
  return out;
}

const localDate = (d: Date) => (Number.isNaN(d.getTime()) ? '' : `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);

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
