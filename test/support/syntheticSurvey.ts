// A field survey of a plan made as a surveyor would make one on a real site: one replicate of the plan
// run on a site that differs from it (the `draw`), circular plots laid at random in each zone and
// tallied on the stand in the survey year (sim/survey/synthetic.ts), written as a survey file and its
// plots CSV. Everything is seeded, so the same options write the same files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planTo } from '../../sim/forecast/bank.js';
import { NEUTRAL_DRAW, type SiteDraw } from '../../sim/model/siteDraw.js';
import { Stream, replicateStream } from '../../sim/random/rng.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import { runJobs } from '../../sim/run/pool.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { placePlots, plotsCsv, tallyPlots } from '../../sim/survey/synthetic.js';

export interface SyntheticSurveyOptions {
  plan: ScenarioInput;
  /** Where survey.json and plots.csv are written. */
  dir: string;
  /** Years since planting: the plots are dated in July of that year. */
  year: number;
  perZone: number;
  /** How the surveyed site differs from the plan; the plan's own figures by default. */
  draw?: Partial<SiteDraw>;
  seed?: number;
}

export const PLANTED_ON = '2020-04-15';

/** Writes the survey and returns its files and plot count. */
export async function writeSyntheticSurvey(options: SyntheticSurveyOptions): Promise<{ surveyFile: string; plotsFile: string; plots: number }> {
  const { dir, year, perZone } = options;
  const seed = options.seed ?? 7;
  const plan = await loadScenario(options.plan, { baseDir: dir });
  const resolved = planTo(plan.resolved, year, seed);
  let trees: FinalTrees | null = null;
  await runJobs([{ id: 0, resolved, terrain: plan.terrain, replicate: 0, frames: false, keepTrees: true, draw: { ...NEUTRAL_DRAW, ...options.draw } }], {
    onDone: (_job, _values, t) => void (trees = t!),
  });
  const radius = 5.64;
  const places = placePlots(resolved.scenario, perZone, radius, replicateStream(seed, 1, Stream.Survey));
  const date = `${2020 + year}-07-10`;
  const plots = tallyPlots(places, trees!, { year, date, radius, heightError: 0.05, rng: replicateStream(seed, 2, Stream.Survey) });
  const plotsFile = join(dir, 'plots.csv');
  const surveyFile = join(dir, 'survey.json');
  writeFileSync(plotsFile, plotsCsv(plots));
  writeFileSync(surveyFile, `${JSON.stringify({ name: `year-${year} survey of ${options.plan.name}`, plantedOn: PLANTED_ON, plots: 'plots.csv' }, null, 2)}\n`);
  return { surveyFile, plotsFile, plots: plots.length };
}
