import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load.js';
import { loadSurvey } from '../../sim/survey/check.js';
import { projectRoot, tempDir } from '../helpers.js';

// Heights measured one by one (heights_m) or as their mean (mean_height_m), on the worked example.

const example = join(projectRoot, 'assets/surveys/glen-year5');

/** The example with a heights_m column, its first data row's heights given one by one as `heights` (its mean cleared unless `keepMean`). */
function withHeights(heights: string, keepMean = false): string {
  const dir = tempDir();
  const [header, first, ...rest] = readFileSync(join(example, 'plots.csv'), 'utf8').trimEnd().split('\n');
  const cells = first.split(',');
  if (!keepMean) cells[9] = '';
  writeFileSync(join(dir, 'plots.csv'), [`${header},heights_m`, `${cells.join(',')},${heights}`, ...rest.map((r) => `${r},`)].join('\n') + '\n');
  copyFileSync(join(example, 'survey.json'), join(dir, 'survey.json'));
  return join(dir, 'survey.json');
}

describe('survey heights', () => {
  it('takes the mean of heights measured one by one, and refuses both forms at once or more heights than stems', async () => {
    const plan = await loadScenario(JSON.parse(readFileSync(join(projectRoot, 'assets/scenarios/default.json'), 'utf8')), { baseDir: join(projectRoot, 'assets/scenarios') });
    // Plot Z1-P01's first species (common_alder) has 5 live stems.
    const survey = await loadSurvey(withHeights('2.9; 3.1 3.3;3.5'), plan);
    const plot = survey.plots.find((p) => p.id === 'Z1-P01')!;
    expect(plot.tallies.get('common_alder')!.meanHeight).toBeCloseTo(3.2, 12);
    await expect(loadSurvey(withHeights('2.9;3.1', true), plan)).rejects.toThrow(/plots\.csv line 2, field heights_m: give the stems' heights one by one \(heights_m\) or their mean \(mean_height_m\), not both/);
    await expect(loadSurvey(withHeights('1;1;1;1;1;1'), plan)).rejects.toThrow(/plots\.csv line 2, field heights_m: 6 heights for 5 live stems/);
    await expect(loadSurvey(withHeights('1;tall'), plan)).rejects.toThrow(/plots\.csv line 2, field heights_m: "tall" is not a height in metres/);
  });
});
