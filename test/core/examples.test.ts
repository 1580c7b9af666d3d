import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteWarnings } from '../../sim/model/feasibility.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { runScenario } from '../../sim/run/runner.js';
import { applyRunOverrides, loadScenario, readScenarioJson } from '../../sim/scenario/load.js';
import { projectRoot } from '../helpers.js';

const examples = join(projectRoot, 'assets', 'scenarios');
const names = readdirSync(examples).filter((f) => f.endsWith('.json'));

// Every bundled example is a plan a new user opens first: it must load without a warning and run.
describe('the bundled examples', () => {
  it('include the default, an upland under sheep and an estate-scale plan', () => {
    expect(names).toEqual(expect.arrayContaining(['default.json', 'sheep-upland.json', 'estate.json']));
  });

  it.each(names)('%s loads with no site warning and runs its first years, every zone planted', async (name) => {
    const json = await readScenarioJson(join(examples, name));
    applyRunOverrides(json, { replicates: 1, years: 2 });
    const loaded = await loadScenario(json, { baseDir: examples, label: name });
    expect(siteWarnings(loaded.resolved, loaded.terrain)).toEqual([]);
    const result = await runScenario(loaded, { threads: 1 });
    const zones = result.zones.length;
    expect(zones).toBe(loaded.resolved.scenario.plantings.length + 1);
    // Every zone holds living trees at year 2.
    for (let z = 1; z < zones; z++) expect(result.summary.p50[metricIndex(zones, 2, z, M.alive)]).toBeGreaterThan(0);
  }, 60_000);
});
