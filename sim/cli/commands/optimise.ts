import { rm } from 'node:fs/promises';
import { writeFileAtomic } from '../../output/atomic.js';
import { join } from 'node:path';
import { formatMoney, formatNumber } from '../../output/format.js';
import { clusterRunner, GenerationPending } from '../../optimise/cluster.js';
import { frontFileName, objectiveColumn, readSearchState, writeSearchOutputs, writeSearchState, FRONT, PLANS } from '../../optimise/outputs.js';
import { prepareProblem } from '../../optimise/problem.js';
import { searchPlans, type SearchProgress } from '../../optimise/search.js';
import { namedDecisions } from '../../shared/decisionWords.js';
import { objectiveLabel } from '../../shared/objectiveLabel.js';
import { sharedPoolStats } from '../../run/pool.js';
import { InputError, parseCommand, type CliIo } from '../args.js';
import { withInterrupt } from '../interrupt.js';
import { OUT_DIR_OPTIONS, outDirCommand } from '../outDirCommand.js';
import { makeProgress } from '../progress.js';

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

On a cluster (--cluster), each generation's new plans are written as a sweep,
DIR/generations/generation-NNNN/sweep.json, and the command exits with code 3; run
that sweep as an array job into the folder it names (reforest sweep ... --out-dir
.../runs, one shard per task), then run this command again: it reads the plans'
figures from the sweep's results.csv and goes on to the next generation. DIR/pending.json
names the sweep and the folder while a generation waits. The front is the one the
search finds on one machine. See docs/optimise.md.

Options:
  --out-dir DIR        where the outputs go (created if missing)
  --cluster            run each generation as a sweep on a cluster (see above)
  --threads N          worker threads (default: one per core)
  --force-threads      more threads than cores
  --progress MODE      auto, json or none
  --quiet              no messages on standard error
  -h, --help           show this help

Exit codes: 0 success, 1 failure while running, 2 bad input, 3 a generation waits
for its sweep (--cluster), 130 interrupted.
`;

/** What a search on a cluster waits for (generation, sweep file, runs folder), for scripts that drive it; removed once it ends. */
const PENDING = 'pending.json';

/** Exit code of a search on a cluster whose generation waits for its sweep. */
export const OPTIMISE_PENDING = 3;

export async function optimiseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { ...OUT_DIR_OPTIONS, cluster: { type: 'boolean', default: false } });
  if (values.help) {
    io.stdout(OPTIMISE_USAGE);
    return 0;
  }
  const { file, outDir, threads, progressMode, quiet, say } = await outDirCommand('optimise', 'optimisation file', values, positionals, io);

  const problem = await prepareProblem(file);
  const saved = await readSearchState(outDir, problem.fingerprint).catch((err: Error) => {
    throw new InputError(err.message);
  });
  const { population, generations } = problem.spec.search;
  const sc = problem.base.resolved.scenario;
  const currency = problem.base.resolved.effective.costs.currency;
  const objective = objectiveColumn(problem);
  const { metric, zone, quantile } = problem.spec.objective;
  const objectiveWords = objectiveLabel({ metric, zone, quantile, year: problem.objectiveYear });
  const genes = problem.genes.map((g) => g.name);
  say(
    `Optimising "${problem.spec.name}" on "${sc.name}": ${problem.genes.length} decisions, ${population} plans × ${generations} generations, ` +
      `${sc.replicates} replicates × ${sc.years} years per plan, maximising ${objectiveWords} (${objective} in ${FRONT}) against cost` +
      (saved ? `; resuming after generation ${saved.generation}` : '') +
      '…\n',
  );
  const progress = makeProgress(quiet ? 'none' : progressMode, io.stderr, io.stderrIsTty);
  const started = Date.now();
  let lastGeneration = -1;
  const onProgress = (p: SearchProgress) => {
    progress.update(p.generation * 1000 + (p.replicatesTotal > 0 ? (1000 * p.replicatesDone) / p.replicatesTotal : 0), generations * 1000 + 1000, `generation ${p.generation}/${generations}`);
    if (p.replicatesTotal === 0 && p.generation !== lastGeneration) {
      lastGeneration = p.generation;
      const best = p.front.length > 0 ? p.front.reduce((a, b) => (b.objective / Math.max(b.cost, 1e-9) > a.objective / Math.max(a.cost, 1e-9) ? b : a)) : null;
      say(
        `generation ${p.generation}/${generations}: ${p.evaluated} plans judged, front of ${p.front.length}` +
          (best ? `; best per cost: ${best.objective.toFixed(2)} for ${formatMoney(best.cost, currency)} (${namedDecisions(genes, best.labels)})` : '; no plan within the limits yet') +
          '\n',
      );
    }
  };
  const runner = values.cluster ? clusterRunner(problem, outDir) : undefined;
  let found;
  try {
    found = await withInterrupt((signal) =>
      searchPlans(problem, { threads, signal, runner, resumeFrom: saved, onGeneration: (s) => writeSearchState(outDir, s), onProgress }),
    ).finally(() => progress.finish());
  } catch (err) {
    if (!(err instanceof GenerationPending)) throw err;
    say(
      `Generation ${err.generation} waits for ${err.runs} runs, written as the sweep ${err.sweepFile}. Run it on the cluster into one folder, e.g. as a SLURM array:\n` +
        `  sbatch --array=1-N --export=ALL,REFOREST_SHARD_COUNT=N --wrap 'npx reforest sweep ${err.sweepFile} --out-dir ${err.runsDir}'\n` +
        `or here: reforest sweep ${err.sweepFile} --out-dir ${err.runsDir}\n` +
        `then run this command again.\n`,
    );
    await writeFileAtomic(join(outDir, PENDING), JSON.stringify({ generation: err.generation, sweep: err.sweepFile, runsDir: err.runsDir, runs: err.runs }, null, 2) + '\n');
    return OPTIMISE_PENDING;
  }
  await rm(join(outDir, PENDING), { force: true });
  const { front, state } = found;
  await writeSearchOutputs(outDir, problem, front, state);
  const seconds = (Date.now() - started) / 1000;
  const pool = sharedPoolStats();
  const judgedNow = state.evaluations.length - (saved?.evaluations.length ?? 0);
  const outside = pool.threads > 0 ? Math.max(0, (seconds - pool.simulationSeconds / pool.threads) / seconds) : 0;
  const how = values.cluster
    ? `${judgedNow} judged now from the cluster's sweeps`
    : `${judgedNow} in this run, ${((60 * judgedNow) / seconds).toFixed(1)} a minute, ${pool.jobs} replicate runs on ${pool.threads} thread${pool.threads === 1 ? '' : 's'}, ` +
      `${(100 * outside).toFixed(1)}% of the time outside simulation`;
  say(
    `Done in ${seconds.toFixed(1)} s: ${state.evaluations.length} plans judged (${how}); ` +
      `the front has ${front.length} plan${front.length === 1 ? '' : 's'} (${join(outDir, FRONT)}, ${join(outDir, PLANS)}/).\n`,
  );
  if (front.length > 0) say(`The front, cheapest first, each plan's cost, objective (${objectiveWords}) and decisions:\n`);
  front.forEach((e, i) =>
    say(`  ${i + 1}. ${PLANS}/${frontFileName(i)}: ${formatMoney(e.cost, currency)}, objective ${formatNumber(e.objective, 2)}; ${namedDecisions(genes, e.labels)}\n`),
  );
  if (front.length === 0) say('No plan kept within the budget, grant cap and target; see evaluations.csv for how far each was over.\n');
  return 0;
}
