// `npm run golden`: rewrites test/golden/results.csv, the golden output the test suite holds every run to.
// Run it only with a model change, and regenerate docs/validation.md with it (`npm run validate-model`).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { yearlyMetricsCsv } from '../sim/output/csv.js';
import { closeSharedPool } from '../sim/run/pool.js';
import { runScenario } from '../sim/run/runner.js';
import { loadScenario } from '../sim/scenario/load.js';

const dir = new URL('../test/golden/', import.meta.url).pathname;
const loaded = await loadScenario(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')), { baseDir: dir });
const csv = yearlyMetricsCsv(await runScenario(loaded, { threads: 1 }));
writeFileSync(join(dir, 'results.csv.tmp'), csv);
renameSync(join(dir, 'results.csv.tmp'), join(dir, 'results.csv'));
await closeSharedPool();
console.log(`Wrote ${join(dir, 'results.csv')}`);
