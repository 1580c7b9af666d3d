import { describe, expect, it } from 'vitest';
import { particleDraw, planTo, surveyOfStand } from '../../sim/forecast/bank.js';
import { parseActions } from '../../sim/forecast/actions.js';
import { decideFromSurvey } from '../../sim/forecast/decisions.js';
import { forecastFromSurvey } from '../../sim/forecast/forecast.js';
import { weightedP10P50P90, weightedQuantile } from '../../sim/forecast/weighted.js';
import { NEUTRAL_DRAW, type SiteDraw } from '../../sim/model/siteDraw.js';
import { Stream, replicateStream } from '../../sim/random/rng.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import { runJobs } from '../../sim/run/pool.js';
import { loadScenario, type LoadedScenario } from '../../sim/scenario/load.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import type { Survey } from '../../sim/survey/format.js';
import { placePlots, tallyPlots } from '../../sim/survey/synthetic.js';
import { tempDir, twoZoneScenario } from '../helpers.js';

// The re-forecast from a survey, on the real core: a survey of a site as the plan assumes it narrows
// the forecast without moving its median beyond noise; a survey of a site with three times the deer
// moves it.

const YEAR = 3;

/** A year-3 survey of a site drawn as `draw`: 10 plots a zone and a deer count with an error of 3 per km2. */
async function surveyOf(plan: LoadedScenario, draw: SiteDraw): Promise<Survey> {
  const sc = plan.resolved.scenario;
  const seed = 314;
  const resolved = planTo(plan.resolved, YEAR, seed);
  let stand: { trees: FinalTrees; values: Float64Array } | null = null;
  await runJobs([{ id: 0, resolved, terrain: plan.terrain, replicate: 0, frames: false, keepTrees: true, draw }], {
    onDone: (_job, values, trees) => void (stand = { trees: trees!, values }),
  });
  const places = placePlots(sc, 10, 5.64, replicateStream(seed, 1, Stream.Survey));
  const plots = tallyPlots(places, stand!.trees, { year: YEAR, date: '2023-07-01', radius: 5.64, heightError: 0.05, rng: replicateStream(seed, 2, Stream.Survey) });
  const survey: Survey = {
    name: 'synthetic',
    plantedOn: '2020-04-01',
    year: YEAR,
    plots,
    herbivoreCounts: [{ date: '2023-02-01', kind: 'red_deer', densityPerKm2: 0, standardError: 3 }],
    plotZone: plots.map((p) => Number(p.id.slice(1, p.id.indexOf('-'))) - 1),
    notes: [],
  };
  survey.herbivoreCounts[0].densityPerKm2 = surveyOfStand(survey, resolved, stand!.trees, stand!.values, seed, 3).herbivoresPerKm2!;
  return survey;
}

describe('a forecast conditioned on a survey', () => {
  it('narrows without moving where the survey agrees with the plan, moves where it finds three times the deer, and prices the actions after it', async () => {
    const plan = await loadScenario(twoZoneScenario({ years: 8, replicates: 1, herbivores: [{ kind: 'red_deer', densityPerKm2: 12 }] }), { baseDir: tempDir() });
    const zc = 3;
    const open = 2;
    const at = (metric: number) => metricIndex(zc, 8, open, metric);
    const bands = async (draw: SiteDraw) => {
      const f = await forecastFromSurvey({ plan, survey: await surveyOf(plan, draw), particles: 500, acceptShare: 0.1, seed: 11 });
      const band = (metric: number) => ({
        prior: weightedP10P50P90(f.runs.prior.map((v) => v[at(metric)]), f.runs.prior.map(() => 1)),
        posterior: weightedP10P50P90(f.runs.posterior.map((v) => v[at(metric)]), f.runs.weights),
      });
      return { f, stems: band(M.stems_per_ha), carbon: band(M.carbon_tco2e) };
    };

    const agrees = await bands(NEUTRAL_DRAW);
    // The draws the survey was made on are the plan's: each posterior's 95% interval holds 1 (its 80%
    // interval misses the truth one time in five by design: test/core/conditioning.test.ts).
    for (const key of ['herbivores', 'plantingFailure', 'growth', 'fenceBreaches'] as const) {
      const values = agrees.f.abc.adjusted.map((d) => d[key]);
      expect(weightedQuantile(values, agrees.f.abc.weights, 0.025), key).toBeLessThanOrEqual(1);
      expect(weightedQuantile(values, agrees.f.abc.weights, 0.975), key).toBeGreaterThanOrEqual(1);
    }
    for (const { prior, posterior } of [agrees.stems, agrees.carbon]) {
      const priorWidth = prior[2] - prior[0];
      expect(posterior[2] - posterior[0]).toBeLessThan(0.7 * priorWidth);
      expect(Math.abs(posterior[1] - prior[1])).toBeLessThan(0.3 * priorWidth);
    }

    // Three times the deer: the herd's posterior sits near 3, and the open zone's stems fall below the prior's median.
    const more = await bands({ ...NEUTRAL_DRAW, herbivores: 3 });
    const herd = more.f.quantities.find((q) => q.range.key === 'herbivores')!;
    expect(herd.posterior[0]).toBeGreaterThan(2);
    expect(herd.posterior[2]).toBeLessThan(4);
    expect(more.stems.posterior[1]).toBeLessThan(more.stems.prior[1] - 0.3 * (more.stems.prior[2] - more.stems.prior[0]));
    // Particles are drawn alike whatever the survey: the bank's draws depend on the seed and particle alone.
    expect(more.f.bank[7].draw).toEqual(particleDraw(11, 7));

    // The actions after the survey, on the posterior of the site with three times the deer.
    const decisions = await decideFromSurvey({ plan, forecast: more.f, actions: parseActions('none,beatup,enclose,cull:2') });
    const none = decisions.outcomes.find((o) => o.action === 'none')!;
    const enclose = decisions.outcomes.find((o) => o.action === 'enclose')!;
    const cull = decisions.outcomes.find((o) => o.action === 'cull:2')!;
    // Doing nothing is the posterior's own forecast: the same runs, so the same carbon at the end.
    const end = weightedP10P50P90(more.f.runs.posterior.map((v) => v[metricIndex(zc, 8, 0, M.carbon_tco2e)]), more.f.runs.weights);
    expect(none.carbonEnd).toEqual(end);
    // A fence round the open zone (the other is fenced already) costs money and keeps more of it stocked; so does a cull.
    expect(enclose.costMean).toBeGreaterThan(none.costMean + 5_000);
    const openChance = (o: typeof none) => o.stocking.find((s) => s.zone === 'open')!.chance;
    expect(openChance(enclose)).toBeGreaterThanOrEqual(openChance(none));
    expect(cull.costMean).toBeGreaterThan(none.costMean);
    expect(decisions.checkYear).toBe(5);
    expect(decisions.outcomes.map((o) => o.action)).toContain(decisions.recommended);
    expect(decisions.reason).toMatch(/stems\/ha at year 5/);
  }, 240_000);
});
