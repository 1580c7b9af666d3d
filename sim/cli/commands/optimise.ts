import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatMoney } from '../../output/format.js';
import { objectiveColumn, readSearchState, writeSearchOutputs, writeSearchState, FRONT, PLANS } from '../../optimise/outputs.js';
import { prepareProblem } from '../../optimise/problem.js';
import { searchPlans, type SearchProgress } from '../../optimise/search.js';
import { InputError, parseCommand, threadCount, type CliIo } from '../args.js';
import { withInterrupt } from '../interrupt.js';
import { makeProgress, parseProgressMode } from '../progress.js';

export const OPTIMISE_USAGE = `Usage: reforest optimise SPEC.json --out-dir DIR [options]

Searches the plans SPEC.json allows (which zones are fenced, shelters, planting
density, species mix, a cull) for those that give the most of the objective for
their cost, with NSGA-II: every plan is run for the spec's replicates with the
plan's seed, so plans are compared on the same random numbers, and the objective is
a quantile across them (e.g. p10 of tCO2e at year 50). Plans over the budget, the
grant cap per hectare or short of a target are ranked below every plan within them.

It writes to DIR the front of cost against the objective (front.csv, cheapest
first), each plan of the front as a scenario file (plans/front-NN.json, which
'reforest run' runs and the page opens), every plan judged (evaluations.csv) and
the search's state after each generation (search.json): running the same command
again resumes an interrupted search, and ends with the same front. Progress, with
the best plans so far, goes to standard error.

Options:
  --out-dir DIR        where the outputs go (created if missing)
  --threads N          worker threads (default: one per core)
  --force-threads      more threads than cores
  --progress MODE      auto, json or none
  --quiet              no messages on standard error
  -h, --help           show this help

Exit codes: 0 success, 1 failure while running, 2 bad input, 130 interrupted.
`;

export async function optimiseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    'out-dir': { type: 'string' },
    threads: { type: 'string' },
    'force-threads': { type: 'boolean', default: false },
    progress: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(OPTIMISE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError('optimise takes one optimisation file; see reforest optimise --help');
  if (!values['out-dir']) throw new InputError('optimise needs --out-dir DIR');
  const progressMode = parseProgressMode(values.progress);
  const say = values.quiet ? () => {} : io.stderr;
  const threads = threadCount(values.threads, values['force-threads'], say);
  const outDir = resolve(values['out-dir']);
  const existing = await stat(outDir).catch(() => null);
  if (existing && !existing.isDirectory()) throw new InputError(`--out-dir ${values['out-dir']}: is a file, not a folder`);

  const problem = await prepareProblem(positionals[0]);
  const saved = await readSearchState(outDir, problem.fingerprint).catch((err: Error) => {
    throw new InputError(err.message);
  });
  const { population, generations } = problem.spec.search;
  const sc = problem.base.resolved.scenario;
  const currency = problem.base.resolved.effective.costs.currency;
  const objective = objectiveColumn(problem);
  say(
    `Optimising "${problem.spec.name}" on "${sc.name}": ${problem.genes.length} decisions, ${population} plans × ${generations} generations, ` +
      `${sc.replicates} replicates × ${sc.years} years per plan, maximising ${objective} against cost` +
      (saved ? `; resuming after generation ${saved.generation}` : '') +
      '…\n',
  );
  const progress = makeProgress(values.quiet ? 'none' : progressMode, io.stderr, io.stderrIsTty);
  const started = Date.now();
  let lastGeneration = -1;
  const onProgress = (p: SearchProgress) => {
    progress.update(p.generation * 1000 + (p.replicatesTotal > 0 ? (1000 * p.replicatesDone) / p.replicatesTotal : 0), generations * 1000 + 1000, `generation ${p.generation}/${generations}`);
    if (p.replicatesTotal === 0 && p.generation !== lastGeneration) {
      lastGeneration = p.generation;
      const best = p.front.length > 0 ? p.front.reduce((a, b) => (b.objective / Math.max(b.cost, 1e-9) > a.objective / Math.max(a.cost, 1e-9) ? b : a)) : null;
      say(
        `generation ${p.generation}/${generations}: ${p.evaluated} plans judged, front of ${p.front.length}` +
          (best ? `; best per cost: ${best.objective.toFixed(2)} for ${formatMoney(best.cost, currency)} (${best.labels.join(', ')})` : '; no plan within the limits yet') +
          '\n',
      );
    }
  };
  const { front, state } = await withInterrupt((signal) =>
    searchPlans(problem, { threads, signal, resumeFrom: saved, onGeneration: (s) => writeSearchState(outDir, s), onProgress }),
  ).finally(() => progress.finish());
  await writeSearchOutputs(outDir, problem, front, state);
  const seconds = (Date.now() - started) / 1000;
  say(
    `Done in ${seconds.toFixed(1)} s: ${state.evaluations.length} plans judged; the front has ${front.length} plan${front.length === 1 ? '' : 's'}` +
      ` (${join(outDir, FRONT)}, ${join(outDir, PLANS)}/).\n`,
  );
  for (const e of front) say(`  ${formatMoney(e.cost, currency)}  ${objective} ${e.objective.toFixed(2)}  ${e.labels.join(', ')}\n`);
  if (front.length === 0) say('No plan kept within the budget, grant cap and target; see evaluations.csv for how far each was over.\n');
  return 0;
}
