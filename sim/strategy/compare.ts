import { M, metricIndex } from '../results/metrics.js';
import { quantileSorted, type RunResult } from '../results/result.js';
import type { Scenario } from '../scenario/schema.js';
import type { Strategy } from './spec.js';

/** A figure across replicates: mean and the 5th and 95th percentiles. */
export interface Spread {
  mean: number;
  p5: number;
  p95: number;
}

/** One strategy in one zone ("all" is the whole site). Money is in `currency`, carbon in tCO2e. */
export interface StrategyRow {
  strategy: string;
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
  carbonY25: Spread | null;
  carbonY50: Spread | null;
  carbonHorizon: Spread;
  /** Mean cost to the stocking year over mean planted trees alive then. */
  costPerSurvivingTree: number | null;
  /** Mean cost over mean tCO2e, both at the horizon year. */
  costPerTco2e: number | null;
  /** The strategy with the lowest mean cost in this zone. */
  cheapest: string;
  /** (cost − cost of the cheapest) / (tCO2e − tCO2e of the cheapest); null for the cheapest or with no extra carbon. */
  marginalCostPerTco2e: number | null;
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

/**
 * Summarises the runs of one plan under several strategies, zone by zone. Each run must be of the
 * same scenario and seed with only protection changed, so replicate r of one strategy faces the same
 * planting, weather and growth draws as replicate r of another; the pairwise shares compare them
 * replicate by replicate.
 */
export function compareStrategies(
  scenario: Scenario,
  currency: string,
  zoneAreaHa: readonly number[],
  strategies: readonly Strategy[],
  runs: readonly RunResult[],
): StrategyComparison {
  const years = scenario.years;
  const H = horizonYear(years);
  const { stockingTargetPerHa, stockingYear: askedStockingYear } = scenario.appraisal;
  const S = Math.min(askedStockingYear, years);
  const zones = runs[0].zones;
  const zc = zones.length;
  const n = runs[0].replicates;
  const areas = [zoneAreaHa.reduce((a, b) => a + b, 0), ...zoneAreaHa];
  const rows: StrategyRow[] = [];
  const pairs: StrategyPair[] = [];
  const column = (run: RunResult, year: number, zone: number, metric: number) =>
    Float64Array.from(run.perReplicate, (v) => v[metricIndex(zc, year, zone, metric)]);

  for (let z = 0; z < zc; z++) {
    const perStrategy = runs.map((run) => {
      const cost = column(run, H, z, M.cost);
      const carbon = column(run, H, z, M.carbon_tco2e);
      const stocking = column(run, S, z, M.stems_per_ha);
      const costAtS = column(run, S, z, M.cost);
      const aliveAtS = column(run, S, z, M.alive);
      const ratio = cost.map((c, r) => (carbon[r] > 0 ? c / carbon[r] : Infinity));
      return { cost, carbon, stocking, costAtS, aliveAtS, ratio, survival: spread(column(run, S, z, M.survival)).mean };
    });
    const meanCost = perStrategy.map((s) => spread(s.cost).mean);
    const cheapestIndex = meanCost.indexOf(Math.min(...meanCost));
    const cheapestCarbon = spread(perStrategy[cheapestIndex].carbon).mean;
    perStrategy.forEach((s, i) => {
      const cost = spread(s.cost);
      const carbon = spread(s.carbon);
      const alive = spread(s.aliveAtS).mean;
      const extraCarbon = carbon.mean - cheapestCarbon;
      rows.push({
        strategy: strategies[i].label,
        zone: zones[z],
        areaHa: areas[z],
        cost,
        costPerHa: areas[z] > 0 ? cost.mean / areas[z] : 0,
        stocking: spread(s.stocking),
        pStockingTarget: s.stocking.reduce((k, v) => k + (v >= stockingTargetPerHa ? 1 : 0), 0) / n,
        survival: s.survival,
        carbonY25: years >= 25 ? spread(column(runs[i], 25, z, M.carbon_tco2e)) : null,
        carbonY50: years >= 50 ? spread(column(runs[i], 50, z, M.carbon_tco2e)) : null,
        carbonHorizon: carbon,
        costPerSurvivingTree: alive > 0 ? spread(s.costAtS).mean / alive : null,
        costPerTco2e: carbon.mean > 0 ? cost.mean / carbon.mean : null,
        cheapest: strategies[cheapestIndex].label,
        marginalCostPerTco2e: i !== cheapestIndex && extraCarbon > 0 ? (cost.mean - meanCost[cheapestIndex]) / extraCarbon : null,
      });
    });
    perStrategy.forEach((a, i) =>
      perStrategy.forEach((b, j) => {
        if (i === j) return;
        let wins = 0;
        for (let r = 0; r < n; r++) if (a.ratio[r] < b.ratio[r]) wins++;
        pairs.push({ zone: zones[z], strategy: strategies[i].label, other: strategies[j].label, pCheaperPerTonne: wins / n });
      }),
    );
  }
  return {
    scenarioName: scenario.name,
    seed: scenario.seed,
    replicates: n,
    years,
    currency,
    horizonYear: H,
    stockingYear: S,
    stockingTargetPerHa,
    strategies: strategies.map((s) => s.label),
    rows,
    pairs,
  };
}
