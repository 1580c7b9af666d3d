import { readFileSync } from 'node:fs';
import { assetPath } from '../assets.js';
import { RunCancelledError } from '../run/events.js';
import { closeSharedPool } from '../run/pool.js';
import { ScenarioError } from '../scenario/issues.js';
import { visibleText } from '../scenario/names.js';
import { readStreamText } from '../scenario/readText.js';
import { SweepOutputError } from '../sweep/outputs.js';
import { InputError, type CliIo } from './args.js';

/** Exit codes: 0 success, 1 failure while running, 2 bad input, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;

const USAGE = `Usage: reforest <command> [options]

Commands:
  run [SCENARIO|-]        run a scenario (the built-in default when none is given)
                          and write its yearly metrics as CSV
  sweep SWEEP.json        run every variant of a parameter sweep, resumably, on all
                          cores or as one shard of a cluster array job
  compare [SCENARIO|-]    run the plan under protection strategies (no protection,
                          fence, shelters, culling, mixes) and compare them in money
                          and carbon
  report [SCENARIO|-]     write a self-contained HTML report (and PDF) of the plan:
                          map, bill, strategies, charts, carbon units, sources
  optimise SPEC.json      search plans (fences, shelters, density, mix, cull) for the
                          front of cost against carbon, survival or stocking
  merge DIR...            combine the output folders of a sweep's shards
  survey check PLAN FILE  check a field survey against the plan it surveys
  forecast PLAN --survey FILE --out-dir DIR
                          condition the plan's forecast on a field survey
  validate SCENARIO|-     check a scenario and list every problem
  example [NAME]          print a bundled scenario
  terrain-info FILE       print a DEM's size, CRS, cell size, elevation and slope

Run 'reforest <command> --help' for a command's options.
Options: --help, --version
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Each command's module is loaded only when it is run, so a command starts no slower than it must. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  sweep: async () => (await import('./commands/sweep.js')).sweepCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  optimise: async () => (await import('./commands/optimise.js')).optimiseCommand,
  merge: async () => (await import('./commands/merge.js')).mergeCommand,
  survey: async () => (await import('./commands/survey.js')).surveyCommand,
  forecast: async () => (await import('./commands/survey.js')).forecastCommand,
  validate: async () => (await import('./commands/inspect.js')).validateCommand,
  example: async () => (await import('./commands/inspect.js')).exampleCommand,
  'terrain-info': async () => (await import('./commands/inspect.js')).terrainInfoCommand,
};

function version(): string {
  const pkg = JSON.parse(readFileSync(assetPath('..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

async function readStdin(): Promise<string> {
  const read = await readStreamText(process.stdin);
  if ('problem' in read) throw new InputError(`standard input ${read.problem}`);
  return read.text;
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: Boolean(process.stderr.isTTY),
  stdoutIsTty: Boolean(process.stdout.isTTY),
  stdinIsTty: Boolean(process.stdin.isTTY),
  readStdin,
  env: process.env,
};

/** Runs the command line; resolves to the process exit code. Never throws, never prints a stack trace for user errors. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.stderr(USAGE);
      return EXIT.badInput;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    }
    const load = COMMANDS[command];
    if (!load) throw new InputError(`unknown command "${command}"; run 'reforest --help' for the commands`);
    return await (await load())(rest, io);
  } catch (err) {
    if (err instanceof InputError || err instanceof ScenarioError || err instanceof SweepOutputError) {
      io.stderr(`reforest: ${visibleText(err.message, true)}\n`);
      return EXIT.badInput;
    }
    if (err instanceof RunCancelledError) {
      io.stderr('reforest: interrupted; nothing unfinished was written\n');
      return EXIT.interrupted;
    }
    io.stderr(`reforest: the run failed: ${visibleText((err as Error).message, true)}\n`);
    if (io.env.REFOREST_DEBUG) io.stderr(`${(err as Error).stack}\n`);
    return EXIT.failed;
  } finally {
    // Threads end once their jobs are done, rather than being cut off as the process exits.
    await closeSharedPool();
  }
}
