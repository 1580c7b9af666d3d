import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { YEARLY_COLUMNS } from '../output/csv.js';
import { ScenarioError, issueFromZod, type ScenarioIssue } from '../scenario/issues.js';
import { applyRunOverrides, loadScenario, readScenarioJson, referencedScenario, type LoadedScenario } from '../scenario/load.js';
import type { Terrain } from '../terrain/terrain.js';
import { sweepSchema, type Sweep } from './spec.js';
import { expandVariants, type Variant } from './variants.js';

/** A sweep checked and ready to run: every variant validated, terrain loaded once per distinct terrain. */
export interface SweepPlan {
  sweep: Sweep;
  variants: Variant[];
  loaded: LoadedScenario[];
  replicates: number;
  /** Runs are numbered variant-major: run k is variant floor(k / replicates), replicate k % replicates. */
  totalRuns: number;
  columns: string[];
  /** Identifies the sweep's content: output folders of different sweeps are never mixed. */
  fingerprint: string;
  /** The folder the base scenario's relative paths are resolved against. */
  baseDir: string;
}

/** Reads a sweep file, expands its variants and validates every one of them before any work. */
export async function planSweep(file: string, json?: unknown): Promise<SweepPlan> {
  const raw = json ?? (await readScenarioJson(file));
  const sweep = parseSweep(raw, file);
  const sweepDir = dirname(resolve(file));
  const { json: base, baseDir, label } = await referencedScenario(sweep.base, sweepDir, `${file} (base)`);
  return planVariants(sweep, base, { file, baseDir, label });
}

/** A sweep file's content checked against its schema; its problems named as the file's. */
export function parseSweep(raw: unknown, file: string): Sweep {
  const parsed = sweepSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.map((i) => issueFromZod(i)), file);
  return parsed.data;
}

/** Where a sweep's base lies and how its variants load (a host passes its terrain and read policy). */
export interface VariantLoading {
  /** Names the sweep in messages. */
  file: string;
  /** The folder the base scenario's relative paths resolve against. */
  baseDir: string;
  /** Names the base scenario in messages. */
  label: string;
  /** Terrains already loaded: a host's open site, which the variants then share. */
  terrainCache?: Map<string, Promise<Terrain>>;
  /** Whether a file a variant names may be read (see LoadOptions). */
  mayRead?: (absolutePath: string) => string | null;
}

/**
 * A checked sweep on its base scenario (parsed JSON, changed here by the sweep's replicates and years):
 * its variants expanded and each one validated, with the problems named by variable and variant.
 */
export async function planVariants(sweep: Sweep, base: unknown, loading: VariantLoading): Promise<SweepPlan> {
  const { file, baseDir, label: baseLabel } = loading;
  applyRunOverrides(base, { replicates: sweep.replicates, years: sweep.years });

  const reserved = new Set(['sweep', 'variant', ...YEARLY_COLUMNS]);
  sweep.variables.forEach((v, i) => {
    if (reserved.has(v.name)) throw new ScenarioError([{ path: `variables[${i}].name`, message: `"${v.name}" is already a column of the results` }], file);
  });
  const { variants, issues } = expandVariants(sweep, base);
  if (issues.length === 0 && variants.length === 0) issues.push({ path: 'variables', message: 'give no variant to run' });
  if (issues.length > 0) throw new ScenarioError(issues, file);

  const terrainCache = loading.terrainCache ?? new Map<string, Promise<Terrain>>();
  const loaded: LoadedScenario[] = [];
  const problems: ScenarioIssue[] = [];
  for (const v of variants) {
    try {
      loaded.push(await loadScenario(v.scenario, { baseDir, label: baseLabel, terrainCache, mayRead: loading.mayRead }));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      const which = sweep.variables.map((vr, j) => `${vr.name}=${v.labels[j]}`).join(', ');
      for (const issue of err.issues) problems.push({ path: `variant ${v.index} (${which})${issue.path ? ` ${issue.path}` : ''}`, message: issue.message });
    }
    if (problems.length > 50) break;
  }
  if (problems.length > 0) throw new ScenarioError(problems, file);

  const replicates = loaded[0].resolved.scenario.replicates;
  const years = loaded.map((l) => l.resolved.scenario.years);
  if (loaded.some((l) => l.resolved.scenario.replicates !== replicates)) {
    throw new ScenarioError([{ path: 'variables', message: 'every variant must have the same number of replicates' }], file);
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ name: sweep.name, variables: sweep.variables.map((v) => v.name), variants: variants.map((v) => [v.labels, v.scenario]), years }))
    .digest('hex')
    .slice(0, 16);
  return {
    sweep,
    variants,
    loaded,
    replicates,
    totalRuns: variants.length * replicates,
    columns: ['sweep', 'variant', ...sweep.variables.map((v) => v.name), ...YEARLY_COLUMNS],
    fingerprint,
    baseDir,
  };
}
