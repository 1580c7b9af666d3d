import { describe, expect, it } from 'vitest';
import { forecastReference, plotStandings, runReference } from '../../renderer/app/plotReference.js';
import { pickSurvey, plotsNamed, type ReadableFile } from '../../renderer/app/surveyFiles.js';
import type { ForecastResults, SurveyPlotView } from '../../sim/hostApi/api.js';
import { METRICS, METRIC_COUNT, M, metricIndex } from '../../sim/shared/metrics.js';
import { summarise, type RunResult } from '../../sim/shared/runResult.js';

// The page's parts of the monitoring loop that need no DOM: which picked file is the survey and which
// its plots, and what each plot is measured against (the forecast before the survey, or run A).

const picked = (name: string, content: string, webkitRelativePath = ''): ReadableFile => {
  const blob = new Blob([content]);
  return { name, webkitRelativePath, size: blob.size, slice: (a, b) => blob.slice(a, b), text: () => blob.text(), arrayBuffer: () => blob.arrayBuffer() };
};
const surveyText = (plots: string) => `{\n  // the June visit\n  "name": "visit", "plantedOn": "2020-04-15", "plots": "${plots}"\n}`;

describe('a survey picked in the page', () => {
  it('reads the plots file a survey names, written with comments, from files picked together', async () => {
    expect(plotsNamed(surveyText('data/plots.csv'))).toBe('data/plots.csv');
    const pick = await pickSurvey([picked('plots.csv', 'plot,date\n'), picked('survey.json', surveyText('data/plots.csv')), picked('notes.json', '{}')]);
    expect(pick.ok).toBe(true);
    if (!pick.ok) return;
    expect(pick.upload.name).toBe('survey.json');
    expect(pick.upload.files.map((f) => [f.path, new TextDecoder().decode(f.data)])).toEqual([['data/plots.csv', 'plot,date\n']]);
    expect(pick.note).toBeNull();
  });

  it('finds them in a picked folder by path, opens the first of several surveys and says so', async () => {
    const files = [
      picked('survey.json', surveyText('../shared/plots.gpkg'), 'site/b/survey.json'),
      picked('plots.gpkg', 'GPKG', 'site/shared/plots.gpkg'),
      picked('survey.json', surveyText('plots.csv'), 'site/a/survey.json'),
      picked('plots.csv', 'a', 'site/a/plots.csv'),
    ];
    const pick = await pickSurvey(files);
    if (!pick.ok) throw new Error(JSON.stringify(pick.problems));
    expect(pick.upload.files.map((f) => f.path)).toEqual(['plots.csv']);
    expect(pick.note).toBe('2 survey files were picked; site/a/survey.json is read (pick one survey at a time).');
    const other = await pickSurvey(files.slice(0, 2));
    expect(other.ok && other.upload.files.map((f) => f.path)).toEqual(['../shared/plots.gpkg']);
  });

  it('leaves a plots file not picked for the host to name, and refuses files without a survey', async () => {
    const alone = await pickSurvey([picked('survey.json', surveyText('plots.csv'))]);
    expect(alone.ok && alone.upload.files).toEqual([]);
    expect(await pickSurvey([picked('plots.csv', 'x')])).toEqual({ ok: false, problems: [{ message: expect.stringMatching(/^none of plots\.csv is a survey file/) }] });
  });
});

describe('what the plots are measured against', () => {
  const plot = (zone: string | null, live: number): SurveyPlotView => ({ id: `p${live}`, date: '2024-07-10', x: 0, y: 0, radius: 5.64, ring: null, areaM2: 100, zone, tallies: [{ species: 'downy_birch', live, dead: 0, browsed: 0, meanHeight: 1 }] });
  const plots = [plot('zone', 5), plot('zone', 12), plot('zone', 30), plot(null, 12)];

  it("takes the forecast's prior band of each zone's stems/ha in the survey year", () => {
    const series = (v: number): number[] => [v, v, v];
    const results = { survey: { name: 's', year: 1, plots: 4 }, bands: [{ zone: 'zone', metric: 'stems_per_ha', prior: [series(800), series(1000), series(2000)], posterior: [series(0), series(0), series(0)] }] } as unknown as ForecastResults;
    const judged = plotStandings(plots, forecastReference(results));
    expect(judged.map((j) => j.stemsPerHa)).toEqual([500, 1200, 3000, 1200]);
    expect(judged.map((j) => j.standing)).toEqual(['below', 'within', 'above', 'unknown']);
  });

  it("takes run A's p10–p90 across replicates, and nothing for a year it did not run", () => {
    const zones = ['all', 'zone'];
    const perReplicate = [900, 1000, 1100, 1200, 1300].map((v) => {
      const values = new Float64Array(3 * zones.length * METRIC_COUNT);
      values[metricIndex(zones.length, 2, 1, M.stems_per_ha)] = v;
      return values;
    });
    const result = { years: 2, replicates: 5, zones, metrics: METRICS, perReplicate, summary: summarise(perReplicate) } as unknown as RunResult;
    const band = runReference(result, 2)!.bandOf('zone')!;
    expect(band.p10).toBeCloseTo(940, 9);
    expect(band.p90).toBeCloseTo(1260, 9);
    expect(plotStandings(plots, runReference(result, 2)).map((j) => j.standing)).toEqual(['below', 'within', 'above', 'unknown']);
    expect(runReference(result, 3)).toBeNull();
    expect(plotStandings(plots, null).every((j) => j.standing === 'unknown')).toBe(true);
  });
});
