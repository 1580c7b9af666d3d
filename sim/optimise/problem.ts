import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { openRing, polygonArea } from '../shared/polygon.js';
import { zonesInsideFence } from '../model/site.js';
import { ScenarioError, issueFromZod } from '../scenario/issues.js';
import { applyRunOverrides, loadScenario, readScenarioJson, referencedScenario, type LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { Terrain } from '../terrain/terrain.js';
import { DecisionError, genesOf, snap, type Gene, type Genome } from './decisions.js';
import { optimiseSpecSchema, type OptimiseSpec } from './spec.js';

/** An optimisation file read and checked against its plan, ready to search. */
export interface OptimiseProblem {
  spec: OptimiseSpec;
  file: string;
  /** The plan as loaded, with the spec's replicates and years. */
  base: LoadedScenario;
  /** The folder the plan's relative paths resolve against. */
  baseDir: string;
  genes: Gene[];
  /** The plan's own choices as a genome: the search starts from it. */
  planGenome: Genome;
  siteAreaKm2: number;
  /** Zone column (0 = all) and year the objective is read at. */
  objectiveZone: number;
  objectiveYear: number;
  plantedHa: number;
  /** Terrains loaded, shared by every plan of the search. */
  terrainCache: Map<string, Promise<Terrain>>;
  mayRead?: (absolutePath: string) => string | null;
  /** Identifies what is searched: a checkpoint of another search is never resumed. */
  fingerprint: string;
}

export interface PrepareOptions {
  /** Where an inline plan's relative paths resolve (the file's folder by default). */
  baseDir?: string;
  /** Whether a file the plan names may be read (a host's policy); see LoadOptions. */
  mayRead?: (absolutePath: string) => string | null;
  /** Terrains already loaded (a host's open site). */
  terrainCache?: Map<string, Promise<Terrain>>;
}

/**
 * Reads an optimisation file (or its JSON, named `file` in messages) and its plan, refusing anything
 * wrong with the field named, before any work.
 */
export async function prepareProblem(file: string, json?: unknown, opts: PrepareOptions = {}): Promise<OptimiseProblem> {
  const raw = json ?? (await readScenarioJson(file));
  const parsed = optimiseSpecSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.map((i) => issueFromZod(i)), file);
  const spec = parsed.data;
  const specDir = dirname(resolve(file));
  const named = await referencedScenario(spec.plan, specDir, `${file} (plan)`);
  const planJson = named.json;
  const baseDir = typeof spec.plan === 'string' ? named.baseDir : (opts.baseDir ?? specDir);
  const label = named.label;
  applyRunOverrides(planJson, { replicates: spec.replicates, years: spec.years });
  const terrainCache = opts.terrainCache ?? new Map<string, Promise<Terrain>>();
  const base = await loadScenario(planJson, { baseDir, label, terrainCache, mayRead: opts.mayRead });
  const plan = base.resolved.scenario;

  let genes: Gene[];
  try {
    genes = genesOf(spec.decisions, plan);
  } catch (err) {
    if (err instanceof DecisionError) throw new ScenarioError([{ path: '', message: err.message }], file);
    throw err;
  }
  const { objective } = spec;
  const zoneNames = ['all', ...plan.plantings.map((p) => p.name)];
  const objectiveZone = zoneNames.indexOf(objective.zone);
  if (objectiveZone < 0) throw new ScenarioError([{ path: 'objective.zone', message: `no zone is named "${objective.zone}"; zones: ${zoneNames.join(', ')}` }], file);
  const objectiveYear = objective.year ?? plan.years;
  if (objectiveYear > plan.years) throw new ScenarioError([{ path: 'objective.year', message: `the plan runs ${plan.years} years; the objective cannot be read at year ${objectiveYear}` }], file);

  const t = base.terrain;
  return {
    spec,
    file,
    base,
    baseDir,
    genes,
    planGenome: genomeOfPlan(plan, genes),
    siteAreaKm2: (t.cols * t.rows * t.cellSize * t.cellSize) / 1e6,
    objectiveZone,
    objectiveYear,
    plantedHa: plan.plantings.reduce((a, p) => a + polygonArea(openRing(p.polygon)) / 10_000, 0),
    terrainCache,
    mayRead: opts.mayRead,
    fingerprint: createHash('sha256').update(JSON.stringify({ spec, plan })).digest('hex').slice(0, 16),
  };
}

/** The plan's own choices, as near as the genes can say them. */
function genomeOfPlan(plan: Scenario, genes: readonly Gene[]): Genome {
  return genes.map((gene) => {
    // Gene names are "what:zone" or "mix:zone:species"; a zone's name may itself hold a colon.
    const colon = gene.name.indexOf(':');
    const what = colon < 0 ? gene.name : gene.name.slice(0, colon);
    const rest = gene.name.slice(what.length + 1);
    const species = what === 'mix' ? rest.slice(rest.lastIndexOf(':') + 1) : '';
    const zone = what === 'mix' ? rest.slice(0, rest.lastIndexOf(':')) : rest;
    const p = plan.plantings.find((z) => z.name === zone);
    if (gene.kind === 'choice') {
      if (what === 'fence') return plan.fences.some((_, fi) => zonesInsideFence(plan, fi).includes(zone)) ? 1 : 0;
      if (what === 'shelters') return Math.max(0, gene.options.indexOf(String(p?.shelters?.height)));
      return 0; // cull: none
    }
    if (what === 'line') return snap(gene, 0);
    if (what === 'density') return snap(gene, p!.density);
    return snap(gene, p!.species.find((s) => s.species === species)?.fraction ?? gene.min);
  });
}
