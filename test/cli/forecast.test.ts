import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { particleDraw, planTo } from '../../sim/forecast/bank.js';
import { FORECAST_METRICS } from '../../sim/forecast/outputs.js';
import { SITE_DRAW_KEYS } from '../../sim/model/siteDraw.js';
import { Stream, replicateStream } from '../../sim/random/rng.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import { runJobs } from '../../sim/run/pool.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { placePlots, plotsCsv, tallyPlots } from '../../sim/survey/synthetic.js';
import { projectRoot, reforestInProcess, tempDir, twoZoneScenario } from '../helpers.js';

// `reforest forecast` on a small plan (two 4 ha zones, 6 years) conditioned on a survey made as a
// surveyor would make one: a site drawn from the prior run to year 3, six circular plots a zone
// tallied on its stand. The command runs in this process (the built core in dist/).

const SURVEY_YEAR = 3;
const FILES = ['posterior.csv', 'figures.csv', 'forecast.csv', 'particles.csv'];

beforeAll(() => {
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
});

/** The plan and its survey in a fresh folder: plan.json, survey.json, plots.csv. */
async function planAndSurvey(): Promise<{ dir: string; plan: string; survey: string }> {
  const dir = tempDir();
  const input = twoZoneScenario({ years: 6 });
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(input));
  const plan = await loadScenario(input, { baseDir: dir });
  const resolved = planTo(plan.resolved, SURVEY_YEAR, 11);
  let trees: FinalTrees | null = null;
  await runJobs([{ id: 0, resolved, terrain: plan.terrain, replicate: 0, frames: false, keepTrees: true, draw: particleDraw(11, 0) }], {
    onDone: (_job, _values, t) => void (trees = t!),
  });
  const places = placePlots(resolved.scenario, 6, 5.64, replicateStream(11, 1, Stream.Survey));
  const plots = tallyPlots(places, trees!, { year: SURVEY_YEAR, date: '2023-07-10', radius: 5.64, heightError: 0.05, rng: replicateStream(11, 2, Stream.Survey) });
  writeFileSync(join(dir, 'plots.csv'), plotsCsv(plots));
  const survey = { name: 'year-3 survey', plantedOn: '2020-04-15', plots: 'plots.csv', herbivoreCounts: [{ date: '2023-02-01', kind: 'red_deer', densityPerKm2: 21, standardError: 4 }] };
  writeFileSync(join(dir, 'survey.json'), JSON.stringify(survey));
  return { dir, plan: join(dir, 'plan.json'), survey: join(dir, 'survey.json') };
}

const forecast = (args: string[]) => reforestInProcess(['forecast', ...args, '--progress', 'none'], { compiled: true, timeLimitMs: 120_000 });
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('reforest forecast', () => {
  it('writes the posterior, the figures, the forecast and the particles, the same whatever the threads', async () => {
    const { dir, plan, survey } = await planAndSurvey();
    const out = join(dir, 'out');
    const r = await forecast([plan, '--survey', survey, '--out-dir', out, '--particles', '120', '--seed', '3']);
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/"year-3 survey": 12 plots in year 3 since planting \(2020-04-15\)/);
    expect(r.stdout).toMatch(/^Conditioned on "year-3 survey" \(year 3\): \d+ of 120 particles kept\./);
    for (const file of FILES) expect(existsSync(join(out, file)), file).toBe(true);

    const posterior = csvParse(read(out, 'posterior.csv'));
    expect(posterior.columns).toEqual(['quantity', 'label', 'prior_low', 'prior_high', 'prior_p10', 'prior_p50', 'prior_p90', 'posterior_p10', 'posterior_p50', 'posterior_p90', 'width_ratio', 'told_apart']);
    expect(posterior.map((row) => row.quantity)).toEqual([...SITE_DRAW_KEYS]);
    for (const row of posterior) {
      expect(['yes', 'no']).toContain(row.told_apart);
      expect(Number(row.prior_p10)).toBeLessThanOrEqual(Number(row.prior_p90));
      expect(Number(row.posterior_p10)).toBeLessThanOrEqual(Number(row.posterior_p90));
    }

    const figures = csvParse(read(out, 'figures.csv'));
    expect(figures.columns).toEqual(['figure', 'observed', 'prior_p10', 'prior_p50', 'prior_p90', 'posterior_p10', 'posterior_p50', 'posterior_p90']);
    const names = figures.map((row) => row.figure);
    expect(names).toEqual(expect.arrayContaining(['inside: stems/ha', 'inside: dead share', 'open: stems/ha', 'open: dead share', 'herbivores per km2']));
    expect(Number(figures.find((row) => row.figure === 'herbivores per km2')!.observed)).toBe(21);

    const rows = csvParse(read(out, 'forecast.csv'));
    expect(rows.columns).toEqual(['year', 'zone', 'metric', 'prior_p10', 'prior_p50', 'prior_p90', 'posterior_p10', 'posterior_p50', 'posterior_p90']);
    const zones = ['all', 'inside', 'open'];
    const expected = [0, 1, 2, 3, 4, 5, 6].flatMap((year) => zones.flatMap((zone) => FORECAST_METRICS.map((metric) => `${year}/${zone}/${metric}`)));
    expect(rows.map((row) => `${row.year}/${row.zone}/${row.metric}`).sort()).toEqual(expected.sort());
    for (const row of rows) for (const c of rows.columns.slice(3)) expect(Number.isFinite(Number(row[c])) && row[c] !== '', `${row.year} ${row.zone} ${row.metric} ${c}`).toBe(true);

    const particles = csvParse(read(out, 'particles.csv'));
    expect(particles.columns).toEqual(['particle', ...SITE_DRAW_KEYS, 'distance', 'weight', ...SITE_DRAW_KEYS.map((k) => `${k}_adjusted`), ...names]);
    expect(particles.map((row) => Number(row.particle))).toEqual(Array.from({ length: 120 }, (_, i) => i));
    const kept = particles.filter((row) => Number(row.weight) > 0);
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept.reduce((a, row) => a + Number(row.weight), 0)).toBeCloseTo(1, 3);

    // One thread and two give the same files, byte for byte.
    for (const threads of ['1', '2']) {
      const again = join(dir, `threads-${threads}`);
      const t = await forecast([plan, '--survey', survey, '--out-dir', again, '--particles', '120', '--seed', '3', '--threads', threads, '--force-threads']);
      expect(t.code, t.stderr).toBe(0);
      for (const file of FILES) expect(read(again, file), `${file} with --threads ${threads}`).toBe(read(out, file));
    }
  }, 300_000);

  it.each([
    ['--accept 0', ['--survey', 'survey.json', '--accept', '0'], /--accept must be a share above 0 and at most 1, not "0"/],
    ['--particles 5', ['--survey', 'survey.json', '--particles', '5'], /--particles must be a whole number >= 20, not "5"/],
    ['no --survey', [], /forecast needs --survey FILE/],
  ])('refuses %s with exit 2, before any work', async (_name, args, message) => {
    const dir = tempDir();
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify(twoZoneScenario()));
    const r = await forecast([plan, '--out-dir', join(dir, 'out'), ...args.map((a) => (a === 'survey.json' ? join(dir, a) : a))]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
