import type { Job } from '../run/protocol.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { Survey } from '../survey/format.js';
import { condition, type AbcResult, type Particle } from './abc.js';
import { particleBank, planTo, runValues } from './bank.js';
import { PRIOR, priorQuantile, type PriorRange } from './prior.js';
import { weightedP10P50P90 } from './weighted.js';

export interface ForecastOptions {
  plan: LoadedScenario;
  survey: Survey;
  /** Draws from the prior, each run to the survey year. */
  particles: number;
  /** Share of them accepted. */
  acceptShare: number;
  seed?: number;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (stage: 'bank' | 'forecast', done: number, total: number) => void;
}

/** One conditioned quantity: its prior and posterior p10, p50, p90 and how much the survey narrowed it. */
export interface QuantityPosterior {
  range: PriorRange;
  prior: [number, number, number];
  posterior: [number, number, number];
  /** Width of the posterior's 80% interval over the prior's, on the log scale: near 1, the survey could not tell. */
  widthRatio: number;
}

/** One figure of the survey: what was seen, and what the prior and the posterior expected the plots to see. */
export interface FigureCheck {
  name: string;
  observed: number;
  prior: [number, number, number];
  posterior: [number, number, number];
}

export interface Forecast {
  survey: Survey;
  seed: number;
  /** The survey's figures, in the order of each particle's. */
  names: string[];
  bank: Particle[];
  abc: AbcResult;
  quantities: QuantityPosterior[];
  figures: FigureCheck[];
  /** Yearly metrics of the plan's whole span: prior particles (as many as accepted, equal weights) and the accepted ones. */
  runs: { prior: Float64Array[]; posterior: Float64Array[]; weights: number[] };
}

// Below this ratio of interval widths the survey is said to have told a quantity apart; the page
// judges it too, so it lives in sim/shared.
export { TOLD_APART } from '../shared/surveyForecast.js';

/**
 * A plan's forecast conditioned on a survey: a bank of particles from the prior run to the survey
 * year and surveyed as it was (bank.ts), those that reproduce it accepted and weighted (abc.ts), and
 * the accepted particles run on over the plan's whole span from the same draws and seeds, so each
 * continues the stand that matched the survey. Beside it, as many prior particles run the same span:
 * the forecast before the survey, with the same uncertainty in every quantity.
 */
export async function forecastFromSurvey(options: ForecastOptions): Promise<Forecast> {
  const { plan, survey } = options;
  const seed = options.seed ?? plan.resolved.scenario.seed;
  const { particles: bank, names, observed } = await particleBank({
    plan,
    survey,
    particles: options.particles,
    seed,
    threads: options.threads,
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.('bank', done, total),
  });
  const abc = condition(bank, observed, { acceptShare: options.acceptShare });
  const quantities = PRIOR.map((range): QuantityPosterior => {
    const posterior = weightedP10P50P90(
      abc.adjusted.map((d) => d[range.key]),
      abc.weights,
    );
    const prior: [number, number, number] = [priorQuantile(range, 0.1), priorQuantile(range, 0.5), priorQuantile(range, 0.9)];
    return { range, prior, posterior, widthRatio: Math.log(posterior[2] / posterior[0]) / Math.log(prior[2] / prior[0]) };
  });
  const equal = bank.map(() => 1);
  const figures = names.map((name, j): FigureCheck => ({
    name,
    observed: observed[j],
    prior: weightedP10P50P90(bank.map((p) => p.figures[j]), equal),
    posterior: weightedP10P50P90(abc.accepted.map((i) => bank[i].figures[j]), abc.weights),
  }));

  // The whole span: the accepted particles, and as many prior ones (the bank's first, drawn blind).
  const full = planTo(plan.resolved, plan.resolved.scenario.years, seed);
  const priorIds = Array.from({ length: abc.accepted.length }, (_, k) => k);
  const ids = [...priorIds, ...abc.accepted];
  const jobs: Job[] = ids.map((k, n) => ({ id: n, resolved: full, terrain: plan.terrain, replicate: k, frames: false, keepTrees: false, draw: bank[k].draw }));
  const values = await runValues(jobs, { threads: options.threads, signal: options.signal, onDone: (done, total) => options.onProgress?.('forecast', done, total) });
  return {
    survey,
    seed,
    names,
    bank,
    abc,
    quantities,
    figures,
    runs: { prior: values.slice(0, priorIds.length), posterior: values.slice(priorIds.length), weights: abc.weights },
  };
}
