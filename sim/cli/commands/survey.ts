import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { TOLD_APART, forecastFromSurvey, type Forecast } from '../../forecast/forecast.js';
import { DEFAULT_ACTIONS } from '../../forecast/actions.js';
import { decideFromSurvey, type Decisions } from '../../forecast/decisions.js';
import { decisionsCsv, figuresCsv, forecastCsv, particlesCsv, posteriorCsv } from '../../forecast/outputs.js';
import { weightedP10P50P90 } from '../../forecast/weighted.js';
import { writeFilesAtomic } from '../../output/atomic.js';
import { loadScenario, readScenarioJson, type LoadedScenario } from '../../scenario/load.js';
import { M, metricIndex } from '../../shared/metrics.js';
import { recommendationSentence } from '../../shared/surveyForecast.js';
import type { Survey } from '../../survey/format.js';
import { observedFigures } from '../../survey/statistics.js';
import { InputError, parseCommand, wholeNumber, type CliIo } from '../args.js';
import { SURVEY_FORECAST_OPTIONS, acceptOption, actionsOption, particlesOption, surveyOption } from '../forecastOptions.js';
import { OUT_DIR_OPTIONS, outDirCommand } from '../outDirCommand.js';
import { makeProgress } from '../progress.js';
import { withInterrupt } from '../interrupt.js';

export const SURVEY_USAGE = `Usage: reforest survey check PLAN SURVEY

Reads a field survey (a survey file naming its plots: docs/monitoring.md) and checks it
against the plan it surveys: plots on the site, species the plan holds, dates after
planting and in one season, herbivore counts of the plan's kinds. Prints what each
surveyed zone shows. Exit code 0 when it fits the plan, 2 with every problem otherwise.
`;

export const FORECAST_USAGE = `Usage: reforest forecast PLAN --survey SURVEY --out-dir DIR [options]

Conditions the plan's forecast on a field survey: draws sites from the prior (herbivores,
planting failure, growth, fence breaches, each a multiplier on the plan's figure), runs
each to the survey year, surveys it with the survey's own plots, keeps those that
reproduce the survey (approximate Bayesian computation) and runs them on to the plan's
last year. Writes to DIR:
  posterior.csv   each quantity's prior and posterior p10/p50/p90, and whether the
                  survey told it apart
  figures.csv     each figure of the survey against what the prior and the posterior
                  expected the plots to find
  forecast.csv    per year, zone and metric: prior and posterior p10/p50/p90
  particles.csv   every particle: its draw, distance, weight and simulated survey
  decisions.csv   each action after the survey, run on the posterior's particles: its
                  cost from the survey on, the chance each zone holds the stocking
                  target at the next check, carbon and units by vintage, and the one
                  recommended

Options:
  --survey FILE     the survey file (required)
  --particles N     draws from the prior (default 1000)
  --accept SHARE    share of them kept, 0-1 (default 0.05; never fewer than four per
                    figure of the survey, for the regression adjustment)
  --seed N          seeds the draws (default: the plan's seed)
  --actions LIST    actions after the survey, comma-separated: none, beatup, beatup:N,
                    shelters:H, cull:D, enclose, enclose:TYPE, joined with + (default
                    ${DEFAULT_ACTIONS}, less those that do not apply:
                    a cull without herds, shelters and a fence where every zone is fenced)
  --threads N, --force-threads, --progress auto|json|none, --quiet  as for run
  -h, --help        show this help
`;

async function loadPlan(path: string): Promise<LoadedScenario> {
  return loadScenario(await readScenarioJson(path), { baseDir: dirname(resolve(path)), label: path });
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(0)}%`);

/** The survey's figures zone by zone, in words. */
function describeSurvey(survey: Survey, plan: LoadedScenario): string {
  const figures = observedFigures(survey, plan.resolved.scenario);
  const lines = [`"${survey.name}": ${survey.plots.length} plots in year ${survey.year} since planting (${survey.plantedOn}).`];
  for (const z of figures.zones) {
    lines.push(
      `  zone "${z.zone}": ${z.plots} plots, ${Math.round(z.stemsPerHa).toLocaleString('en')} live stems/ha, ${pct(z.deadShare)} of planted stems dead, ${pct(z.browsedShare)} of live leaders browsed this year` +
        (z.meanHeight === null ? '' : `, mean height ${z.meanHeight.toFixed(2)} m`),
    );
  }
  if (figures.herbivoresPerKm2 !== null) lines.push(`  herbivores counted: ${figures.herbivoresPerKm2.toFixed(1)} per km2`);
  for (const note of survey.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export async function surveyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) {
    io.stdout(SURVEY_USAGE);
    return 0;
  }
  if (positionals[0] !== 'check' || positionals.length !== 3) throw new InputError('usage: reforest survey check PLAN SURVEY');
  const plan = await loadPlan(positionals[1]);
  const survey = await surveyOption(positionals[2], plan);
  io.stdout(describeSurvey(survey, plan));
  return 0;
}

/** What the forecast says, in a few lines: each quantity, and the whole site's stems and carbon at the plan's end. */
function describeForecast(f: Forecast, plan: LoadedScenario): string {
  const fmt = (t: readonly number[]) => `${t[1].toFixed(2)} (${t[0].toFixed(2)}–${t[2].toFixed(2)})`;
  const lines = [`Conditioned on "${f.survey.name}" (year ${f.survey.year}): ${f.abc.accepted.length} of ${f.bank.length} particles kept.`, 'Quantity, times the plan: prior median (p10–p90) → posterior'];
  for (const q of f.quantities) lines.push(`  ${q.range.label}: ${fmt(q.prior)} → ${fmt(q.posterior)}${q.widthRatio < TOLD_APART ? '' : '  (the survey could not tell it apart)'}`);
  const sc = plan.resolved.scenario;
  const zc = sc.plantings.length + 1;
  const band = (metric: number) => {
    const at = metricIndex(zc, sc.years, 0, metric);
    const prior = weightedP10P50P90(f.runs.prior.map((v) => v[at]), f.runs.prior.map(() => 1));
    const posterior = weightedP10P50P90(f.runs.posterior.map((v) => v[at]), f.runs.weights);
    const whole = (t: readonly number[]) => `${Math.round(t[1]).toLocaleString('en')} (${Math.round(t[0]).toLocaleString('en')}–${Math.round(t[2]).toLocaleString('en')})`;
    return `${whole(prior)} → ${whole(posterior)}`;
  };
  lines.push(`Year ${sc.years}, whole site, median (p10–p90), before the survey → after:`);
  lines.push(`  live stems/ha: ${band(M.stems_per_ha)}`);
  lines.push(`  carbon, tCO2e: ${band(M.carbon_tco2e)}`);
  return `${lines.join('\n')}\n`;
}

/** The actions in a few lines, and the one recommended with what it costs, worded as the page words it. */
function describeDecisions(d: Decisions, currency: string, endYear: number): string {
  const money = (v: number) => `${currency} ${Math.round(v).toLocaleString('en')}`;
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const lines = [`Actions after the survey, on the posterior (cost from the survey to the end; chance of ${d.targetPerHa.toLocaleString('en')} stems/ha at year ${d.checkYear} per zone):`];
  for (const o of d.outcomes) lines.push(`  ${o.action}: ${money(o.costMean)} (${money(o.cost[0])}–${money(o.cost[2])}); ${o.stocking.map((s) => `${s.zone} ${pct(s.chance)}`).join(', ')}`);
  lines.push(recommendationSentence(d, currency, endYear));
  return `${lines.join('\n')}\n`;
}

export async function forecastCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    ...SURVEY_FORECAST_OPTIONS,
    seed: { type: 'string' },
    ...OUT_DIR_OPTIONS,
  });
  if (values.help) {
    io.stdout(FORECAST_USAGE);
    return 0;
  }
  const cmd = await outDirCommand('forecast', 'plan', values, positionals, io);
  if (!values.survey) throw new InputError('forecast needs --survey FILE');
  const particles = particlesOption(values.particles);
  const accept = acceptOption(values.accept);
  const seed = wholeNumber('seed', values.seed, 0);

  const plan = await loadPlan(cmd.file);
  const actions = actionsOption(values.actions, plan);
  const survey = await surveyOption(values.survey, plan);
  cmd.say(describeSurvey(survey, plan));
  const progress = makeProgress(cmd.quiet ? 'none' : cmd.progressMode, io.stderr, io.stderrIsTty);
  const forecast = await withInterrupt(async (signal) => {
    const f = await forecastFromSurvey({
      plan,
      survey,
      particles,
      acceptShare: accept,
      seed,
      threads: cmd.threads,
      signal,
      onProgress: (stage, done, total) => progress.update(done, total, stage === 'bank' ? 'particles to the survey year' : 'forecast runs'),
    });
    const decisions = await decideFromSurvey({
      plan,
      forecast: f,
      actions,
      threads: cmd.threads,
      signal,
      onProgress: (done, total) => progress.update(done, total, 'actions on the posterior'),
    }).finally(() => progress.finish());
    const sc = plan.resolved.scenario;
    const zones = ['all', ...sc.plantings.map((p) => p.name)];
    await mkdir(cmd.outDir, { recursive: true });
    await writeFilesAtomic(
      [
        { file: join(cmd.outDir, 'posterior.csv'), content: posteriorCsv(f) },
        { file: join(cmd.outDir, 'figures.csv'), content: figuresCsv(f) },
        { file: join(cmd.outDir, 'forecast.csv'), content: forecastCsv(f, zones, sc.years) },
        { file: join(cmd.outDir, 'particles.csv'), content: particlesCsv(f, f.names) },
        { file: join(cmd.outDir, 'decisions.csv'), content: decisionsCsv(decisions) },
      ],
      signal,
    );
    return { f, decisions };
  });
  io.stdout(describeForecast(forecast.f, plan));
  io.stdout(describeDecisions(forecast.decisions, plan.resolved.effective.costs.currency, plan.resolved.scenario.years));
  return 0;
}
