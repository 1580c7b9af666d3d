import type { Job } from '../run/protocol.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { carbonUnitRules, carbonUnitSchedule } from '../shared/carbonUnits.js';
import { M, METRICS, metricIndex } from '../shared/metrics.js';
import { summarise, type RunResult } from '../shared/runResult.js';
import { STOCKING_CONFIDENCE } from '../shared/surveyForecast.js';
import { applyAction, type Action } from './actions.js';
import { planTo, runValues } from './bank.js';
import type { Forecast } from './forecast.js';
import { weightedP10P50P90 } from './weighted.js';

/** What one action gives, over the posterior's particles, in the plan's currency and tCO2e. */
export interface DecisionOutcome {
  action: string;
  /** Cost from the survey to the plan's last year, whole site: weighted mean, and p10/p50/p90. */
  costMean: number;
  cost: [number, number, number];
  /** Per zone (plan order): the chance, over the posterior, of holding the stocking target at the next check. */
  stocking: { zone: string; chance: number }[];
  /** Carbon units issued at each verification year after the survey, whole site: p10/p50/p90. */
  units: { year: number; issued: [number, number, number] }[];
  /** Carbon in live trees at the plan's last year, whole site: p10/p50/p90. */
  carbonEnd: [number, number, number];
}

export interface Decisions {
  /** The year the stocking target is checked next: the first verification year after the survey, or the plan's last. */
  checkYear: number;
  targetPerHa: number;
  outcomes: DecisionOutcome[];
  /** The action recommended, and why, in words. */
  recommended: string;
  reason: string;
}

export interface DecisionOptions {
  plan: LoadedScenario;
  forecast: Forecast;
  actions: readonly Action[];
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

// Chance of meeting the target that an action must reach in every zone to be recommended; the page
// says it too, so it lives in sim/shared.
export { STOCKING_CONFIDENCE };

/**
 * The decisions from the posterior: each action taken after the survey, run on every accepted
 * particle (its draw and seed, so each continues the stand that matched the survey up to the survey
 * year), weighted as the posterior weighs them. Recommended: the cheapest action that holds the
 * stocking target at the next check with at least STOCKING_CONFIDENCE in every zone; where none does,
 * the one that comes nearest.
 */
export async function decideFromSurvey(options: DecisionOptions): Promise<Decisions> {
  const { plan, forecast } = options;
  const sc = plan.resolved.scenario;
  const t = forecast.survey.year;
  const rules = carbonUnitRules(sc.appraisal, sc.years);
  const checkYear = rules.verificationYears.find((y) => y > t) ?? sc.years;
  const targetPerHa = sc.appraisal.stockingTargetPerHa;
  const zc = sc.plantings.length + 1;
  const ids = forecast.abc.accepted;
  const weights = forecast.abc.weights;
  const plans = await Promise.all(
    options.actions.map((a) => loadScenario({ ...applyAction(sc, a, t), seed: forecast.seed }, { baseDir: plan.resolved.baseDir, label: `action "${a.label}"` })),
  );
  const jobs: Job[] = plans.flatMap((p, a) =>
    ids.map((k, n) => ({ id: a * ids.length + n, resolved: planTo(p.resolved, sc.years, forecast.seed), terrain: plan.terrain, replicate: k, frames: false, keepTrees: false, draw: forecast.bank[k].draw })),
  );
  const values = await runValues(jobs, { threads: options.threads, signal: options.signal, onDone: options.onProgress });

  const outcomes = options.actions.map((action, a): DecisionOutcome => {
    const runs = values.slice(a * ids.length, (a + 1) * ids.length);
    const at = (v: Float64Array, year: number, zone: number, metric: number) => v[metricIndex(zc, year, zone, metric)];
    // Spent after the survey: the action's cost to the end less what the particle had spent by the survey
    // (a fence put up after the survey is costed in the survey year, as fences are in the year before they stand).
    const cost = runs.map((v, r) => at(v, sc.years, 0, M.cost) - at(forecast.runs.posterior[r], t, 0, M.cost));
    const stocking = sc.plantings.map((p, z) => ({
      zone: p.name,
      chance: runs.reduce((acc, v, r) => acc + (at(v, checkYear, z + 1, M.stems_per_ha) >= targetPerHa ? weights[r] : 0), 0),
    }));
    // Each particle's own unit schedule, then weighted across particles.
    const schedules = runs.map((v) => carbonUnitSchedule(oneRun(plan, v), rules).filter((row) => row.zone === 'all' && row.verification && row.year > t));
    const units = (schedules[0] ?? []).map((row, i) => ({ year: row.year, issued: weightedP10P50P90(schedules.map((s) => s[i].values.issued[1]), weights) }));
    return {
      action: action.label,
      costMean: cost.reduce((acc, c, r) => acc + c * weights[r], 0),
      cost: weightedP10P50P90(cost, weights),
      stocking,
      units,
      carbonEnd: weightedP10P50P90(runs.map((v) => at(v, sc.years, 0, M.carbon_tco2e)), weights),
    };
  });
  return { checkYear, targetPerHa, outcomes, ...recommend(outcomes, checkYear, targetPerHa) };
}

/** One particle's run as a result of one replicate, for the unit schedule. */
function oneRun(plan: LoadedScenario, values: Float64Array): RunResult {
  const sc = plan.resolved.scenario;
  return {
    scenarioName: sc.name,
    seed: sc.seed,
    years: sc.years,
    replicates: 1,
    zones: ['all', ...sc.plantings.map((p) => p.name)],
    currency: plan.resolved.effective.costs.currency,
    zoneAreaHa: [],
    stocking: { targetPerHa: sc.appraisal.stockingTargetPerHa, year: sc.appraisal.stockingYear },
    metrics: METRICS,
    perReplicate: [values],
    summary: summarise([values]),
  };
}

function recommend(outcomes: readonly DecisionOutcome[], checkYear: number, target: number): { recommended: string; reason: string } {
  const worst = (o: DecisionOutcome) => Math.min(...o.stocking.map((s) => s.chance));
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const sure = outcomes.filter((o) => worst(o) >= STOCKING_CONFIDENCE).sort((a, b) => a.costMean - b.costMean);
  if (sure.length > 0) {
    const best = sure[0];
    return {
      recommended: best.action,
      reason: `the cheapest action that holds ${target.toLocaleString('en')} stems/ha at year ${checkYear} with at least ${pct(STOCKING_CONFIDENCE)} chance in every zone (${best.stocking.map((s) => `${s.zone} ${pct(s.chance)}`).join(', ')})`,
    };
  }
  const nearest = [...outcomes].sort((a, b) => worst(b) - worst(a) || a.costMean - b.costMean)[0];
  return {
    recommended: nearest.action,
    reason: `no action holds ${target.toLocaleString('en')} stems/ha at year ${checkYear} with ${pct(STOCKING_CONFIDENCE)} chance in every zone; this one comes nearest (${nearest.stocking.map((s) => `${s.zone} ${pct(s.chance)}`).join(', ')})`,
  };
}
