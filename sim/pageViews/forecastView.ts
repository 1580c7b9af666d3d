import type { Decisions } from '../forecast/decisions.js';
import type { Forecast } from '../forecast/forecast.js';
import { decisionsCsv, figuresCsv, forecastBands, forecastCsv, particlesCsv, posteriorCsv } from '../forecast/outputs.js';
import type { ForecastDecisions, ForecastResults } from '../hostApi/api.js';
import type { LoadedScenario } from '../scenario/load.js';
import { toldApart } from '../shared/surveyForecast.js';

/** The decisions from the posterior as the page gets them: each action's figures, in the plan's currency. */
export function decisionsView(d: Decisions, plan: LoadedScenario): ForecastDecisions {
  return {
    checkYear: d.checkYear,
    targetPerHa: d.targetPerHa,
    currency: plan.resolved.effective.costs.currency,
    outcomes: d.outcomes.map((o) => ({ action: o.action, costMean: o.costMean, cost: o.cost, stocking: o.stocking, carbonEnd: o.carbonEnd, units: o.units })),
    recommended: d.recommended,
    reason: d.reason,
  };
}

/**
 * A finished forecast as the page gets it: each quantity and figure, the bands of every zone and
 * metric, the decisions from the posterior, and the five files `reforest forecast` writes, made by
 * the same functions from the same forecast (zones "all" then the plan's, years 0 to the plan's last).
 */
export function forecastResults(f: Forecast, decisions: Decisions, plan: LoadedScenario, baseName: string): ForecastResults {
  const sc = plan.resolved.scenario;
  const zones = ['all', ...sc.plantings.map((p) => p.name)];
  return {
    type: 'forecast',
    survey: { name: f.survey.name, year: f.survey.year, plots: f.survey.plots.length },
    seed: f.seed,
    particles: f.bank.length,
    accepted: f.abc.accepted.length,
    years: sc.years,
    quantities: f.quantities.map((q) => ({
      key: q.range.key,
      label: q.range.label,
      prior: q.prior,
      posterior: q.posterior,
      widthRatio: q.widthRatio,
      toldApart: toldApart(q.widthRatio),
    })),
    figures: f.figures.map((c) => ({ name: c.name, observed: c.observed, prior: c.prior, posterior: c.posterior })),
    bands: forecastBands(f, zones, sc.years),
    decisions: decisionsView(decisions, plan),
    csv: {
      posterior: posteriorCsv(f),
      figures: figuresCsv(f),
      forecast: forecastCsv(f, zones, sc.years),
      particles: particlesCsv(f, f.names),
      decisions: decisionsCsv(decisions),
    },
    baseName,
  };
}
