/**
 * Protection strategies, or any runs of one plan, judged zone by zone in money and carbon. Plain
 * code on plain data, so the page and the core compute the same figures.
 */
import { M, metricIndex } from './metrics.js';
import { quantileSorted, type RunResult } from './runResult.js';

/** A figure across replicates: mean and the 5th and 95th percentiles. */
export interface Spread {
  mean: number;
  p5: number;
  p95: number;
}

/** One run in one zone ("all" is the whole site). Money is in the run's currency, carbon in tCO2e. */
export interface ZoneAppraisal {
  zone: string;
  areaHa: number;
  /** Cumulative cost to the horizon year. */
  cost: Spread;
  costPerHa: number;
  /** Live stems per hectare at the stocking year. */
  stocking: Spread;
  /** Share of replicates whose stocking meets the target. */
  pStockingTarget: number;
  /** Planted trees alive at the stocking year, fraction. */
  survival: number;
  /**
   * Trees planted in the places of dead ones up to the stocking year (beating up), per replicate:
   * what holding the stocking target took, which tells strategies apart where the target is always met.
   */
  beatenUp: Spread;
  carbonY25: Spread | null;
  carbonY50: Spread | null;
  carbonHorizon: Spread;
  /** Mean cost to the stocking year over mean planted trees alive then. */
  costPerSurvivingTree: number | null;
  /** Mean cost over mean tCO2e, both at the horizon year. */
  costPerTco2e: number | null;
}

/** One strategy in one zone. */
export interface StrategyRow extends ZoneAppraisal {
  strategy: string;
  /** The strategy with the lowest mean cost in this zone. */
  cheapest: string;
  /** (cost − cost of the cheapest) / (tCO2e − tCO2e of the cheapest); null for the cheapest or with no extra carbon. */
  marginalCostPerTco2e: number | null;
  /** Why the strategy gives this zone no protection of its own, where it does (e.g. `fence` where no fence of the plan stands). */
  note?: string;
}

/** A cost's p5–p95 in words, or '' where every replicate cost the same (costs vary only with beating up and deer control). */
export function costBand(cost: Spread, format: (v: number) => string): string {
  return cost.p5 === cost.p95 ? '' : `${format(cost.p5)}–${format(cost.p95)}`;
}

/** What the tables say under a cost with no range. */
export const DETERMINISTIC_COSTS_NOTE = 'Costs vary between replicates only through beating up and deer control; a cost shown without a range was the same in every replicate.';

/**
 * The marginal-cost cell as the tables word it: the money, or why there is none (the cheapest, no
 * extra carbon, or a strategy that gives the zone no protection of its own).
 */
export function marginalCostText(r: StrategyRow, money: (value: number) => string): string {
  if (r.note) return 'no protection here';
  if (r.marginalCostPerTco2e === null) return r.strategy === r.cheapest ? 'cheapest' : 'no extra carbon';
  return money(r.marginalCostPerTco2e);
}

/** How often one strategy is cheaper per tonne than another, replicate by replicate. */
export interface StrategyPair {
  zone: string;
  strategy: string;
  other: string;
  /** Share of replicates in which `strategy` costs less per tCO2e than `other` (same random numbers). */
  pCheaperPerTonne: number;
}

export interface StrategyComparison {
  scenarioName: string;
  seed: number;
  replicates: number;
  years: number;
  currency: string;
  horizonYear: number;
  stockingYear: number;
  stockingTargetPerHa: number;
  strategies: string[];
  rows: StrategyRow[];
  pairs: StrategyPair[];
}

/** The year carbon and cost per tonne are judged at: 50, or the last simulated year of a shorter run. */
export function horizonYear(years: number): number {
  return Math.min(50, years);
}

function spread(values: Float64Array): Spread {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of values) sum += v;
  return { mean: sum / values.length, p5: quantileSorted(sorted, 0.05), p95: quantileSorted(sorted, 0.95) };
}

function column(run: RunResult, year: number, zone: number, metric: number): Float64Array {
  return Float64Array.from(run.perReplicate, (v) => v[metricIndex(run.zones.length, year, zone, metric)]);
}

/** Each replicate's trees beaten up in years 0 to `year`. */
function beatenUpTo(run: RunResult, year: number, zone: number): Float64Array {
  const total = new Float64Array(run.perReplicate.length);
  for (let y = 0; y <= year; y++) column(run, y, zone, M.beaten_up).forEach((v, r) => (total[r] += v));
  return total;
}

/** Each replicate's cost per tCO2e at the horizon year (Infinity without carbon): what the pairwise shares compare. */
export function costPerTonneByReplicate(run: RunResult, zone: number): Float64Array {
  const H = horizonYear(run.years);
  const carbon = column(run, H, zone, M.carbon_tco2e);
  return column(run, H, zone, M.cost).map((c, r) => (carbon[r] > 0 ? c / carbon[r] : Infinity));
}

/** The figures of one run's zone (0 is the whole site, z + 1 planting zone z). */
export function appraiseZone(run: RunResult, zone: number): ZoneAppraisal {
  const H = horizonYear(run.years);
  const S = run.stocking.year;
  const areaHa = zone === 0 ? run.zoneAreaHa.reduce((a, b) => a + b, 0) : run.zoneAreaHa[zone - 1];
  const cost = spread(column(run, H, zone, M.cost));
  const carbon = spread(column(run, H, zone, M.carbon_tco2e));
  const stocking = column(run, S, zone, M.stems_per_ha);
  const alive = spread(column(run, S, zone, M.alive)).mean;
  return {
    zone: run.zones[zone],
    areaHa,
    cost,
    costPerHa: areaHa > 0 ? cost.mean / areaHa : 0,
    stocking: spread(stocking),
    pStockingTarget: stocking.reduce((k, v) => k + (v >= run.stocking.targetPerHa ? 1 : 0), 0) / stocking.length,
    survival: spread(column(run, S, zone, M.survival)).mean,
    beatenUp: spread(beatenUpTo(run, S, zone)),
    carbonY25: run.years >= 25 ? spread(column(run, 25, zone, M.carbon_tco2e)) : null,
    carbonY50: run.years >= 50 ? spread(column(run, 50, zone, M.carbon_tco2e)) : null,
    carbonHorizon: carbon,
    costPerSurvivingTree: alive > 0 ? spread(column(run, S, zone, M.cost)).mean / alive : null,
    costPerTco2e: carbon.mean > 0 ? cost.mean / carbon.mean : null,
  };
}

/** Extra cost per extra tonne of `a` over `b`; null when `a` holds no more carbon. */
export function marginalCostPerTco2e(a: ZoneAppraisal, b: ZoneAppraisal): number | null {
  const extra = a.carbonHorizon.mean - b.carbonHorizon.mean;
  return extra > 0 ? (a.cost.mean - b.cost.mean) / extra : null;
}

/**
 * Summarises the runs of one plan under several strategies (labels in run order), zone by zone.
 * Each run must be of the same scenario and seed with only protection changed, so replicate r of
 * one strategy faces the same planting, weather and growth draws as replicate r of another; the
 * pairwise shares compare them replicate by replicate.
 */
export function compareStrategies(labels: readonly string[], runs: readonly RunResult[]): StrategyComparison {
  const first = runs[0];
  const rows: StrategyRow[] = [];
  const pairs: StrategyPair[] = [];
  const n = first.replicates;
  for (let z = 0; z < first.zones.length; z++) {
    const appraised = runs.map((run) => appraiseZone(run, z));
    const ratios = runs.map((run) => costPerTonneByReplicate(run, z));
    const meanCost = appraised.map((a) => a.cost.mean);
    const cheapest = meanCost.indexOf(Math.min(...meanCost));
    appraised.forEach((a, i) => {
      rows.push({
        ...a,
        strategy: labels[i],
        cheapest: labels[cheapest],
        marginalCostPerTco2e: i === cheapest ? null : marginalCostPerTco2e(a, appraised[cheapest]),
      });
    });
    ratios.forEach((a, i) =>
      ratios.forEach((b, j) => {
        if (i === j) return;
        let wins = 0;
        for (let r = 0; r < n; r++) if (a[r] < b[r]) wins++;
        pairs.push({ zone: first.zones[z], strategy: labels[i], other: labels[j], pCheaperPerTonne: wins / n });
      }),
    );
  }
  return {
    scenarioName: first.scenarioName,
    seed: first.seed,
    replicates: n,
    years: first.years,
    currency: first.currency,
    horizonYear: horizonYear(first.years),
    stockingYear: first.stocking.year,
    stockingTargetPerHa: first.stocking.targetPerHa,
    strategies: [...labels],
    rows,
    pairs,
  };
}
