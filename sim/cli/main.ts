import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assetPath } from '../assets.js';
import { writeFileAtomic } from '../output/atomic.js';
import { yearlyMetricsCsv } from '../output/csv.js';
import { M, metricIndex } from '../results/metrics.js';
import type { RunResult } from '../results/result.js';
import { RunCancelledError } from '../run/events.js';
import { runScenario } from '../run/runner.js';
import { ScenarioError } from '../scenario/issues.js';
import { defaultScenarioPath, loadScenario, readScenarioJson } from '../scenario/load.js';

/** Exit codes: 0 success, 1 failure while running, 2 bad input, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;

/** A problem with what the user typed or pointed at. */
class InputError extends Error {}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

const USAGE = `Usage: reforest <command> [options]

Commands:
  run [SCENARIO]   Run a scenario (the built-in default when none is given) and write
                   its yearly metrics as CSV.

Run 'reforest run --help' for the options of run.
Options: --help, --version
`;

const RUN_USAGE = `Usage: reforest run [SCENARIO] [options]

Runs every replicate of SCENARIO (a JSON scenario file; the built-in default, a
glen planted fenced and unfenced under red deer, when omitted) and writes one CSV
row per replicate, year and zone (zone "all" is the whole site).

Options:
  --out FILE        write the CSV to FILE (default: standard output)
  --replicates N    override the scenario's number of Monte Carlo replicates
  --years N         override the number of years simulated
  --seed N          override the random seed
  --threads N       worker threads (default: one per core)
  --quiet           no messages on standard error
  -h, --help        show this help

Exit codes: 0 success, 1 failure while running, 2 bad input, 130 interrupted.
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(assetPath('..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the command line; resolves to the process exit code. Never throws for user errors. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return command === undefined ? EXIT.badInput : EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    }
    if (command === 'run') return await runCommand(rest, io);
    throw new InputError(`unknown command "${command}"; run 'reforest --help' for the commands`);
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`reforest: ${err.message}\n`);
      return EXIT.badInput;
    }
    if (err instanceof ScenarioError) {
      io.stderr(`reforest: ${err.message}\n`);
      return EXIT.badInput;
    }
    if (err instanceof RunCancelledError) {
      io.stderr('reforest: interrupted; no output was written\n');
      return EXIT.interrupted;
    }
    io.stderr(`reforest: the run failed: ${(err as Error).message}\n`);
    return EXIT.failed;
  }
}

function positiveInt(name: string, raw: string | undefined, min = 1): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new InputError(`--${name} must be a whole number >= ${min}, not "${raw}"`);
  return Number(raw);
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        replicates: { type: 'string' },
        years: { type: 'string' },
        seed: { type: 'string' },
        threads: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new InputError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(RUN_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new InputError(`run takes one scenario, got ${positionals.length}: ${positionals.join(' ')}`);
  const replicates = positiveInt('replicates', values.replicates);
  const years = positiveInt('years', values.years);
  const seed = positiveInt('seed', values.seed, 0);
  const threads = positiveInt('threads', values.threads);
  const say = values.quiet ? () => {} : (t: string) => io.stderr(t);

  const file = positionals[0] ?? defaultScenarioPath();
  const out = values.out ? resolve(values.out) : undefined;
  if (out) await checkWritableTarget(out);

  const json = await readScenarioJson(file);
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    if (replicates !== undefined) obj.replicates = replicates;
    if (years !== undefined) obj.years = years;
    if (seed !== undefined) obj.seed = seed;
  }
  const loaded = await loadScenario(json, { baseDir: dirname(resolve(file)), label: file });
  const sc = loaded.resolved.scenario;

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const started = Date.now();
  say(`Running "${sc.name}": ${sc.replicates} replicate${sc.replicates === 1 ? '' : 's'} × ${sc.years} years…\n`);
  let result: RunResult;
  try {
    result = await runScenario(loaded, { threads, signal: controller.signal });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const csv = yearlyMetricsCsv(result);
  if (out) await writeFileAtomic(out, csv);
  else io.stdout(csv);
  say(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.${out ? ` Wrote ${out}.` : ''}\n`);
  say(finalYearSummary(result));
  return EXIT.ok;
}

async function checkWritableTarget(out: string): Promise<void> {
  const dir = dirname(out);
  const info = await stat(dir).catch(() => null);
  if (!info || !info.isDirectory()) throw new InputError(`--out ${out}: the folder ${dir} does not exist`);
  const existing = await stat(out).catch(() => null);
  if (existing?.isDirectory()) throw new InputError(`--out ${out}: is a folder, not a file`);
}

/** Headline numbers, median across replicates, per zone: at year 10 (the end of the sapling years) and at the end. */
function finalYearSummary(result: RunResult): string {
  const zones = result.zones.length;
  const v = result.summary.p50;
  const lines: string[] = [];
  for (const year of [...new Set([Math.min(10, result.years), result.years])]) {
    lines.push(`Year ${year}, median of ${result.replicates} replicate${result.replicates === 1 ? '' : 's'}:`);
    for (let z = 0; z < zones; z++) {
      const at = metricIndex(zones, year, z, 0);
      lines.push(
        `  ${result.zones[z].padEnd(12)} survival ${(v[at + M.survival] * 100).toFixed(0).padStart(3)}%  ` +
          `${v[at + M.stems_per_ha].toFixed(0).padStart(5)} stems/ha  ` +
          `mean height ${v[at + M.mean_height_m].toFixed(1).padStart(5)} m  ` +
          `carbon ${v[at + M.carbon_tco2e].toFixed(0).padStart(7)} tCO2e  cost ${v[at + M.cost].toFixed(0)}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
