import { type ParseError, parse as parseJson, printParseErrorCode } from 'jsonc-parser';
import { dirname, isAbsolute, resolve } from 'node:path';
import { assetPath } from '../assets.js';
import { loadLibrary } from './library.js';
import { TerrainError } from '../terrain/errors.js';
import { proceduralTerrain } from '../terrain/procedural.js';
import type { Terrain } from '../terrain/terrain.js';
import { ScenarioError, issueFromZod, type ScenarioIssue } from './issues.js';
import { firstTooDeep, lineAndColumn } from './jsonDepth.js';
import { readScenarioText } from './readText.js';
import type { ResolvedScenario } from './resolved.js';
import { LIMITS, scenarioSchema, terrainSpecSchema, type Scenario, type TerrainSpec } from './schema.js';
import { checkAgainstTerrain, resolveScenario } from './validate.js';

/** A scenario ready to run: parameters resolved and terrain loaded. */
export interface LoadedScenario {
  resolved: ResolvedScenario;
  terrain: Terrain;
}

/** The built-in default scenario: a Highland glen, fenced and unfenced planting under red deer. */
export function defaultScenarioPath(): string {
  return assetPath('scenarios', 'default.json');
}

/** Deepest nesting of arrays and objects a scenario or sweep file may have (real ones need under ten). */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses scenario text, reporting a syntax error by line and column (with VS Code's JSON scanner).
 * Nesting is checked first: the parser and the schema recurse, and thousands of levels would
 * overflow the stack instead of giving a message.
 */
export function parseScenarioText(text: string, label: string): unknown {
  const tooDeep = firstTooDeep(text, MAX_JSON_DEPTH);
  if (tooDeep >= 0) {
    const { line, column } = lineAndColumn(text, tooDeep);
    throw new ScenarioError([{ path: '', message: `line ${line}, column ${column}: nested more than ${MAX_JSON_DEPTH} levels deep` }], label);
  }
  const errors: ParseError[] = [];
  const value: unknown = parseJson(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length === 0) return value;
  const { error, offset } = errors[0];
  const { line, column } = lineAndColumn(text, offset);
  const what = printParseErrorCode(error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  throw new ScenarioError([{ path: '', message: `line ${line}, column ${column}: not valid JSON (${what})` }], label);
}

/**
 * Fixes a procedural terrain's relief seed to the scenario's seed as written, before the seed is
 * overridden (--seed, a sweep variable): a new seed then draws new replicates on the same site.
 */
export function pinTerrainSeed(json: unknown): void {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return;
  const { terrain, seed } = json as { terrain?: Record<string, unknown>; seed?: unknown };
  // Only a valid seed is copied: a bad one is reported once, at `seed`, not again at `terrain.seed`.
  const valid = typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff;
  if (terrain && terrain.type === 'procedural' && terrain.seed === undefined && valid) terrain.seed = seed;
}

/** What a run may change of the scenario it runs without editing it: the command line's --seed, --replicates, --years. */
export interface RunOverrides {
  seed?: number;
  replicates?: number;
  years?: number;
}

/**
 * Applies run overrides to parsed scenario JSON, in place, the one way the command line, sweeps and
 * the hosts all do it: the terrain seed is pinned first, so a new seed draws new replicates on the
 * same site. Anything but a JSON object is left for validation to report.
 */
export function applyRunOverrides(json: unknown, overrides: RunOverrides): void {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return;
  pinTerrainSeed(json);
  const obj = json as Record<string, unknown>;
  if (overrides.seed !== undefined) obj.seed = overrides.seed;
  if (overrides.replicates !== undefined) obj.replicates = overrides.replicates;
  if (overrides.years !== undefined) obj.years = overrides.years;
}

/** Reads and parses a scenario file's JSON. Throws ScenarioError naming the file and the problem. */
export async function readScenarioJson(file: string): Promise<unknown> {
  const read = await readScenarioText(file);
  if ('problem' in read) throw new ScenarioError([{ path: '', message: `cannot read scenario: ${read.problem}` }], file);
  return parseScenarioText(read.text, file);
}

/**
 * The scenario a sweep or search file names as its base: a file (relative to `fromDir`, the naming
 * file's folder) or written inline. Its JSON, the folder its relative paths resolve against, and how
 * messages name it.
 */
export async function referencedScenario(
  ref: string | Record<string, unknown>,
  fromDir: string,
  inlineLabel: string,
): Promise<{ json: unknown; baseDir: string; label: string }> {
  if (typeof ref !== 'string') return { json: structuredClone(ref), baseDir: fromDir, label: inlineLabel };
  const path = isAbsolute(ref) ? ref : resolve(fromDir, ref);
  return { json: await readScenarioJson(path), baseDir: dirname(path), label: path };
}

/** Reads, validates and resolves a scenario file, then loads its terrain. Throws ScenarioError listing every problem. */
export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  return loadScenario(await readScenarioJson(file), { baseDir: dirname(resolve(file)), label: file });
}

export interface LoadOptions {
  /** The folder relative paths in the scenario are resolved against. */
  baseDir: string;
  /** How the scenario is named in messages (its file). */
  label?: string;
  /** Terrains already loaded, keyed by their spec: variants of a sweep share one terrain in memory. */
  terrainCache?: Map<string, Promise<Terrain>>;
  /**
   * Whether a file the scenario names may be read: null when it may, else why not. A host serving a
   * page passes its policy here; the command line reads what its user points it at.
   */
  mayRead?: (absolutePath: string) => string | null;
}

/** Cells above which generating a procedural site takes long enough to be worth skipping for a plan already refused. */
const LARGE_PROCEDURAL_CELLS = 1_000_000;

function isLargeProcedural(spec: TerrainSpec): boolean {
  return spec.type === 'procedural' && (spec.width / spec.cellSize) * (spec.height / spec.cellSize) > LARGE_PROCEDURAL_CELLS;
}

/** Validates and resolves a scenario given as parsed JSON. */
export async function loadScenario(json: unknown, opts: LoadOptions): Promise<LoadedScenario> {
  const parsed = scenarioSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => issueFromZod(i));
    issues.push(...(await laterStageIssues(json, opts, new Set(issues.map((i) => i.path)))));
    throw new ScenarioError(issues, opts.label);
  }
  const scenario = parsed.data;

  const { resolved, issues } = resolveScenario(scenario, loadLibrary(), opts.baseDir);
  // A large generated site is not generated for a plan already refused: its problems come first.
  if (issues.length > 0 && isLargeProcedural(scenario.terrain)) throw new ScenarioError(issues, opts.label);

  let terrain: Terrain | undefined;
  try {
    const key = terrainKey(scenario.terrain, opts.baseDir, scenario.seed);
    let pending = opts.terrainCache?.get(key);
    if (!pending) {
      pending = loadTerrain(scenario.terrain, opts.baseDir, scenario.seed, opts.mayRead);
      opts.terrainCache?.set(key, pending);
    }
    terrain = await pending;
  } catch (err) {
    if (!(err instanceof TerrainError)) throw err;
    issues.push({ path: scenario.terrain.type === 'procedural' ? 'terrain' : 'terrain.path', message: err.message });
  }
  if (terrain) issues.push(...checkAgainstTerrain(scenario, terrain, resolved?.herbivoreKinds));
  if (issues.length > 0 || !resolved || !terrain) throw new ScenarioError(issues, opts.label);
  return { resolved, terrain };
}

/**
 * What identifies a loaded terrain: its spec, the folder its path resolves against and, for a
 * procedural one, the seed it is drawn with. Scenarios with equal keys share one terrain.
 */
export function terrainKey(spec: TerrainSpec, baseDir: string, scenarioSeed: number): string {
  return JSON.stringify([spec, baseDir, spec.type === 'procedural' ? (spec.seed ?? scenarioSeed) : 0]);
}

export async function loadTerrain(
  spec: TerrainSpec,
  baseDir: string,
  scenarioSeed: number,
  mayRead?: (absolutePath: string) => string | null,
): Promise<Terrain> {
  if (spec.type !== 'procedural') {
    const file = resolvePath(baseDir, spec.path);
    const refusal = mayRead?.(file);
    if (refusal) throw new TerrainError(refusal, file);
  }
  switch (spec.type) {
    case 'procedural': {
      const cells = Math.round(spec.width / spec.cellSize) * Math.round(spec.height / spec.cellSize);
      if (cells > LIMITS.terrainCells) {
        throw new TerrainError(
          `procedural terrain of ${cells.toLocaleString('en')} cells is too large; at most ${LIMITS.terrainCells.toLocaleString('en')} cells (use a larger cellSize)`,
        );
      }
      return proceduralTerrain({
        seed: spec.seed ?? scenarioSeed,
        width: spec.width,
        height: spec.height,
        cellSize: spec.cellSize,
        relief: spec.relief,
        baseElevation: spec.baseElevation,
        shape: spec.shape,
      });
    }
    // The file readers (and the GeoTIFF decoder) load only when a scenario needs them.
    case 'geotiff':
      return (await import('../terrain/geotiff.js')).loadGeoTiff(resolvePath(baseDir, spec.path), { extent: spec.extent });
    case 'ascii':
      return (await import('../terrain/ascii.js')).loadAsciiGrid(resolvePath(baseDir, spec.path), { extent: spec.extent });
  }
}

function resolvePath(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

/**
 * When the schema refuses a scenario, the checks of the later stages that can still be made on what
 * is well formed: unknown species, fence types and herbivore kinds, and, when the terrain is given
 * correctly, whether it loads and the outlines lie on it. A user then sees every problem to fix in
 * one pass, not one stage at a time.
 */
async function laterStageIssues(json: unknown, opts: LoadOptions, reported: ReadonlySet<string>): Promise<ScenarioIssue[]> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return [];
  const raw = json as Record<string, unknown>;
  const issues: ScenarioIssue[] = [];
  const library = loadLibrary();
  const ownKeys = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);
  const known = (table: Record<string, unknown>, extra: unknown) => new Set([...Object.keys(table), ...ownKeys(extra)]);
  const species = known(library.species, raw.species);
  const fenceTypes = known(library.fenceTypes, raw.fenceTypes);
  const kinds = known(library.herbivores, raw.herbivoreKinds);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const field = (v: unknown, key: string): unknown => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);
  const unknownName = (path: string, what: string, name: unknown, names: Set<string>) => {
    if (typeof name !== 'string' || names.has(name) || reported.has(path)) return;
    issues.push({ path, message: `unknown ${what} "${name}"; known: ${[...names].sort().join(', ')}` });
  };
  list(raw.plantings).forEach((p, i) =>
    list(field(p, 'species')).forEach((m, j) => unknownName(`plantings[${i}].species[${j}].species`, 'species', field(m, 'species'), species)),
  );
  list(raw.fences).forEach((f, i) => unknownName(`fences[${i}].type`, 'fence type', field(f, 'type'), fenceTypes));
  list(raw.herbivores).forEach((h, i) => unknownName(`herbivores[${i}].kind`, 'herbivore kind', field(h, 'kind'), kinds));

  const spec = terrainSpecSchema.safeParse(raw.terrain);
  const seed = typeof raw.seed === 'number' && Number.isInteger(raw.seed) && raw.seed >= 0 ? raw.seed : 0;
  // A large generated site waits until the plan is otherwise sound (see isLargeProcedural).
  if (!spec.success || isLargeProcedural(spec.data)) return issues;
  let terrain: Terrain;
  try {
    terrain = await loadTerrain(spec.data, opts.baseDir, seed, opts.mayRead);
  } catch (err) {
    if (!(err instanceof TerrainError)) throw err;
    issues.push({ path: spec.data.type === 'procedural' ? 'terrain' : 'terrain.path', message: err.message });
    return issues;
  }
  // Outlines that are well formed are checked against the terrain; the rest stand in as empty.
  const outline = (v: unknown): [number, number][] =>
    Array.isArray(v) && v.every((pt) => Array.isArray(pt) && pt.length === 2 && pt.every((c) => typeof c === 'number' && Math.abs(c) <= 1e9))
      ? (v as [number, number][])
      : [];
  const partial = {
    plantings: list(raw.plantings).map((p) => ({ polygon: outline(field(p, 'polygon')) })),
    fences: list(raw.fences).map((f) => ({ path: outline(field(f, 'path')) })),
    herbivores: list(raw.herbivores).map((h) => ({ area: outline(field(h, 'area')).length >= 3 ? outline(field(h, 'area')) : undefined, count: 0 })),
    herbivoreSteps: { stepsPerDay: 1, daysPerYear: 1 },
  } as unknown as Scenario;
  for (const issue of checkAgainstTerrain(partial, terrain)) if (!reported.has(issue.path)) issues.push(issue);
  return issues;
}
