import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yearlyMetricsCsv } from '../../sim/output/csv.js';
import { runScenario } from '../../sim/run/runner.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { projectRoot } from '../helpers.js';

// The golden output: a small scenario with everything that draws random numbers (planting, drought,
// breaches, herd growth and culling, the herbivore field, shelters) must give these exact bytes on one
// thread and on two. The file changes only with a model change and its validation (`npm run golden`,
// then `npm run validate-model`).
describe('golden output', () => {
  it('gives the golden results to the byte, on one thread and on two', async () => {
    const dir = join(projectRoot, 'test/golden');
    const golden = readFileSync(join(dir, 'results.csv'), 'utf8');
    const loaded = await loadScenario(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')), { baseDir: dir });
    expect(yearlyMetricsCsv(await runScenario(loaded, { threads: 1 }))).toBe(golden);
    expect(yearlyMetricsCsv(await runScenario(loaded, { threads: 2 }))).toBe(golden);
  }, 120_000);
});
