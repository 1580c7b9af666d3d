import { summarise, type RunSummary } from '../shared/runResult.js';
import { runJobs } from '../run/pool.js';
import type { Job } from '../run/protocol.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import type { ScenarioInput } from '../scenario/schema.js';

/** One scenario of a validation experiment, named so its results can be found again. */
export interface NamedScenario {
  key: string;
  scenario: ScenarioInput;
}

/** A scenario's replicates and their summary, with the zone names to index them by. */
export interface ExperimentRun {
  zones: string[];
  years: number;
  replicates: Float64Array[];
  summary: RunSummary;
}

/**
 * Runs many scenarios' replicates on one pool of worker threads, so the threads stay busy from one
 * scenario to the next; `onProgress` hears of each finished replicate.
 */
export async function runScenarios(
  scenarios: readonly NamedScenario[],
  opts: { threads?: number; baseDir: string; onProgress?: (done: number, total: number) => void },
): Promise<Map<string, ExperimentRun>> {
  const loaded = new Map<string, LoadedScenario>();
  for (const { key, scenario } of scenarios) {
    if (loaded.has(key)) throw new Error(`validation scenario "${key}" is named twice`);
    loaded.set(key, await loadScenario(scenario, { baseDir: opts.baseDir }));
  }
  const jobs: Job[] = [];
  const owner: string[] = [];
  for (const [key, l] of loaded) {
    for (let r = 0; r < l.resolved.scenario.replicates; r++) {
      owner.push(key);
      jobs.push({ id: jobs.length, resolved: l.resolved, terrain: l.terrain, replicate: r, frames: false, keepTrees: false });
    }
  }
  const values = new Map<string, Float64Array[]>([...loaded.keys()].map((k) => [k, []]));
  let done = 0;
  await runJobs(
    jobs,
    {
      onDone: (job, v) => {
        values.get(owner[job.id])![job.replicate] = v;
        opts.onProgress?.(++done, jobs.length);
      },
    },
    { threads: opts.threads },
  );
  const out = new Map<string, ExperimentRun>();
  for (const [key, l] of loaded) {
    const replicates = values.get(key)!;
    out.set(key, {
      zones: ['all', ...l.resolved.scenario.plantings.map((p) => p.name)],
      years: l.resolved.scenario.years,
      replicates,
      summary: summarise(replicates),
    });
  }
  return out;
}
