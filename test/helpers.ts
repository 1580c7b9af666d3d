import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioInput } from '../sim/scenario/schema.js';

export const projectRoot = new URL('..', import.meta.url).pathname;
export const realDem = new URL('../../shared/data/terrain/big-tujunga-srtm30m-utm11n.tif', import.meta.url).pathname;

/** Whether the real DEM beside the project is there; tests that read it skip, saying why, where it is not. */
export const hasRealDem = existsSync(realDem);
if (!hasRealDem) console.warn(`Tests of the real 30 m DEM are skipped: ${realDem} is missing (it lives beside the project, never in it).`);

const made: string[] = [];

/** A fresh folder under the system temp folder, removed after each test (test/setup.ts). */
export function tempDir(prefix = 'reforest-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made (call from afterAll). */
export function removeTempDirs(): void {
  removeTempDirsSince(0);
}

/**
 * Removes the folders `tempDir` made since the `from`-th: those of one test, while the ones a file
 * makes as it loads, shared by its tests, stay until the file is done.
 */
export function removeTempDirsSince(from: number): void {
  for (const dir of made.splice(from)) rmSync(dir, { recursive: true, force: true });
}

/** How many folders `tempDir` has made and not yet removed. */
export function tempDirCount(): number {
  return made.length;
}

/** The built-in default scenario as JSON, to derive test scenarios from. */
export function defaultScenario(): ScenarioInput {
  return JSON.parse(readFileSync(join(projectRoot, 'assets/scenarios/default.json'), 'utf8')) as ScenarioInput;
}

/** A small scenario on flat procedural ground: one zone, optional deer, quick to run. */
export function smallScenario(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    schemaVersion: 1,
    name: 'small',
    seed: 42,
    years: 10,
    replicates: 2,
    terrain: { type: 'procedural', width: 400, height: 400, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
    plantings: [
      {
        name: 'zone',
        polygon: [[100, 100], [300, 100], [300, 300], [100, 300]],
        species: [{ species: 'downy_birch', fraction: 1 }],
        density: 1600,
      },
    ],
    ...overrides,
  };
}

/**
 * Two zones side by side on flat ground under red deer at 25 per km², "inside" within a closed deer
 * fence and "open" outside it: the smallest plan whose protection strategies differ.
 */
export function twoZoneScenario(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  const mix = [
    { species: 'downy_birch', fraction: 0.5 },
    { species: 'rowan', fraction: 0.5 },
  ];
  return smallScenario({
    name: 'two zones',
    years: 6,
    replicates: 4,
    terrain: { type: 'procedural', width: 700, height: 400, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
    plantings: [
      { name: 'inside', polygon: [[100, 100], [300, 100], [300, 300], [100, 300]], species: mix, density: 1600 },
      { name: 'open', polygon: [[400, 100], [600, 100], [600, 300], [400, 300]], species: mix, density: 1600 },
    ],
    fences: [{ name: 'deer fence', type: 'deer_fence', path: [[90, 90], [310, 90], [310, 310], [90, 310]], closed: true }],
    herbivores: [{ kind: 'red_deer', densityPerKm2: 25 }],
    ...overrides,
  });
}

/** How `reforestInProcess` runs the command, besides its arguments. */
export interface InProcessOptions {
  /** What is piped to standard input; when absent, standard input is a terminal (nothing piped). */
  stdin?: string;
  /** Variables set for the command on top of this process's environment, as a spawned CLI would see them. */
  env?: NodeJS.ProcessEnv;
  /**
   * A time limit in milliseconds, as a spawned CLI's `timeout`: a command that has not ended within it,
   * or that took longer, comes back with `timedOut` (its exit code null), so a command that hangs or
   * runs for minutes fails its test instead of passing late.
   */
  timeLimitMs?: number;
  /** Told each piece of standard error as it is written, with all of it so far. */
  onStderr?: (text: string, soFar: string) => void;
  /**
   * Runs the built core in dist/ (what `bin/reforest.js` runs; `npm run build` first) rather than the
   * TypeScript sources. Its simulation threads start from compiled modules, several times sooner than
   * threads that compile the sources as they start, so a command that runs simulations ends sooner.
   */
  compiled?: boolean;
  /** Whether standard output is a terminal (a person reading) rather than a file or pipe; false when absent. */
  stdoutIsTty?: boolean;
}

export interface InProcessResult {
  /** The exit code the program would end with; null when it ran past `timeLimitMs`. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Whether it ran past `timeLimitMs`. */
  timedOut: boolean;
}

/**
 * Runs the command line in this process (`main(argv, io)`, as `bin/reforest.js` does) with its output
 * captured: the exit code it would end with, standard output and error. For what needs the real
 * process (signals, pipes, start-up, limits on the process), `reforestCli`. `options` may be the
 * text piped to standard input alone.
 */
export async function reforestInProcess(args: string[], options: string | InProcessOptions = {}): Promise<InProcessResult> {
  const { stdin, env, timeLimitMs, onStderr, compiled, stdoutIsTty } = typeof options === 'string' ? { stdin: options === '' ? undefined : options } : options;
  const { main } = compiled ? await compiledCli() : await import('../sim/cli/main.js');
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const run = main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => {
      stderr += t;
      onStderr?.(t, stderr);
    },
    stderrIsTty: false,
    stdoutIsTty: stdoutIsTty ?? false,
    stdinIsTty: stdin === undefined,
    readStdin: async () => stdin ?? '',
    env: env ? { ...process.env, ...env } : process.env,
  });
  if (timeLimitMs === undefined) return { code: await run, stdout, stderr, timedOut: false };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeLimitMs)));
  const code = await Promise.race([run, late]).finally(() => clearTimeout(timer));
  // A command that blocked this thread past the limit ends before the timer can fire: its time says so.
  const timedOut = code === null || performance.now() - started > timeLimitMs;
  return { code: timedOut ? null : code, stdout, stderr, timedOut };
}

/** The built command line's module (dist/sim/cli/main.js), refusing, saying why, where it is not built. */
async function compiledCli(): Promise<typeof import('../sim/cli/main.js')> {
  const file = join(projectRoot, 'dist/sim/cli/main.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return (await import(file)) as typeof import('../sim/cli/main.js');
}

/** Runs the built CLI (`bin/reforest.js`) from the project root: exit code, standard output and error. */
export function reforestCli(args: string[], env: NodeJS.ProcessEnv = process.env): { code: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [join(projectRoot, 'bin/reforest.js'), ...args], { encoding: 'utf8', cwd: projectRoot, env });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}
