import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, reforestInProcess, tempDir } from '../helpers.js';

// `reforest survey check PLAN SURVEY` on the worked example (the default glen surveyed in year 5), and
// on copies of it with one thing wrong each: every refusal exits 2 with a message naming the file, the
// line (or feature) and the field. The command runs in this process (the built core in dist/).

const example = join(projectRoot, 'assets/surveys/glen-year5');
const defaultPlan = join(projectRoot, 'assets/scenarios/default.json');

beforeAll(() => {
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
});

const check = (survey: string, plan = defaultPlan) => reforestInProcess(['survey', 'check', plan, survey], { compiled: true, timeLimitMs: 30_000 });

describe('reforest survey check on the worked example', () => {
  it("prints each zone's plots and live stems per hectare as the plots add up, and the deer count", async () => {
    const r = await check(join(example, 'survey.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^"Glen year-5 stocking survey": 24 plots in year 5 since planting \(2021-04-15\)\./);
    expect(r.stdout).toMatch(/^ {2}herbivores counted: 22\.4 per km2$/m);

    // Live stems over plot area, zone by zone, from plots.csv and the plan's (rectangular) zones.
    const plan = JSON.parse(readFileSync(defaultPlan, 'utf8')) as { plantings: { name: string; polygon: [number, number][] }[] };
    const rows = csvParse(readFileSync(join(example, 'plots.csv'), 'utf8'));
    for (const zone of plan.plantings) {
      const xs = zone.polygon.map((p) => p[0]);
      const ys = zone.polygon.map((p) => p[1]);
      const inZone = rows.filter((row) => Number(row.x) >= Math.min(...xs) && Number(row.x) <= Math.max(...xs) && Number(row.y) >= Math.min(...ys) && Number(row.y) <= Math.max(...ys));
      const radius = new Map(inZone.map((row) => [row.plot, Number(row.radius_m)]));
      const area = [...radius.values()].reduce((a, r) => a + Math.PI * r * r, 0);
      const live = inZone.reduce((a, row) => a + Number(row.live), 0);
      expect(radius.size, zone.name).toBe(12);
      const line = new RegExp(`^ {2}zone "${zone.name}": 12 plots, ([\\d,]+) live stems/ha`, 'm').exec(r.stdout);
      expect(line, `${zone.name} in\n${r.stdout}`).not.toBeNull();
      expect(Number(line![1].replace(/,/g, ''))).toBe(Math.round((live * 10_000) / area));
    }
  });
});

// The columns of plots.csv, to edit a row by name.
const COLUMNS = ['plot', 'date', 'x', 'y', 'radius_m', 'species', 'live', 'dead', 'browsed', 'mean_height_m'] as const;
type RowEdit = Partial<Record<(typeof COLUMNS)[number], string>>;

/** Lines `from`..`to` of plots.csv (1 is the header), each edited alike. */
const lines = (from: number, to: number, edit: RowEdit): Record<number, RowEdit> => Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, edit]));

/**
 * The worked example copied into a fresh folder, its plots.csv edited line by line (plot Z1-P01 is
 * lines 2–5, Z1-P02 lines 6–10, Z1-P03 lines 11–15) and its survey.json by `json`; the survey file.
 */
function edited(rows: Record<number, RowEdit> = {}, json: (survey: Record<string, unknown>) => void = () => {}, csv?: (text: string) => string): string {
  const dir = tempDir();
  const text = readFileSync(join(example, 'plots.csv'), 'utf8').trimEnd().split('\n');
  for (const [n, edit] of Object.entries(rows)) {
    const cells = text[Number(n) - 1].split(',');
    for (const [column, value] of Object.entries(edit)) cells[COLUMNS.indexOf(column as (typeof COLUMNS)[number])] = value;
    text[Number(n) - 1] = cells.join(',');
  }
  writeFileSync(join(dir, 'plots.csv'), (csv ?? ((t) => t))(`${text.join('\n')}\n`));
  const survey = JSON.parse(readFileSync(join(example, 'survey.json'), 'utf8')) as Record<string, unknown>;
  json(survey);
  writeFileSync(join(dir, 'survey.json'), JSON.stringify(survey, null, 2));
  return join(dir, 'survey.json');
}

/** Exit 2 with every message given, and no stack trace. */
function expectRefused(r: Awaited<ReturnType<typeof check>>, ...messages: RegExp[]): void {
  expect(r.timedOut, 'timed out').toBe(false);
  expect(r.code, r.stdout + r.stderr).toBe(2);
  for (const m of messages) expect(r.stderr).toMatch(m);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

const herbivoreKind = (kind: string) => (s: Record<string, unknown>) => void ((s.herbivoreCounts as { kind: string }[])[0].kind = kind);

describe('reforest survey check refuses, naming file, line and field', () => {
  it.each<[string, () => string, RegExp]>([
    ['a plot off the site', () => edited(lines(2, 5, { x: '2500' })), /^reforest: plots\.csv line 2, field x, y: plot "Z1-P01" lies off the site: \(2500, 790\.6\) is outside 0–2000 E, 0–1500 N in LOCAL$/m],
    ['a species the plan does not plant', () => edited({ 4: { species: 'beech' } }), /^reforest: plots\.csv line 4, field species: "beech" is not a species the plan plants or regenerates \(scots_pine, /m],
    ['a date before planting', () => edited(lines(2, 5, { date: '2021-03-01' })), /^reforest: plots\.csv line 2, field date: 2021-03-01 is before planting \(2021-04-15\)$/m],
    ['dates of two years since planting', () => edited(lines(6, 10, { date: '2027-07-10' })), /^reforest: plots\.csv line 6, field date: is of year 6 since planting, while plots\.csv line \d+ is of year 5: a survey is one season's visit/m],
    ['a survey in year 0', () => edited(lines(2, 117, { date: '2021-06-01' })), /^reforest: plots\.csv line \d+, field date: is in the planting season \(year 0 since planting 2021-04-15\)/m],
    ["a survey after the plan's last year", () => edited(lines(2, 117, { date: '2072-07-10' })), /^reforest: plots\.csv line \d+, field date: is of year 51 since planting, after the plan's last year \(50\)$/m],
    ['a negative count', () => edited({ 2: { live: '-5' } }), /^reforest: plots\.csv line 2, field live: -5 is negative$/m],
    ['a count that is not a whole number', () => edited({ 3: { dead: '1.5' } }), /^reforest: plots\.csv line 3, field dead: "1\.5" is not a whole number$/m],
    ['more browsed than live', () => edited({ 2: { browsed: '6' } }), /^reforest: plots\.csv line 2, field browsed: 6 browsed leaders of 5 live stems/m],
    ['a missing column', () => edited({}, undefined, (t) => t.replace(/^((?:[^,\n]*,){7})[^,\n]*,/gm, '$1')), /^reforest: plots\.csv line 1, field dead: is not a column of the header \(the columns are plot, date, x, y, radius_m, species, live, dead, browsed, mean_height_m, heights_m\)$/m],
    ['a date that is not in the calendar', () => edited({ 2: { date: '2026-13-40' } }), /^reforest: plots\.csv line 2, field date: "2026-13-40" is not a calendar date written YYYY-MM-DD$/m],
    ['30 February', () => edited(lines(2, 5, { date: '2026-02-30' })), /^ {2}plots\.csv line 5, field date: "2026-02-30" is not a calendar date written YYYY-MM-DD$/m],
    ['a radius of 0', () => edited(lines(2, 5, { radius_m: '0' })), /^ {2}plots\.csv line 2, field radius_m: "0" is not a radius in metres \(above 0, at most 100\)$/m],
    ['a missing radius', () => edited({ 6: { radius_m: '' } }), /^reforest: plots\.csv line 6, field radius_m: is empty; a plot given as a point needs its radius in metres/m],
    ['a plot given again elsewhere', () => edited({ 3: { x: '795.8' } }), /^reforest: plots\.csv line 3, field x, y: plot "Z1-P01" is given again at \(795\.8, 790\.6\), not \(790\.8, 790\.6\) as at plots\.csv line 2; a plot has one place, date and radius$/m],
    ['a species given twice for a plot', () => edited({ 3: { species: 'common_alder' } }), /^reforest: plots\.csv line 3, field species: "common_alder" is given twice for plot "Z1-P01"$/m],
    ['no species on a row counting stems', () => edited({ 2: { species: '' } }), /^reforest: plots\.csv line 2, field species: is empty on a row that counts stems/m],
    ['a herbivore the plan lacks', () => edited({}, herbivoreKind('sheep')), /^reforest: survey\.json, herbivoreCounts\[0\], field kind: "sheep" is not a herbivore of the plan \(red_deer\)$/m],
    ['an unknown field', () => edited({}, (s) => void (s.colour = 'red')), /^reforest: survey\.json, field colour: is not a field of a survey file/m],
    ['no plantedOn', () => edited({}, (s) => void delete s.plantedOn), /^reforest: survey\.json, field plantedOn: is required/m],
    ['a plots file that is not there', () => edited({}, (s) => void (s.plots = 'gone.csv')), /^reforest: survey\.json, field plots: cannot read gone\.csv \(ENOENT\)$/m],
    ['a crs on a site with none', () => edited({}, (s) => void (s.crs = 'EPSG:27700')), /^reforest: survey\.json, field crs: plots\.csv is in EPSG:27700, but this site has no real-world CRS \(its terrain is procedural\)/m],
  ])('%s', async (_name, make, message) => {
    expectRefused(await check(make()), message);
  });

  it('a survey file that is not JSON', async () => {
    const survey = edited();
    writeFileSync(survey, '{ "name": "glen",\n  "plantedOn": }\n');
    expectRefused(await check(survey), /^reforest: survey\.json: line 2, column 16: not valid JSON/m);
  });

  it('a plot that is a line, in a vector file', async () => {
    const survey = edited({}, (s) => void (s.plots = 'plots.geojson'));
    const tally = { date: '2026-07-10', radius_m: 5.64, species: 'rowan', live: 3, dead: 0, browsed: 0 };
    const features = [
      { type: 'Feature', properties: { plot: 'A', ...tally }, geometry: { type: 'Point', coordinates: [700, 700] } },
      { type: 'Feature', properties: { plot: 'B', ...tally }, geometry: { type: 'LineString', coordinates: [[700, 800], [720, 800]] } },
    ];
    writeFileSync(join(survey, '..', 'plots.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
    expectRefused(await check(survey), /^reforest: plots\.geojson feature 2, field geometry: is a LineString; a plot is a point \(with radius_m\) or a polygon$/m);
  });

  it('lists every problem at once, in the rows and against the plan', async () => {
    const survey = edited({ 2: { live: '-5' }, 4: { species: 'beech' }, ...lines(11, 15, { y: '-20' }), 7: { browsed: 'x' } }, herbivoreKind('roe_deer'));
    const r = await check(survey);
    expectRefused(
      r,
      /^reforest: the survey cannot be used \(5 problems\):$/m,
      /^ {2}plots\.csv line 2, field live: -5 is negative$/m,
      /^ {2}plots\.csv line 7, field browsed: "x" is not a whole number$/m,
      /^ {2}plots\.csv line 11, field x, y: plot "Z1-P03" lies off the site/m,
      /^ {2}plots\.csv line 4, field species: "beech" is not a species the plan plants/m,
      /^ {2}survey\.json, herbivoreCounts\[0\], field kind: "roe_deer" is not a herbivore of the plan/m,
    );
  });
});
