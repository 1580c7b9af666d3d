import { parseShard, shardFromEnvironment, ShardError } from '../../sweep/shard.js';
import { planSweep } from '../../sweep/plan.js';
import { runSweep } from '../../sweep/run.js';
import { InputError, parseCommand, wholeNumber, type CliIo } from '../args.js';
import { withInterrupt } from '../interrupt.js';
import { OUT_DIR_OPTIONS, outDirCommand } from '../outDirCommand.js';
import { makeProgress } from '../progress.js';

export const SWEEP_USAGE = `Usage: reforest sweep SWEEP.json --out-dir DIR [options]

Runs every variant × replicate of a sweep (a base scenario and the variables to vary,
as a full factorial or as listed cases; see docs/sweeps.md) on the worker threads.
Each finished run is written to DIR/runs/ at once, so re-running the same command
resumes an interrupted sweep; when all runs are in DIR, DIR/results.csv holds them
all, each row carrying its variant's variable values as columns.

Options:
  --out-dir DIR        where the runs and results go (created if missing)
  --shard I/N          run only the I-th of N equal shares (I from 1), for cluster
                       array jobs; merge the shards' folders with 'reforest merge'.
                       Without it the share comes from SLURM_ARRAY_TASK_ID,
                       JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX
  --shard-count N      number of shares when only an index is in the environment
                       (Kubernetes, AWS Batch); or set REFOREST_SHARD_COUNT
  --threads N          worker threads (default: one per core; at most one per core
                       unless --force-threads)
  --progress MODE      auto, json or none
  --quiet              no messages on standard error
  -h, --help           show this help

Exit codes: 0 success, 1 failure while running, 2 bad input, 130 interrupted.
`;

export async function sweepCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    ...OUT_DIR_OPTIONS,
    shard: { type: 'string' },
    'shard-count': { type: 'string' },
  });
  if (values.help) {
    io.stdout(SWEEP_USAGE);
    return 0;
  }
  const { file, outDir, threads, progressMode, quiet, say } = await outDirCommand('sweep', 'sweep file', values, positionals, io);
  const shardCount = wholeNumber('shard-count', values['shard-count']);
  let shard;
  try {
    shard = values.shard ? parseShard(values.shard) : shardFromEnvironment(io.env, shardCount);
  } catch (err) {
    if (err instanceof ShardError) throw new InputError(err.message);
    throw err;
  }

  const plan = await planSweep(file);
  say(
    `Sweep "${plan.sweep.name}": ${plan.variants.length} variants × ${plan.replicates} replicates = ${plan.totalRuns} runs` +
      `${shard ? `, shard ${shard.index}/${shard.count}` : ''}…\n`,
  );
  const progress = makeProgress(quiet ? 'none' : progressMode, io.stderr, io.stderrIsTty);
  const started = Date.now();
  const summary = await withInterrupt((signal) =>
    runSweep(plan, {
      outDir,
      shard,
      threads,
      signal,
      onProgress: (done, total, yearsDone, totalYears) => progress.update(yearsDone, totalYears, `${done}/${total} runs`),
    }),
  ).finally(() => progress.finish());
  say(
    `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.ran} runs${summary.skipped > 0 ? `, ${summary.skipped} already complete` : ''}` +
      ` (${summary.simulationSeconds.toFixed(2)} s of simulation on the worker threads).` +
      (summary.results ? ` Wrote ${summary.results}.` : ` Results are complete when every shard has run; then: reforest merge DIR... --out FILE`) +
      '\n',
  );
  return 0;
}
