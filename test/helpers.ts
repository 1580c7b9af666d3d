import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScenarioInput } from '../sim/scenario/schema.js';

export const projectRoot = new URL('..', import.meta.url).pathname;
export const realDem = new URL('../../shared/data/terrain/big-tujunga-srtm30m-utm11n.tif', import.meta.url).pathname;

export function tempDir(prefix = 'reforest-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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
