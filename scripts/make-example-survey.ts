// `npm run example-survey`: writes the worked example of a field survey, assets/surveys/glen-year5/:
// a year-5 stocking survey of the default glen made on one simulated replicate of a site where twice
// the red deer the plan assumes (30 per km2, not 15) browse, surveyed as a surveyor would (docs/monitoring.md
// says how). Everything is seeded, so the files come out the same each time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { surveyOfStand, planTo } from '../sim/forecast/bank.js';
import { NEUTRAL_DRAW } from '../sim/model/siteDraw.js';
import { Stream, replicateStream } from '../sim/random/rng.js';
import type { FinalTrees } from '../sim/results/trees.js';
import { closeSharedPool, runJobs } from '../sim/run/pool.js';
import { loadScenario } from '../sim/scenario/load.js';
import type { Survey } from '../sim/survey/format.js';
import { placePlots, plotsCsv, tallyPlots } from '../sim/survey/synthetic.js';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'assets', 'surveys', 'glen-year5');
const planFile = join(root, 'assets', 'scenarios', 'default.json');
const plan = await loadScenario(JSON.parse(readFileSync(planFile, 'utf8')), { baseDir: join(root, 'assets', 'scenarios') });

const SEED = 20260710;
const YEAR = 5;
const TRUE_DRAW = { ...NEUTRAL_DRAW, herbivores: 2 };
const RADIUS = 5.64; // 100 m2, a 0.01 ha plot
const PER_ZONE = 12;
const COUNT_ERROR_SHARE = 0.25;

const resolved = planTo(plan.resolved, YEAR, SEED);
let stand: { trees: FinalTrees; values: Float64Array } | null = null;
await runJobs([{ id: 0, resolved, terrain: plan.terrain, replicate: 0, frames: false, keepTrees: true, draw: TRUE_DRAW }], {
  onDone: (_job, values, trees) => void (stand = { trees: trees!, values }),
});
const { trees, values } = stand!;
const places = placePlots(resolved.scenario, PER_ZONE, RADIUS, replicateStream(SEED, 1, Stream.Survey));
const plots = tallyPlots(places, trees, { year: YEAR, date: '2026-07-10', radius: RADIUS, heightError: 0.05, rng: replicateStream(SEED, 2, Stream.Survey) });
const survey: Survey = {
  name: 'Glen year-5 stocking survey',
  plantedOn: '2021-04-15',
  year: YEAR,
  plots,
  herbivoreCounts: [{ date: '2026-02-20', kind: 'red_deer', densityPerKm2: 0, method: 'dung count' }],
  plotZone: plots.map((p) => Number(p.id.slice(1, p.id.indexOf('-'))) - 1),
  notes: [],
};
// The dung count: the stand's true density with a count's error (a standard error of 25%).
const trueDensity = 2 * plan.resolved.scenario.herbivores[0].densityPerKm2!;
survey.herbivoreCounts[0] = { ...survey.herbivoreCounts[0], densityPerKm2: trueDensity, standardError: COUNT_ERROR_SHARE * trueDensity };
const counted = surveyOfStand(survey, resolved, trees, values, SEED, 3).herbivoresPerKm2!;

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'plots.csv'), plotsCsv(plots));
const file = {
  name: survey.name,
  description:
    'A worked example: the default glen five years after planting, surveyed with 12 circular plots of 0.01 ha in each zone and a winter dung count. ' +
    'It was made on a simulated site where twice the red deer the plan assumes browse (30 per km2, not 15); docs/monitoring.md says how.',
  plantedOn: survey.plantedOn,
  plots: 'plots.csv',
  herbivoreCounts: [{ date: '2026-02-20', kind: 'red_deer', densityPerKm2: Math.round(counted * 10) / 10, standardError: Math.round(COUNT_ERROR_SHARE * counted * 10) / 10, method: 'dung count' }],
};
writeFileSync(join(out, 'survey.json'), `${JSON.stringify(file, null, 2)}\n`);
await closeSharedPool();
console.log(`Wrote ${out}: ${plots.length} plots, deer counted at ${file.herbivoreCounts[0].densityPerKm2} per km2.`);
