import { readFileSync } from 'node:fs';
import { assetPath } from '../assets.js';
import { billOfQuantities } from '../pageViews/bill.js';
import type { BillLine } from '../hostApi/api.js';
import { carbonUnitRules, carbonUnitSchedule, type CarbonUnitRow } from '../shared/carbonUnits.js';
import type { WccLookup } from '../shared/wccLookup.js';
import { wccLookupOf } from '../scenario/wccTables.js';
import type { RunResult } from '../shared/runResult.js';
import { runScenario } from '../run/runner.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { StrategyComparison } from '../shared/strategyComparison.js';
import { runStrategies } from '../strategy/run.js';
import type { Strategy } from '../shared/strategySpec.js';
import { assumptionsOf, type Assumption } from './assumptions.js';
import { siteMapSvg } from './map.js';
import { monitoringWork, runMonitoring, type MonitoringData, type MonitoringRequest } from './monitoringRun.js';
import { surveyPlotOverlay } from './plotLayer.js';

/** Everything a report shows, worked out once; `renderReport` only lays it out. */
export interface ReportData {
  loaded: LoadedScenario;
  version: string;
  /** How to make the same report again. */
  command: string;
  currency: string;
  /** The plan as drawn. */
  plan: RunResult;
  comparison: StrategyComparison;
  bill: BillLine[];
  units: CarbonUnitRow[];
  /** The Woodland Carbon Code lookup figure for the plan's trees, set beside the units' sequestration. */
  wcc: WccLookup;
  assumptions: Assumption[];
  mapSvg: string;
  /** The plan conditioned on a field survey, for the "Monitoring" section; null without a survey. */
  monitoring: MonitoringData | null;
}

export function reforestVersion(): string {
  return (JSON.parse(readFileSync(assetPath('..', 'package.json'), 'utf8')) as { version: string }).version;
}

export interface BuildReportOptions {
  strategies: readonly Strategy[];
  command: string;
  threads?: number;
  signal?: AbortSignal;
  /** Share of the work done, 0–1. */
  onProgress?: (share: number, what: string) => void;
  /**
   * Runs already made of this plan with its seed and replicates, not made again: the plan as drawn,
   * and the comparison of these very strategies. Results depend only on plan and seed, so the report
   * is the same either way.
   */
  done?: { plan?: RunResult; comparison?: StrategyComparison };
  /** A field survey of the plan to condition its forecast on (the "Monitoring" section); none when absent. */
  monitoring?: MonitoringRequest;
}

/**
 * Runs the plan as drawn and under each strategy (same seed), with a survey its forecast conditioned on
 * it and the actions after it, and gathers what the report shows.
 */
export async function buildReport(loaded: LoadedScenario, label: string, opts: BuildReportOptions): Promise<ReportData> {
  const sc = loaded.resolved.scenario;
  const monitoring = opts.monitoring;
  // Parts are runs of the plan (each of its replicates over its years); the survey's work counted alike.
  const work = monitoring ? monitoringWork(loaded, monitoring) : null;
  const monitoringParts = work ? (work.bank + work.forecast + work.decisions) / sc.replicates : 0;
  const parts = (opts.done?.plan ? 0 : 1) + (opts.done?.comparison ? 0 : opts.strategies.length) + monitoringParts;
  const planRun = opts.done?.plan;
  const plan = planRun ?? await runScenario(loaded, {
    threads: opts.threads,
    signal: opts.signal,
    onEvent: (e) => {
      if (e.type === 'progress') opts.onProgress?.(e.yearsDone / e.totalYears / parts, 'the plan as drawn');
    },
  });
  const before = planRun ? 0 : 1;
  const comparison =
    opts.done?.comparison ??
    (
      await runStrategies(loaded, opts.strategies, label, {
        threads: opts.threads,
        signal: opts.signal,
        onProgress: (i, share) => opts.onProgress?.((before + share * opts.strategies.length) / parts, opts.strategies[i].label),
      })
    ).comparison;
  const runsBefore = parts - monitoringParts;
  const monitored = monitoring
    ? await runMonitoring(loaded, monitoring, {
        threads: opts.threads,
        signal: opts.signal,
        onProgress: (share, what) => opts.onProgress?.((runsBefore + share) / parts, what),
      })
    : null;
  return {
    loaded,
    version: reforestVersion(),
    command: opts.command,
    currency: loaded.resolved.effective.costs.currency,
    plan,
    comparison,
    bill: billOfQuantities(loaded.resolved, 0, plan),
    units: carbonUnitSchedule(plan, carbonUnitRules(sc.appraisal, sc.years)),
    wcc: wccLookupOf(loaded.resolved),
    assumptions: assumptionsOf(loaded.resolved),
    mapSvg: siteMapSvg(sc, loaded.terrain, 720, monitored ? surveyPlotOverlay(monitored.survey, monitored.plots) : undefined),
    monitoring: monitored,
  };
}
