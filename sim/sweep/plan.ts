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
  const parsed = sweepSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.map((i) => issueFromZod(i)), file);
  const sweep = parsed.data;
  const sweepDir = dirname(resolve(file));

  const { json: base, baseDir, label: baseLabel } = await referencedScenario(sweep.base, sweepDir, `${file} (base)`);
  applyRunOverrides(base, { replicates: sweep.replicates, years: sweep.years });

  const reserved = new Set(['sweep', 'variant', ...YEARLY_COLUMNS]);
  sweep.variables.forEach((v, i) => {
    if (reserved.has(v.name)) throw new ScenarioError([{ path: `variables[${i}].name`, message: `"${v.name}" is already a column of the results` }], file);
  });
  const { variants, issues } = expandVariants(sweep, base);
  if (issues.length === 0 && variants.length === 0) issues.push({ path: 'variables', message: 'give no variant to run' });
  if (issues.length > 0) throw new ScenarioError(issues, file);

  const terrainCache = new Map<string, Promise<Terrain>>();
  const loaded: LoadedScenario[] = [];
  const problems: ScenarioIssue[] = [];
  for (const v of variants) {
    try {
      loaded.push(await loadScenario(v.scenario, { baseDir, label: baseLabel, terrainCache }));
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
