import type { HostRunEvent, RunOutcome, RunRequest, ScenarioSource, StudyRequest } from '../../sim/hostApi/api.js';
import { decodePlan } from '../../sim/optimise/decisions.js';
import type { PlanEvaluation } from '../../sim/optimise/evaluate.js';
import { frontCsv, objectiveColumn } from '../../sim/optimise/outputs.js';
import { prepareProblem, type OptimiseProblem } from '../../sim/optimise/problem.js';
import { searchPlans } from '../../sim/optimise/search.js';
import { strategiesCsv } from '../../sim/output/comparison.js';
import { findChromium } from '../../sim/report/pdf.js';
import { produceReport } from '../../sim/report/produce.js';
import { type LoadedScenario, terrainKey } from '../../sim/scenario/load.js';
import { runStrategies } from '../../sim/strategy/run.js';
import { StrategyError, defaultStrategies, parseStrategies, type Strategy } from '../../sim/shared/strategySpec.js';
import type { StrategyComparison } from '../../sim/shared/strategyComparison.js';
import type { ReadPolicy } from './readPolicy.js';
import type { RunArchive } from './runArchive.js';
import { endedBy, refused, refusedFor } from './runOutcome.js';
import type { ScenarioSources } from './scenarioSources.js';
import { runSweepStudy } from './sweepStudy.js';
import { runForecastStudy } from './forecastStudy.js';

export interface StudyServiceOptions {
  /** Worker threads per run; one per core when undefined. */
  threads: number | undefined;
  /** Names the scenario in messages, the report's command and exported files. */
  sources: ScenarioSources;
  /** Which files a search's plans may read. */
  readPolicy: ReadPolicy;
  /** Finished runs: a report on a plan just run does not run it again. */
  archive: RunArchive;
}

/** One study, started by a run request that asks for it, on the plan that request loaded. */
export interface StudyRun {
  runId: string;
  loaded: LoadedScenario;
  study: StudyRequest;
  /** The request that asked for it: a sweep's base is its plan text, with its seed and replicates. */
  request: RunRequest;
  /** Where the plan came from: names the study's messages and files. */
  source: ScenarioSource;
  signal: AbortSignal;
  onEvent: (event: HostRunEvent) => void;
}

/**
 * Studies of a plan made of many runs, as the CLI makes them: its protection strategies compared
 * (`reforest compare`), the report on it (`reforest report`), a search of plans around it
 * (`reforest optimise`) and a sweep of it (`reforest sweep`: sweepStudy.ts), each streaming the share
 * done as progress.
 */
export class StudyService {
  /**
   * Strategies compared, per plan (the object the site's plan cache resolved for its text, seed and
   * replicates) and list of strategies: the report on a plan whose strategies were just compared
   * reuses them rather than running every strategy again.
   */
  private readonly comparisons = new WeakMap<LoadedScenario, Map<string, StrategyComparison>>();

  constructor(private readonly options: StudyServiceOptions) {}

  /** Runs of the report's plan already made with its seed and replicates. */
  private reportRunsDone(loaded: LoadedScenario, strategies: readonly Strategy[]) {
    return { plan: this.options.archive.resultOf(loaded), comparison: this.comparisons.get(loaded)?.get(strategyList(strategies)) };
  }

  /**
   * Runs a study, ending with the comparison or the report (a search sends its front after every
   * generation). Strategies the page names wrongly fail the run with the reason (the request's
   * shape was checked with the call: callArgs.ts).
   */
  async run(job: StudyRun): Promise<RunOutcome> {
    const { runId, loaded, study, source, signal, onEvent } = job;
    const { sources, threads } = this.options;
    const sc = loaded.resolved.scenario;
    if (study.kind === 'optimise') return this.search(job);
    if (study.kind === 'sweep') return runSweepStudy({ ...job, sweep: study.sweep ?? { variables: [] } }, this.options);
    if (study.kind === 'forecast') return study.forecast ? runForecastStudy({ ...job, forecast: study.forecast }, this.options) : refused(runId, 'a forecast study needs its survey');
    let strategies: Strategy[];
    try {
      strategies = parseStrategies(study.strategies ?? defaultStrategies(sc), sc.plantings.map((p) => p.name));
    } catch (err) {
      if (!(err instanceof StrategyError)) throw err;
      return refused(runId, err.message);
    }
    const progress = (share: number, detail: string) => onEvent({ type: 'progress', share, detail });
    const label = sources.labelOf(source);
    try {
      if (study.kind === 'strategies') {
        const { comparison } = await runStrategies(loaded, strategies, label, { threads, signal, onProgress: (i, share) => progress(share, `strategy ${i + 1} of ${strategies.length}: ${strategies[i].label}`) });
        let byList = this.comparisons.get(loaded);
        if (!byList) this.comparisons.set(loaded, (byList = new Map()));
        byList.set(strategyList(strategies), comparison);
        onEvent({ type: 'comparison', comparison, csv: strategiesCsv(comparison), baseName: sources.baseNameOf(source) });
      } else {
        // Without a Chromium that prints, the page still gets the HTML report to save and print itself.
        const { html, pdf } = await produceReport(loaded, label, {
          strategies,
          reproduceAs: { scenario: label, out: 'report.html' },
          chromium: findChromium(),
          threads,
          signal,
          onProgress: (share, what) => progress(share, what),
          done: this.reportRunsDone(loaded, strategies),
        });
        onEvent({ type: 'report', baseName: sources.baseNameOf(source), html, pdf });
      }
      return { status: 'completed', runId };
    } catch (err) {
      return endedBy(runId, err, signal);
    }
  }

  /**
   * A search of plans around the plan run (as `reforest optimise` with the plan inline): the share
   * done as progress, and after each generation the plans judged and the front, each front plan as
   * scenario text the page can open. A search the page describes wrongly fails with the fields named.
   */
  private async search({ runId, loaded, study, source, signal, onEvent }: StudyRun): Promise<RunOutcome> {
    const { sources, readPolicy, threads } = this.options;
    const plan = loaded.resolved.scenario;
    const label = `search of ${sources.labelOf(source)}`;
    let problem: OptimiseProblem;
    try {
      problem = await prepareProblem(label, { ...study.optimise, name: plan.name.slice(0, 100), plan }, {
        baseDir: loaded.resolved.baseDir,
        mayRead: readPolicy.mayRead,
        terrainCache: new Map([[terrainKey(plan.terrain, loaded.resolved.baseDir, plan.seed), Promise.resolve(loaded.terrain)]]),
      });
    } catch (err) {
      return refusedFor(runId, sources.problemsFor(err, source));
    }
    const base = problem.base.resolved.scenario;
    const baseName = sources.baseNameOf(source);
    const perGeneration = problem.spec.search.generations + 1;
    // Each update sends what is new: the plans judged since the last, and the text of a plan the first
    // time it is on the front.
    const pointsSent = new Set<PlanEvaluation>();
    const textsSent = new Set<string>();
    const update = (generation: number, front: PlanEvaluation[], all: PlanEvaluation[]) => {
      // Plans that could not be built have no figures to draw.
      const fresh = all.filter((e) => e.problem === undefined && !pointsSent.has(e));
      for (const e of fresh) pointsSent.add(e);
      onEvent({
        type: 'search',
        generation,
        generations: problem.spec.search.generations,
        genes: problem.genes.map((g) => g.name),
        objective: objectiveColumn(problem),
        currency: problem.base.resolved.effective.costs.currency,
        newPoints: fresh.map((e) => ({ labels: e.labels, cost: e.cost, costPerHa: e.costPerHa, objective: e.objective, objectiveMean: e.objectiveMean, feasible: e.violation === 0 })),
        front: front.map((e) => {
          const key = JSON.stringify(e.labels);
          const known = textsSent.has(key);
          textsSent.add(key);
          return {
            key,
            labels: e.labels,
            cost: e.cost,
            costPerHa: e.costPerHa,
            objective: e.objective,
            objectiveMean: e.objectiveMean,
            feasible: true,
            ...(known ? {} : { text: JSON.stringify(decodePlan(base, problem.spec.decisions, problem.genes, e.genome, problem.siteAreaKm2), null, 2) }),
          };
        }),
        csv: frontCsv(problem, front),
        baseName,
      });
    };
    try {
      await searchPlans(problem, {
        threads,
        signal,
        onProgress: (p) => {
          const share = (p.generation + (p.replicatesTotal > 0 ? p.replicatesDone / p.replicatesTotal : 1)) / perGeneration;
          onEvent({ type: 'progress', share, detail: `generation ${p.generation + 1} of ${perGeneration}` });
          if (p.replicatesTotal === 0) update(p.generation, p.front, p.all);
        },
      });
      return { status: 'completed', runId };
    } catch (err) {
      return endedBy(runId, err, signal);
    }
  }
}

/** A list of strategies as one key: their labels in order. */
function strategyList(strategies: readonly Strategy[]): string {
  return JSON.stringify(strategies.map((s) => s.label));
}
