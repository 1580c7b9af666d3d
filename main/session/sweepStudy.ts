import type { HostRunEvent, RunOutcome, RunRequest, ScenarioProblem, ScenarioSource, SweepRequest } from '../../sim/hostApi/api.js';
import { applyRunOverrides, type LoadedScenario, parseScenarioText, terrainKey } from '../../sim/scenario/load.js';
import { collectSweep, type SweepCollectProgress } from '../../sim/sweep/collect.js';
import { manifestOf } from '../../sim/sweep/outputs.js';
import { parseSweep, planVariants, type SweepPlan } from '../../sim/sweep/plan.js';
import type { ReadPolicy } from './readPolicy.js';
import { endedBy } from './runOutcome.js';
import type { ScenarioSources } from './scenarioSources.js';

/**
 * The most rows of results a sweep in the page may make (variants × replicates × years × zones): its
 * results travel to the page and are held there whole. A larger sweep is for `reforest sweep`, which
 * writes each run to disk as it finishes (the page saves the sweep as a file to run there).
 */
export const MAX_PAGE_SWEEP_ROWS = 500_000;

export interface SweepStudyOptions {
  threads: number | undefined;
  sources: ScenarioSources;
  readPolicy: ReadPolicy;
}

/** A sweep of a plan, asked for by a run request: the plan (its text, as the request sent it) is the sweep's base. */
export interface SweepStudyRun {
  runId: string;
  request: RunRequest;
  sweep: SweepRequest;
  /** The plan as the request loaded it, on its site's terrain, which the variants share. */
  loaded: LoadedScenario;
  source: ScenarioSource;
  signal: AbortSignal;
  onEvent: (event: HostRunEvent) => void;
}

/**
 * Runs a sweep of the plan as `reforest sweep` runs a sweep file with the plan inline as its base:
 * the same checks and messages (a bad variable or value is named by variable and variant), the same
 * runs, and the same results.csv, collected in memory. Streams the share done, and ends with the
 * manifest, the CSV and each variant's scenario text.
 */
export async function runSweepStudy(job: SweepStudyRun, options: SweepStudyOptions): Promise<RunOutcome> {
  const { runId, request, loaded, source, signal, onEvent } = job;
  const { sources, readPolicy, threads } = options;
  const label = sources.labelOf(source);
  const plan = loaded.resolved.scenario;
  let sweep: SweepPlan;
  try {
    const base = parseScenarioText(request.text, label);
    applyRunOverrides(base, { seed: request.seed, replicates: request.replicates });
    const file = `sweep of ${label}`;
    const spec = parseSweep({ name: plan.name, ...job.sweep, base }, file);
    sweep = await planVariants(spec, spec.base, {
      file,
      baseDir: loaded.resolved.baseDir,
      label,
      mayRead: readPolicy.mayRead,
      terrainCache: new Map([[terrainKey(plan.terrain, loaded.resolved.baseDir, plan.seed), Promise.resolve(loaded.terrain)]]),
    });
  } catch (err) {
    return refusedWith(runId, sources.problemsFor(err, source));
  }
  const rows = sweep.loaded.reduce((n, l) => n + sweep.replicates * (l.resolved.scenario.years + 1) * (l.resolved.scenario.plantings.length + 1), 0);
  if (rows > MAX_PAGE_SWEEP_ROWS) {
    const what = `${sweep.variants.length.toLocaleString('en-GB')} variants × ${sweep.replicates} replicates`;
    return refusedWith(runId, [
      { message: `${what} would make ${rows.toLocaleString('en-GB')} rows of results; a sweep in the page makes at most ${MAX_PAGE_SWEEP_ROWS.toLocaleString('en-GB')}: save it as a sweep file and run it with reforest sweep` },
    ]);
  }

  const variants = sweep.variants.length;
  let sentDone = -1;
  let sentShare = -1;
  const progress = (p: SweepCollectProgress) => {
    const share = p.totalYears > 0 ? p.yearsDone / p.totalYears : p.done / p.total;
    // Every run finished is told; years within runs only as the share moves on by a percent.
    if (p.done === sentDone && share - sentShare < 0.01) return;
    sentDone = p.done;
    sentShare = share;
    onEvent({ type: 'progress', share, detail: progressWords(p, variants, sweep.replicates) });
  };
  try {
    const csv = await collectSweep(sweep, { threads, signal, onProgress: progress });
    onEvent({
      type: 'sweep',
      manifest: manifestOf(sweep),
      csv,
      variantTexts: sweep.variants.map((v) => JSON.stringify(v.scenario, null, 2)),
      baseName: sources.baseNameOf(source),
    });
    return { status: 'completed', runId };
  } catch (err) {
    return endedBy(runId, err, signal);
  }
}

/** Where a sweep stands in words: "variant 3 of 12, replicate 2 of 5 done · 12 of 60 runs". */
function progressWords(p: SweepCollectProgress, variants: number, replicates: number): string {
  const runs = `${p.done} of ${p.total} runs`;
  if (p.run < 0) return `${variants} variants × ${replicates} replicates: ${runs}`;
  return `variant ${Math.floor(p.run / replicates) + 1} of ${variants}, replicate ${(p.run % replicates) + 1} of ${replicates} done · ${runs}`;
}

/** A sweep refused for its problems, each as the CLI writes it: where (variable, variant, field), then what. */
function refusedWith(runId: string, problems: ScenarioProblem[]): RunOutcome {
  return { status: 'failed', runId, message: problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '), problems };
}
