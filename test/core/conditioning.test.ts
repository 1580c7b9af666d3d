import { describe, expect, it } from 'vitest';
import { condition } from '../../sim/forecast/abc.js';
import { particleBank, particleDraw, planTo, surveyOfStand } from '../../sim/forecast/bank.js';
import { PRIOR } from '../../sim/forecast/prior.js';
import { weightedQuantile } from '../../sim/forecast/weighted.js';
import { Stream, replicateStream } from '../../sim/random/rng.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import { runJobs } from '../../sim/run/pool.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { Survey } from '../../sim/survey/format.js';
import { figureVector, observedFigures } from '../../sim/survey/statistics.js';
import { placePlots, tallyPlots } from '../../sim/survey/synthetic.js';
import { tempDir, twoZoneScenario } from '../helpers.js';

// The conditioning checked on synthetic truth: sites drawn from the prior, each simulated and surveyed
// with sampling error (plots laid on its stand, heights measured with an error, a deer count with its
// standard error), then conditioned on a shared bank of particles. A calibrated posterior's 80%
// interval covers the truth in about 80% of cases. The seed is fixed; the tolerance is stated below.

const YEAR = 4;
const TRUTHS = 50;
const PARTICLES = 800;
const COUNT_ERROR = 3;

describe('conditioning on a survey', () => {
  it('covers the truth at its stated rate: 80% intervals over 50 synthetic sites', async () => {
    const plan = await loadScenario(twoZoneScenario({ years: 8, replicates: 1, herbivores: [{ kind: 'red_deer', densityPerKm2: 12 }] }), { baseDir: tempDir() });
    const sc = plan.resolved.scenario;
    const places = placePlots(sc, 10, 5.64, replicateStream(7, 0, Stream.Survey));
    const truthSeed = 99;
    const resolved = planTo(plan.resolved, YEAR, truthSeed);

    // The true sites: drawn from the prior, simulated and surveyed.
    const stands: { trees: FinalTrees; values: Float64Array }[] = new Array(TRUTHS);
    await runJobs(
      Array.from({ length: TRUTHS }, (_, j) => ({ id: j, resolved, terrain: plan.terrain, replicate: j, frames: false, keepTrees: true, draw: particleDraw(truthSeed, j) })),
      { onDone: (job, values, trees) => void (stands[job.id] = { trees: trees!, values }) },
    );
    const surveys: Survey[] = stands.map(({ trees }, j) => {
      const plots = tallyPlots(places, trees, { year: YEAR, date: '2024-07-01', radius: 5.64, heightError: 0.05, rng: replicateStream(truthSeed + 1, j, Stream.Survey) });
      const survey: Survey = { name: `truth ${j}`, plantedOn: '2020-04-01', year: YEAR, plots, herbivoreCounts: [], plotZone: [], notes: [] };
      survey.plotZone = plots.map((p) => sc.plantings.findIndex((_, z) => p.id.startsWith(`Z${z + 1}-`)));
      return survey;
    });
    // The count each true site's deer manager made: its density, with the count's error.
    surveys.forEach((survey, j) => {
      survey.herbivoreCounts = [{ date: '2024-02-01', kind: 'red_deer', densityPerKm2: 1, standardError: COUNT_ERROR }];
      const figures = surveyOfStand(survey, resolved, stands[j].trees, stands[j].values, truthSeed, j);
      survey.herbivoreCounts[0].densityPerKm2 = figures.herbivoresPerKm2!;
    });

    // One bank of particles for every truth: the same plots, the same prior.
    const template = surveys[0];
    const { particles, names } = await particleBank({ plan, survey: template, particles: PARTICLES, seed: 5 });
    expect(names).toEqual(['inside: stems/ha', 'inside: dead share', 'inside: browsed share', 'inside: mean height, m', 'open: stems/ha', 'open: dead share', 'open: browsed share', 'open: mean height, m', 'herbivores per km2']);
    const shape = observedFigures(template, sc);

    const covered = new Map(PRIOR.map((p) => [p.key, 0]));
    const narrowed = new Map(PRIOR.map((p) => [p.key, 0]));
    surveys.forEach((survey, j) => {
      const observed = figureVector(observedFigures(survey, sc), shape).values;
      const abc = condition(particles, observed, { acceptShare: 0.1 });
      const truth = particleDraw(truthSeed, j);
      for (const p of PRIOR) {
        const values = abc.adjusted.map((d) => d[p.key]);
        const lo = weightedQuantile(values, abc.weights, 0.1);
        const hi = weightedQuantile(values, abc.weights, 0.9);
        if (truth[p.key] >= lo && truth[p.key] <= hi) covered.set(p.key, covered.get(p.key)! + 1);
        if (Math.log(hi / lo) < 0.7 * Math.log((p.high / p.low) ** 0.8)) narrowed.set(p.key, narrowed.get(p.key)! + 1);
      }
    });
    const pooled = [...covered.values()].reduce((a, b) => a + b, 0) / (TRUTHS * PRIOR.length);
    console.log(`coverage of 80% intervals over ${TRUTHS} synthetic sites: ${PRIOR.map((p) => `${p.key} ${covered.get(p.key)}/${TRUTHS}`).join(', ')}; pooled ${(pooled * 100).toFixed(1)}%`);
    console.log(`intervals narrower than 70% of the prior's: ${PRIOR.map((p) => `${p.key} ${narrowed.get(p.key)}/${TRUTHS}`).join(', ')}`);
    // Tolerance: each quantity within 2.5 binomial standard deviations of 80% over 50 cases (33–47 of
    // 50), and all 200 intervals together within 70–90%.
    for (const p of PRIOR) {
      expect(covered.get(p.key), p.key).toBeGreaterThanOrEqual(33);
      expect(covered.get(p.key), p.key).toBeLessThanOrEqual(47);
    }
    expect(pooled).toBeGreaterThanOrEqual(0.7);
    expect(pooled).toBeLessThanOrEqual(0.9);
    // The survey tells the herd and planting failure apart in most cases: their intervals narrow.
    expect(narrowed.get('herbivores')).toBeGreaterThan(TRUTHS / 2);
    expect(narrowed.get('plantingFailure')).toBeGreaterThan(TRUTHS / 2);
  }, 300_000);
});
