import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assetPath } from '../../assets.js';
import { polygonArea, openRing } from '../../shared/polygon.js';
import { siteWarnings } from '../../model/feasibility.js';
import { loadScenario, parseScenarioText, readScenarioJson } from '../../scenario/load.js';
import { loadAsciiGrid } from '../../terrain/ascii.js';
import { TerrainError } from '../../terrain/errors.js';
import { loadGeoTiff } from '../../terrain/geotiff.js';
import { terrainStats } from '../../terrain/stats.js';
import type { Terrain } from '../../terrain/terrain.js';
import { InputError, checkStdinIsPiped, parseCommand, type CliIo } from '../args.js';

/** The commands that look at inputs without running them: validate, example, terrain-info. */

export const VALIDATE_USAGE = `Usage: reforest validate SCENARIO | -

Checks a scenario (and its terrain) and lists every problem, each named by its place
in the file (plantings[2].density: must be > 0). Exit code 0 when valid, 2 otherwise.
`;

export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) {
    io.stdout(VALIDATE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError('validate takes one scenario file (or - for standard input)');
  const source = positionals[0];
  const fromStdin = source === '-';
  if (fromStdin) checkStdinIsPiped(io.stdinIsTty);
  const json = fromStdin ? parseScenarioText(await io.readStdin(), 'standard input') : await readScenarioJson(source);
  const { resolved, terrain } = await loadScenario(json, {
    baseDir: fromStdin ? process.cwd() : dirname(resolve(source)),
    label: fromStdin ? 'standard input' : source,
  });
  const sc = resolved.scenario;
  const trees = sc.plantings.reduce((n, p) => n + (polygonArea(openRing(p.polygon)) / 10_000) * p.density, 0);
  io.stdout(
    `${fromStdin ? 'standard input' : source}: valid. "${sc.name}": ${sc.plantings.length} zone${sc.plantings.length === 1 ? '' : 's'}, ` +
      `about ${Math.round(trees).toLocaleString('en')} trees, ${sc.fences.length} fence${sc.fences.length === 1 ? '' : 's'}, ` +
      `${sc.herbivores.length} herbivore population${sc.herbivores.length === 1 ? '' : 's'}, ${sc.years} years × ${sc.replicates} replicates; ` +
      `terrain ${terrain.cols} × ${terrain.rows} cells of ${terrain.cellSize} m (${terrain.crs}).\n`,
  );
  for (const w of siteWarnings(resolved, terrain)) io.stderr(`warning: ${w.path}: ${w.message}\n`);
  return 0;
}

export const EXAMPLE_USAGE = `Usage: reforest example [NAME]

Prints a bundled scenario to standard output (the default one when NAME is omitted),
to start a new scenario from, its "$schema" and terrain file naming the installed files
wherever it is saved. 'reforest example --list' lists them.
`;

export async function exampleCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(EXAMPLE_USAGE);
    return 0;
  }
  const names = readdirSync(assetPath('scenarios'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
  if (values.list) {
    io.stdout(names.join('\n') + '\n');
    return 0;
  }
  const name = positionals[0] ?? 'default';
  if (!names.includes(name)) throw new InputError(`no bundled scenario "${name}"; there are: ${names.join(', ')}`);
  // The example's `$schema` and terrain file are relative to the bundled folder; written elsewhere they
  // would point at nothing, so they name the installed files: the schema by its absolute file URL, the
  // terrain by its absolute path.
  const schema = pathToFileURL(assetPath('scenario.schema.json')).href;
  let text = readFileSync(assetPath('scenarios', `${name}.json`), 'utf8').replace(/("\$schema"\s*:\s*)"[^"]*"/, (_, key: string) => `${key}${JSON.stringify(schema)}`);
  const terrainPath = (JSON.parse(text) as { terrain?: { path?: unknown } }).terrain?.path;
  if (typeof terrainPath === 'string' && !isAbsolute(terrainPath)) text = text.replace(JSON.stringify(terrainPath), JSON.stringify(assetPath('scenarios', terrainPath)));
  io.stdout(text);
  return 0;
}

export const TERRAIN_INFO_USAGE = `Usage: reforest terrain-info FILE [--json]

Prints a DEM's size, CRS, cell size, elevation, slope (Horn's method) and wetness
index statistics. FILE is a GeoTIFF (.tif, .tiff) or an ESRI ASCII grid (.asc).
`;

export async function terrainInfoCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(TERRAIN_INFO_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError('terrain-info takes one elevation file');
  const file = positionals[0];
  const ext = extname(file).toLowerCase();
  let terrain: Terrain;
  try {
    if (ext === '.tif' || ext === '.tiff') terrain = await loadGeoTiff(file);
    else if (ext === '.asc') terrain = await loadAsciiGrid(file);
    else throw new InputError(`${file}: expected a GeoTIFF (.tif, .tiff) or ESRI ASCII grid (.asc)`);
  } catch (err) {
    if (err instanceof TerrainError) throw new InputError(err.message);
    throw err;
  }
  const s = terrainStats(terrain);
  if (values.json) {
    io.stdout(JSON.stringify({ file, west: terrain.west, east: terrain.west + s.cols * s.cellSize, south: terrain.north - s.rows * s.cellSize, north: terrain.north, ...s }, null, 2) + '\n');
    return 0;
  }
  const f = (v: number, d = 1) => v.toFixed(d);
  io.stdout(
    [
      `${file}`,
      `  size        ${s.cols} × ${s.rows} cells of ${f(s.cellSize, 3)} m (${f((s.cols * s.cellSize) / 1000, 2)} × ${f((s.rows * s.cellSize) / 1000, 2)} km)`,
      `  CRS         ${s.crs}`,
      `  bounds      x ${f(terrain.west, 3)} to ${f(terrain.west + s.cols * s.cellSize, 3)} (west to east), y ${f(terrain.north - s.rows * s.cellSize, 3)} to ${f(terrain.north, 3)} (south to north)`,
      `  cells       ${s.validCells.toLocaleString('en')} with data, ${(s.cols * s.rows - s.validCells).toLocaleString('en')} NODATA`,
      `  elevation   ${f(s.elevation.min)} to ${f(s.elevation.max)} m, mean ${f(s.elevation.mean)} m`,
      `  slope       mean ${f(s.slope.mean, 2)}°, median ${f(s.slope.p50, 2)}°, 95th percentile ${f(s.slope.p95, 2)}°, max ${f(s.slope.max, 2)}°`,
      `  wetness     TWI ${f(s.twi.min, 2)} to ${f(s.twi.max, 2)}, mean ${f(s.twi.mean, 2)}`,
    ].join('\n') + '\n',
  );
  return 0;
}
