import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planInWords } from '../../sim/report/planInWords.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { projectRoot } from '../helpers.js';

const examples = join(projectRoot, 'assets', 'scenarios');
const glen = () => JSON.parse(readFileSync(join(examples, 'default.json'), 'utf8'));

describe('the plan in words, as the report opens', () => {
  it('describes the plan as edited, not as its file describes it', async () => {
    // The planner's edit: the open zone moved up the glen, fenced and under half the deer.
    const edited = glen();
    edited.plantings[1].polygon = edited.plantings[1].polygon.map(([x, y]: [number, number]) => [x - 140, y]);
    edited.fences.push({ name: 'new fence', type: 'deer_fence', closed: true, path: [[935, 505], [1490, 505], [1490, 995], [935, 995]] });
    edited.herbivores[0].densityPerKm2 = 7.5;
    edited.plantings[0].shelters = { height: 1.2, species: ['sessile_oak'] };
    const loaded = await loadScenario(edited, { baseDir: examples });
    const words = planInWords(loaded.resolved).join(' ');
    expect(words).toContain('red deer at 7.5 per km²');
    expect(words).not.toContain('15 per km²');
    expect(words).toMatch(/"unfenced", 20\.0 ha at 2,500 stems\/ha in year 0 \([^)]*\), inside "new fence"/);
    expect(words).toMatch(/"fenced", 20\.0 ha .*Common alder 10%\), in 1\.2 m shelters \(Sessile oak\), inside "deer fence"/);
    expect(words).toContain('Fences: "deer fence", deer fence (1.8 m), 1,880 m closed, from year 0; "new fence", deer fence (1.8 m), 2,090 m closed, from year 0.');
    // The file's own description still speaks of 15 deer (the printed report labels it as the file's).
    expect(loaded.resolved.scenario.description).toContain('15 per km2');
  });
});
