import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import { HostSession } from '../../main/session/hostSession.js';
import type { ForecastResults, HostRunEvent, SurveyCheck, SurveyUpload } from '../../sim/hostApi/api.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { loadSurvey } from '../../sim/survey/check.js';
import { observedFigures } from '../../sim/survey/statistics.js';
import { recommendationSentence } from '../../sim/shared/surveyForecast.js';
import { decodeMessage, encodeMessage } from '../../sim/shared/wire.js';
import type { ServerMessage } from '../../sim/hostApi/webProtocol.js';
import { projectRoot, reforestInProcess, smallScenario, tempDir } from '../helpers.js';
import { writeSyntheticSurvey } from '../support/syntheticSurvey.js';

// The monitoring loop on the host, as the page drives it: a survey the page picked is checked against
// the plan being edited (its plots and figures, or every problem named by file, line and field), and a
// forecast study conditioned on it, with the actions weighed after it, ends with the very files
// `reforest forecast` writes for the same plan, survey, particles, seed and actions.

const service = new HostService({ threads: 2 });
afterAll(() => service.dispose());

/** A page's session with the host over the wire, each call answered when its reply comes. */
function session() {
  const waiting = new Map<number, (m: ServerMessage) => void>();
  const host = new HostSession({
    service,
    kind: 'web',
    version: 'test',
    hostRuns: new Set(),
    send: (frame) => {
      const message = decodeMessage(frame) as ServerMessage;
      if (message.kind === 'reply') waiting.get(message.id)?.(message);
    },
  });
  let nextId = 1;
  return <T>(method: string, ...args: unknown[]): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, (m) => (m.kind === 'reply' && m.ok ? resolve(m.value as T) : reject(new Error(m.kind === 'reply' && !m.ok ? m.error : 'no reply'))));
      host.receive(encodeMessage({ kind: 'call', id, method, args }));
    });
  };
}

const bytes = (file: string) => new Uint8Array(readFileSync(file));
const upload = (dir: string, survey = 'survey.json', plots = 'plots.csv'): SurveyUpload => ({
  name: survey,
  text: readFileSync(join(dir, survey), 'utf8'),
  files: [{ path: plots, data: bytes(join(dir, plots)) }],
});

describe('a survey checked through the host API', () => {
  const call = session();
  const glen = readFileSync(join(projectRoot, 'assets/scenarios/default.json'), 'utf8');
  const example = join(projectRoot, 'assets/surveys/glen-year5');
  let siteId = '';

  beforeAll(async () => {
    const site = await service.openSite({ kind: 'example', id: 'default' }, glen);
    if (!site.ok) throw new Error(JSON.stringify(site.problems));
    siteId = site.siteId;
  });

  it('reads the worked example against the default plan: its year, plots by zone and figures as reforest survey check finds them', async () => {
    const checked = await call<SurveyCheck>('checkSurvey', siteId, glen, upload(example));
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const { survey } = checked;
    expect(survey.name).toBe('Glen year-5 stocking survey');
    expect(survey.year).toBe(5);
    expect(survey.plots).toHaveLength(24);
    expect(survey.plots.filter((p) => p.zone === 'fenced')).toHaveLength(12);
    expect(survey.plots.filter((p) => p.zone === 'unfenced')).toHaveLength(12);
    const first = survey.plots[0];
    expect(first).toMatchObject({ id: 'Z1-P01', date: '2026-07-10', x: 790.8, y: 790.6, radius: 5.64, ring: null });
    expect(first.tallies.find((t) => t.species === 'downy_birch')).toEqual({ species: 'downy_birch', live: 5, dead: 2, browsed: 0, meanHeight: 1.83 });

    // The same figures the CLI's check prints, from the same files read from disk.
    const plan = await loadScenario(JSON.parse(glen), { baseDir: join(projectRoot, 'assets/scenarios') });
    const fromDisk = observedFigures(await loadSurvey(join(example, 'survey.json'), plan), plan.resolved.scenario);
    expect(survey.zones).toEqual(fromDisk.zones);
    expect(survey.herbivoresPerKm2).toBe(22.4);
    // What a forecast from it weighs by default: every action, as the glen has deer and an open zone.
    expect(survey.defaultActions).toBe('none,beatup,beatup+shelters:1.8,beatup+cull:5,beatup+enclose');
    const cli = await reforestInProcess(['survey', 'check', join(projectRoot, 'assets/scenarios/default.json'), join(example, 'survey.json')], { compiled: true });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/24 plots in year 5 since planting/);
  });

  it('names every problem of a bad survey by file, line and field', async () => {
    const dir = tempDir('reforest-bad-survey-');
    const rows = readFileSync(join(example, 'plots.csv'), 'utf8').split('\n');
    rows[2] = rows[2].replace(',downy_birch,5,', ',oak_tree,5,');
    rows[4] = rows[4].replace(/,7,1,0,/, ',-3,1,0,');
    writeFileSync(join(dir, 'plots.csv'), rows.join('\n'));
    writeFileSync(join(dir, 'survey.json'), readFileSync(join(example, 'survey.json'), 'utf8').replace('"red_deer"', '"wild_boar"'));
    // What the rows hold wrong and what does not fit the plan, all at once.
    const bad = await call<SurveyCheck>('checkSurvey', siteId, glen, upload(dir));
    if (bad.ok) throw new Error('a bad survey was taken');
    expect(bad.problems).toContainEqual({ file: 'plots.csv', line: 5, path: 'live', message: '-3 is negative' });
    expect(bad.problems).toContainEqual(expect.objectContaining({ file: 'plots.csv', line: 3, path: 'species', message: expect.stringMatching(/^"oak_tree" is not a species the plan plants/) }));
    expect(bad.problems).toContainEqual(expect.objectContaining({ file: 'survey.json', path: 'herbivoreCounts[0].kind', message: expect.stringMatching(/^"wild_boar" is not a herbivore of the plan/) }));

    // A survey file without its plots, and one missing a field.
    const alone = await call<SurveyCheck>('checkSurvey', siteId, glen, { ...upload(example), files: [] });
    expect(alone).toEqual({ ok: false, problems: [{ file: 'survey.json', path: 'plots', message: expect.stringMatching(/^cannot read plots\.csv \(it is not among the files picked/) }] });
    const noDate = await call<SurveyCheck>('checkSurvey', siteId, glen, { ...upload(example), text: '{ "name": "x", "plots": "plots.csv" }' });
    expect(noDate).toMatchObject({ ok: false, problems: [{ file: 'survey.json', path: 'plantedOn' }] });
  });
});

describe('a forecast study of the plan being edited', () => {
  // The page's small example (test/e2e/pageHost.ts), surveyed in year 4 on a site where transplants
  // fail at 2.5 times the library's rate and trees grow a fifth slower.
  const plan = smallScenario({ name: 'small example', years: 10, replicates: 2 });
  const text = JSON.stringify(plan, null, 2);
  const dir = tempDir('reforest-page-forecast-');
  const planFile = join(dir, 'small.json');
  writeFileSync(planFile, text);
  let survey: SurveyUpload;
  let siteId = '';

  beforeAll(async () => {
    await writeSyntheticSurvey({ plan, dir, year: 4, perZone: 8, draw: { plantingFailure: 2.5, growth: 0.8 } });
    survey = upload(dir);
    const site = await service.openSite({ kind: 'file', path: planFile }, text);
    if (!site.ok) throw new Error(JSON.stringify(site.problems));
    siteId = site.siteId;
  });

  it('streams its progress and ends with the very files reforest forecast writes for the same plan, survey, particles, seed and actions', async () => {
    // The plan has no deer, so no cull: doing nothing, restocking to the target, and restocking to 2,000/ha.
    const actions = 'none,beatup,beatup:2000';
    const events: HostRunEvent[] = [];
    const run = service.run({ siteId, text, study: { kind: 'forecast', forecast: { survey, particles: 60, actions } } }, (e) => events.push(e));
    expect(await run.done).toEqual({ status: 'completed', runId: run.runId });
    const results = events.find((e): e is ForecastResults => e.type === 'forecast');
    if (!results) throw new Error('no forecast results');

    const out = join(dir, 'out');
    const cli = await reforestInProcess(['forecast', planFile, '--survey', join(dir, 'survey.json'), '--out-dir', out, '--particles', '60', '--actions', actions, '--threads', '2', '--quiet'], { compiled: true });
    expect(cli.code, cli.stderr).toBe(0);
    for (const name of ['posterior', 'forecast', 'figures', 'particles', 'decisions'] as const) expect(results.csv[name], `${name}.csv`).toBe(readFileSync(join(out, `${name}.csv`), 'utf8'));

    // The decisions the page shows are decisions.csv's rows, unrounded, and the recommendation is the CLI's sentence.
    const { decisions } = results;
    expect(decisions).toMatchObject({ checkYear: 5, targetPerHa: 1100, currency: 'GBP' });
    expect(decisions.outcomes.map((o) => o.action)).toEqual(['none', 'beatup', 'beatup:2000']);
    const csvRows = csvParse(readFileSync(join(out, 'decisions.csv'), 'utf8'));
    decisions.outcomes.forEach((o, i) => {
      const row = csvRows[i];
      expect(row.action).toBe(o.action);
      expect(row.recommended).toBe(o.action === decisions.recommended ? 'yes' : 'no');
      expect(o.costMean).toBeCloseTo(Number(row.cost_mean), 2);
      expect(o.cost[2]).toBeCloseTo(Number(row.cost_p90), 2);
      expect(o.stocking).toEqual([{ zone: 'zone', chance: expect.closeTo(Number(row.p_stocking_y5_zone), 4) }]);
      expect(o.carbonEnd[1]).toBeCloseTo(Number(row.carbon_tco2e_end_p50), 2);
      // A vintage at each verification year after the survey.
      expect(o.units.map((u) => `units_issued_y${u.year}_p50`)).toEqual(csvRows.columns.filter((c) => /^units_issued_y\d+_p50$/.test(c)));
      expect(o.units.every((u) => u.year > 4)).toBe(true);
      for (const u of o.units) expect(u.issued[1]).toBeCloseTo(Number(row[`units_issued_y${u.year}_p50`]), 2);
    });
    // The zone holds the target at the next check without restocking (the plan's own beating up saw to
    // it), so restocking to the target costs nothing more and doing nothing is recommended; restocking
    // to 2,000/ha costs more.
    const cost = (a: string) => decisions.outcomes.find((o) => o.action === a)!.costMean;
    expect(cost('beatup')).toBe(cost('none'));
    expect(cost('beatup:2000')).toBeGreaterThan(cost('beatup'));
    expect(decisions.recommended).toBe('none');
    const sentence = recommendationSentence(decisions, decisions.currency, results.years);
    expect(sentence).toBe(`Recommended: none — GBP ${Math.round(cost('none')).toLocaleString('en')} from the survey to year 10; ${decisions.reason}.`);
    expect(cli.stdout).toContain(`${sentence}\n`);

    expect(results).toMatchObject({ survey: { year: 4, plots: 8 }, seed: 42, particles: 60, accepted: 30, years: 10, baseName: 'small' });
    expect(results.quantities.map((q) => q.key)).toEqual(['herbivores', 'plantingFailure', 'growth', 'fenceBreaches']);
    for (const q of results.quantities) expect(q.toldApart).toBe(q.widthRatio < 0.7);
    // Without deer on the plan, the survey cannot tell their numbers apart.
    expect(results.quantities.find((q) => q.key === 'herbivores')!.toldApart).toBe(false);
    expect(results.figures.map((f) => f.name)).toEqual(['zone: stems/ha', 'zone: dead share', 'zone: browsed share', 'zone: mean height, m']);

    // The bands are forecast.csv's rows, unrounded: every zone and metric, years 0–10.
    expect(results.bands.map((b) => `${b.zone}/${b.metric}`)).toContain('zone/stems_per_ha');
    const stems = results.bands.find((b) => b.zone === 'zone' && b.metric === 'stems_per_ha')!;
    expect(stems.prior[0]).toHaveLength(11);
    const row = readFileSync(join(out, 'forecast.csv'), 'utf8').split('\n').find((l) => l.startsWith('10,zone,stems_per_ha,'))!;
    const cells = row.split(',').slice(3).map(Number);
    const at10 = [...stems.prior, ...stems.posterior].map((series) => series[10]);
    at10.forEach((v, i) => expect(v).toBeCloseTo(cells[i], 3));

    // The share done grows to the whole, in words of particles and runs.
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    expect(progress.length).toBeGreaterThan(2);
    for (let i = 1; i < progress.length; i++) expect(progress[i].share).toBeGreaterThanOrEqual(progress[i - 1].share);
    expect(progress[0].detail).toMatch(/^particles run to the survey year \(4\): \d+ of 60$/);
    expect(progress.map((p) => p.detail)).toContain('forecast runs to year 10: 60 of 60');
    // Then each action on the 30 particles kept.
    expect(progress.at(-1)!.detail).toBe('actions on the posterior: 90 of 90 runs');
    expect(progress.at(-1)!.share).toBeCloseTo(1, 9);
  }, 120_000);

  it('refuses a bad list of actions before anything runs, with the reason reforest forecast gives', async () => {
    const events: HostRunEvent[] = [];
    const bad = 'none,beatup:lots';
    const refused = await service.run({ siteId, text, study: { kind: 'forecast', forecast: { survey, particles: 60, actions: bad } } }, (e) => events.push(e)).done;
    expect(refused.status).toBe('failed');
    if (refused.status !== 'failed') return;
    expect(refused.message).toBe('actions: "beatup:lots": lots is not a figure above 0 and at most 40000');
    expect(refused.problems).toEqual([{ message: refused.message }]);
    expect(events).toEqual([]);
    const cli = await reforestInProcess(['forecast', planFile, '--survey', join(dir, 'survey.json'), '--out-dir', join(dir, 'bad'), '--particles', '60', '--actions', bad, '--quiet'], { compiled: true });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`--${refused.message}`);
  });

  it('is refused with the survey problems named, and stops when cancelled', async () => {
    const wrong = { ...survey, files: [{ path: 'plots.csv', data: new TextEncoder().encode('plot,date,x,y\n') }] };
    const refused = await service.run({ siteId, text, study: { kind: 'forecast', forecast: { survey: wrong } } }, () => {}).done;
    expect(refused.status).toBe('failed');
    if (refused.status !== 'failed') return;
    expect(refused.problems).toContainEqual(expect.objectContaining({ file: 'plots.csv', line: 1, path: 'radius_m', message: expect.stringMatching(/^is not a column of the header/) }));

    let cancel = () => {};
    const run = service.run({ siteId, text, study: { kind: 'forecast', forecast: { survey, particles: 5000 } } }, (e) => {
      if (e.type === 'progress') cancel();
    });
    cancel = () => run.cancel();
    expect(await run.done).toEqual({ status: 'cancelled', runId: run.runId });
  }, 120_000);
});
