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

/**
 * Runs the command line in this process (`main(argv, io)`, as `bin/reforest.js` does) with its output
 * captured: the exit code it would end with, standard output and error. For what needs the real
 * process (signals, pipes, start-up), `reforestCli`.
 */
export async function reforestInProcess(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../sim/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stderrIsTty: false,
    stdinIsTty: stdin === '',
    readStdin: async () => stdin,
    env: process.env,
  });
  return { code, stdout, stderr };
}

/** Runs the built CLI (`bin/reforest.js`) from the project root: exit code, standard output and error. */
export function reforestCli(args: string[], env: NodeJS.ProcessEnv = process.env): { code: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [join(projectRoot, 'bin/reforest.js'), ...args], { encoding: 'utf8', cwd: projectRoot, env });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}
