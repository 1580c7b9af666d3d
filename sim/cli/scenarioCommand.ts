import { dirname, resolve } from 'node:path';
import { applyRunOverrides, defaultScenarioPath, loadScenario, parseScenarioText, readScenarioJson, type LoadedScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { StrategyError, defaultStrategies, parseStrategies, type Strategy } from '../shared/strategySpec.js';
import { InputError, RUN_CONTROL_OPTIONS, checkStdinIsPiped, checkWritableTarget, threadCount, wholeNumber, type CliIo, type Options } from './args.js';
import { parseProgressMode, type ProgressMode } from './progress.js';

/**
 * What every command that runs one scenario shares (run, compare, report): the run options, where the
 * scenario comes from, the outputs it may write, and the scenario loaded with the overrides applied.
 */
export const SCENARIO_RUN_OPTIONS = {
  replicates: { type: 'string' },
  years: { type: 'string' },
  seed: { type: 'string' },
  ...RUN_CONTROL_OPTIONS,
} as const satisfies Options;

interface RunOptionValues {
  replicates?: string;
  years?: string;
  seed?: string;
  threads?: string;
  'force-threads'?: boolean;
  progress?: string;
  quiet?: boolean;
}

export interface ScenarioCommand {
  /** The scenario file, '-' for standard input; the built-in default when none is named. */
  source: string;
  fromStdin: boolean;
  /** How messages name the scenario. */
  label: string;
  overrides: { replicates?: number; years?: number; seed?: number };
  threads: number | undefined;
  progressMode: ProgressMode;
  quiet: boolean;
  /** Messages on standard error, unless --quiet. */
  say: (text: string) => void;
}

/** Reads the run options and the one scenario a command takes, refusing anything else before any work. */
export function scenarioCommand(command: string, values: RunOptionValues, positionals: readonly string[], io: CliIo): ScenarioCommand {
  if (positionals.length > 1) throw new InputError(`${command} takes one scenario, got ${positionals.length}: ${positionals.join(' ')}`);
  const overrides = {
    replicates: wholeNumber('replicates', values.replicates),
    years: wholeNumber('years', values.years),
    seed: wholeNumber('seed', values.seed, 0),
  };
  const progressMode = parseProgressMode(values.progress);
  const quiet = values.quiet === true;
  const say = quiet ? () => {} : io.stderr;
  const threads = threadCount(values.threads, values['force-threads'] === true, say);
  const source = positionals[0] ?? defaultScenarioPath();
  const fromStdin = source === '-';
  if (fromStdin) checkStdinIsPiped(io.stdinIsTty);
  return { source, fromStdin, label: fromStdin ? 'standard input' : source, overrides, threads, progressMode, quiet, say };
}

/**
 * Checks, before any work, that each output given can be written and none is given twice or is the
 * input; returns their full paths by flag.
 */
export async function outputTargets(cmd: ScenarioCommand, outputs: Record<string, string | undefined>): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  for (const [flag, file] of Object.entries(outputs)) {
    if (file === undefined) continue;
    const full = resolve(file);
    if ([...targets.values()].includes(full)) throw new InputError(`--${flag} ${file}: the same file is given for two outputs`);
    await checkWritableTarget(flag, full, cmd.fromStdin ? [] : [cmd.source]);
    targets.set(flag, full);
  }
  return targets;
}

/** Reads, overrides, validates and resolves the command's scenario, and loads its terrain. */
export async function loadCommandScenario(cmd: ScenarioCommand, io: CliIo): Promise<LoadedScenario> {
  const json = cmd.fromStdin ? parseScenarioText(await io.readStdin(), 'standard input') : await readScenarioJson(cmd.source);
  applyRunOverrides(json, cmd.overrides);
  return loadScenario(json, { baseDir: cmd.fromStdin ? process.cwd() : dirname(resolve(cmd.source)), label: cmd.label });
}

/** The strategies of --strategies (those that apply to the plan when absent); a bad one is an input error. */
export function strategiesOption(raw: string | undefined, sc: Scenario): Strategy[] {
  try {
    return parseStrategies(raw ?? defaultStrategies(sc), sc.plantings.map((p) => p.name));
  } catch (err) {
    if (err instanceof StrategyError) throw new InputError(`--strategies: ${err.message}`);
    throw err;
  }
}
