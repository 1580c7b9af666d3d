import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { particleDraw, planTo } from '../../sim/forecast/bank.js';
import { Stream, replicateStream } from '../../sim/random/rng.js';
import { findChromium } from '../../sim/report/pdf.js';
import type { FinalTrees } from '../../sim/results/trees.js';
import { runJobs } from '../../sim/run/pool.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { placePlots, plotsCsv, tallyPlots } from '../../sim/survey/synthetic.js';
import { projectRoot, reforestInProcess, tempDir, twoZoneScenario } from '../helpers.js';

// `reforest report --survey` on a small plan (two 4 ha zones, one fenced, 6 years, a stocking target of
// 1,400/ha) with a survey made as a surveyor would make one: a site with four times the deer the plan
// assumes run to year 3, six circular plots a zone tallied on its stand, and a dung count. Its "Monitoring" section must carry the numbers `reforest forecast` writes for
// the same plan, survey, particles, actions and seed, and print with every column on the page.

const SURVEY_YEAR = 3;
const ACTIONS = 'none,enclose,cull:2';
const chromium = findChromium();
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

beforeAll(() => {
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
});

/** The plan and its survey in a fresh folder: plan.json, survey.json, plots.csv. */
async function planAndSurvey(): Promise<{ dir: string; plan: string; survey: string }> {
  const dir = tempDir();
  const input = twoZoneScenario({ years: 6, appraisal: { stockingTargetPerHa: 1400, stockingYear: 5 } });
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(input));
  const plan = await loadScenario(input, { baseDir: dir });
  const resolved = planTo(plan.resolved, SURVEY_YEAR, 11);
  let trees: FinalTrees | null = null;
  await runJobs([{ id: 0, resolved, terrain: plan.terrain, replicate: 0, frames: false, keepTrees: true, draw: { ...particleDraw(11, 0), herbivores: 4 } }], {
    onDone: (_job, _values, t) => void (trees = t!),
  });
  const places = placePlots(resolved.scenario, 6, 5.64, replicateStream(11, 1, Stream.Survey));
  const plots = tallyPlots(places, trees!, { year: SURVEY_YEAR, date: '2023-07-10', radius: 5.64, heightError: 0.05, rng: replicateStream(11, 2, Stream.Survey) });
  writeFileSync(join(dir, 'plots.csv'), plotsCsv(plots));
  const survey = { name: 'year-3 survey', plantedOn: '2020-04-15', plots: 'plots.csv', herbivoreCounts: [{ date: '2023-02-01', kind: 'red_deer', densityPerKm2: 90, standardError: 15, method: 'dung count' }] };
  writeFileSync(join(dir, 'survey.json'), JSON.stringify(survey));
  return { dir, plan: join(dir, 'plan.json'), survey: join(dir, 'survey.json') };
}

const reforest = (args: string[]) => reforestInProcess([...args, '--progress', 'none'], { compiled: true, timeLimitMs: 240_000 });

/** The cells of the rows whose `tr` carries `data-KEY` (rows of one key in several tables merged): row key → field → its value, band and text. */
function rows(html: string, key: string): Map<string, Map<string, { value?: string; p10?: string; p50?: string; p90?: string; text: string }>> {
  const out = new Map<string, Map<string, { value?: string; p10?: string; p50?: string; p90?: string; text: string }>>();
  for (const row of html.matchAll(new RegExp(`<tr data-${key}="([^"]*)"[^>]*>([\\s\\S]*?)</tr>`, 'g'))) {
    const cells = out.get(row[1]) ?? new Map<string, { value?: string; p10?: string; p50?: string; p90?: string; text: string }>();
    for (const c of row[2].matchAll(/<td([^>]*)data-field="([^"]+)"([^>]*)>([\s\S]*?)<\/td>/g)) {
      const attrs = c[1] + c[3];
      const attr = (name: string) => new RegExp(` data-${name}="([^"]*)"`).exec(attrs)?.[1];
      cells.set(c[2], { value: attr('value'), p10: attr('p10'), p50: attr('p50'), p90: attr('p90'), text: c[4] });
    }
    out.set(row[1], cells);
  }
  return out;
}

/** Text of the HTML between tags, with the entities the report writes decoded. */
const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();

describe('reforest report --survey', () => {
  it("adds a Monitoring section with reforest forecast's numbers, the plots on the map, and every column on the printed page", async () => {
    const { dir, plan, survey } = await planAndSurvey();
    const html = join(dir, 'r.html');
    const pdf = join(dir, 'r.pdf');
    const r = await reforest(['report', plan, '--survey', survey, '--particles', '120', '--actions', ACTIONS, '--out', html, '--pdf', pdf]);
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    const out = join(dir, 'forecast');
    const f = await reforest(['forecast', plan, '--survey', survey, '--particles', '120', '--actions', ACTIONS, '--out-dir', out]);
    expect(f.code, f.stderr).toBe(0);
    const csv = (file: string) => csvParse(readFileSync(join(out, file), 'utf8'));
    const page = readFileSync(html, 'utf8');

    // After the strategies, before the plan's own charts.
    const at = (s: string) => page.indexOf(s);
    expect(at('<h2>Monitoring</h2>')).toBeGreaterThan(at('<h2>Protection strategies</h2>'));
    expect(at('<h2>Monitoring</h2>')).toBeLessThan(at('<h2>The plan as drawn</h2>'));
    expect(page).toContain('"year-3 survey": 12 plots in year 3 since planting (planted 2020-04-15, visited on 2023-07-10).');
    expect(page).toContain('Plots per zone: inside 6, open 6.');
    expect(page).toContain('Herbivores counted: red_deer at 90.0 per km² (standard error 15.0; dung count; 2023-02-01).');

    // The posterior: each quantity as posterior.csv has it, and what the survey could not tell apart said so.
    const quantities = rows(page, 'quantity');
    const posterior = csv('posterior.csv');
    expect([...quantities.keys()]).toEqual(posterior.map((q) => q.quantity));
    for (const q of posterior) {
      const row = quantities.get(q.quantity)!;
      for (const side of ['prior', 'posterior'] as const) {
        expect(Number(row.get(side)!.p10)).toBeCloseTo(Number(q[`${side}_p10`]), 3);
        expect(Number(row.get(side)!.value)).toBeCloseTo(Number(q[`${side}_p50`]), 3);
        expect(Number(row.get(side)!.p90)).toBeCloseTo(Number(q[`${side}_p90`]), 3);
      }
      expect(Number(row.get('width_ratio')!.value)).toBeCloseTo(Number(q.width_ratio), 2);
      expect(row.get('told_apart')!.value).toBe(q.told_apart);
      expect(row.get('told_apart')!.text).toBe(q.told_apart === 'yes' ? 'told apart' : 'the survey could not tell it apart');
    }

    // Observed against predicted: each figure as figures.csv has it.
    const figures = rows(page, 'figure');
    const figureRows = csv('figures.csv');
    expect([...figures.keys()]).toEqual(figureRows.map((c) => c.figure));
    for (const c of figureRows) {
      const row = figures.get(c.figure)!;
      expect(Number(row.get('observed')!.value)).toBeCloseTo(Number(c.observed), 3);
      for (const side of ['prior', 'posterior'] as const) {
        expect(Number(row.get(side)!.p10)).toBeCloseTo(Number(c[`${side}_p10`]), 3);
        expect(Number(row.get(side)!.value)).toBeCloseTo(Number(c[`${side}_p50`]), 3);
        expect(Number(row.get(side)!.p90)).toBeCloseTo(Number(c[`${side}_p90`]), 3);
      }
    }

    // The decisions: every column of decisions.csv, and the recommendation with what it costs over doing nothing.
    const actions = rows(page, 'action');
    const decisions = csv('decisions.csv');
    expect(decisions.map((d) => d.action)).toEqual(ACTIONS.split(','));
    expect([...actions.keys()]).toEqual(decisions.map((d) => d.action));
    for (const d of decisions) {
      const row = actions.get(d.action)!;
      const cost = row.get('cost_mean')!;
      expect(Number(cost.value)).toBeCloseTo(Number(d.cost_mean), 1);
      expect(Number(cost.p10)).toBeCloseTo(Number(d.cost_p10), 1);
      expect(Number(cost.p50)).toBeCloseTo(Number(d.cost_p50), 1);
      expect(Number(cost.p90)).toBeCloseTo(Number(d.cost_p90), 1);
      for (const column of decisions.columns.filter((c) => c.startsWith('p_stocking_'))) expect(Number(row.get(column)!.value), column).toBeCloseTo(Number(d[column]), 3);
      for (const stem of ['carbon_tco2e_end', ...decisions.columns.filter((c) => /^units_issued_y\d+_p50$/.test(c)).map((c) => c.replace(/_p50$/, ''))]) {
        const cell = row.get(stem)!;
        expect(Number(cell.p10), stem).toBeCloseTo(Number(d[`${stem}_p10`]), 1);
        expect(Number(cell.value), stem).toBeCloseTo(Number(d[`${stem}_p50`]), 1);
        expect(Number(cell.p90), stem).toBeCloseTo(Number(d[`${stem}_p90`]), 1);
      }
    }
    expect(decisions.columns).toContain('p_stocking_y5_open');
    expect(decisions.columns).toContain('units_issued_y5_p50');
    const recommended = decisions.find((d) => d.recommended === 'yes')!;
    const none = decisions.find((d) => d.action === 'none')!;
    const sentence = /<p class="recommendation" data-action="([^"]*)" data-extra-cost="([^"]*)">([\s\S]*?)<\/p>/.exec(page)!;
    expect(sentence[1]).toBe(recommended.action);
    expect(Number(sentence[2])).toBeCloseTo(Number(recommended.cost_mean) - Number(none.cost_mean), 1);
    const extra = recommended.action === 'none' ? '' : `, GBP [\\d,]+ ${Number(recommended.cost_mean) >= Number(none.cost_mean) ? 'more' : 'less'} than doing nothing`;
    expect(plain(sentence[3].replace(/<\/?strong>/g, ''))).toMatch(new RegExp(`^Recommended: ${recommended.action.replace(/[+:]/g, '\\$&')} — GBP [\\d,]+ from the survey to year 6${extra}; .*1,400 stems/ha at year 5.*\\.$`));
    expect(page).toContain(`<tr data-action="${recommended.action}" class="best">`);

    // The forecast before and after the survey, the survey year marked.
    for (const title of ['Live stems per hectare, whole site', 'Carbon in live trees, whole site']) {
      const chart = new RegExp(`<svg [^>]*aria-label="${title}"[\\s\\S]*?</svg>`).exec(page)?.[0];
      expect(chart, title).toBeDefined();
      expect(chart).toContain('<g class="mark" data-year="3">');
      expect(chart).toContain('before the survey (prior)');
      expect(chart).toContain('after the survey (posterior)');
    }

    // The map: one mark per plot, coloured by its stems/ha against its zone's prior p10–p90 in the survey year (forecast.csv).
    const map = /<svg [^>]*class="site-map"[\s\S]*?<\/svg>/.exec(page)![0];
    const marks = [...map.matchAll(/<circle data-plot="([^"]+)" data-standing="(\w+)"/g)];
    const plotRows = csvParse(readFileSync(join(dir, 'plots.csv'), 'utf8'));
    const ids = [...new Set(plotRows.map((p) => p.plot))];
    expect(marks.map((m) => m[1])).toEqual(ids);
    const band = csv('forecast.csv').filter((b) => b.year === String(SURVEY_YEAR) && b.metric === 'stems_per_ha');
    for (const [, id, standing] of marks) {
      const live = plotRows.filter((p) => p.plot === id).reduce((n, p) => n + Number(p.live), 0);
      const stems = (live * 10_000) / (Math.PI * 5.64 ** 2);
      const zone = band.find((b) => b.zone === (id.startsWith('Z1-') ? 'inside' : 'open'))!;
      expect(standing, id).toBe(stems < Number(zone.prior_p10) ? 'below' : stems > Number(zone.prior_p90) ? 'above' : 'within');
    }
    for (const s of ['below', 'within', 'above']) expect(map).toMatch(new RegExp(`<g data-legend="plots-${s}">.*\\(${marks.filter((m) => m[2] === s).length}\\)</text></g>`));

    // Reproduced with the survey and its options.
    expect(plain(page)).toContain(`--survey ${survey} --particles 120 --accept 0.05 --actions ${ACTIONS} --out ${html}`);

    if (!chromium || !hasPdftotext) {
      console.log(`Skipping the monitoring section's PDF check: ${!chromium ? 'no Chromium found (REFOREST_CHROMIUM or /usr/bin/chromium)' : 'pdftotext (poppler-utils) is not installed'}.`);
      return;
    }
    // Every word of the PDF inside the page's printable area (A4 less the report's 14 mm margins) …
    const boxes = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(boxes)![1]);
    const margin = (14 / 25.4) * 72;
    const words = [...boxes.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)];
    expect(words.length).toBeGreaterThan(500);
    expect(words.filter((w) => Number(w[1]) < margin - 1 || Number(w[2]) > pageWidth - margin + 1).map((w) => w[3])).toEqual([]);
    // … and every header and cell of the monitoring tables in its text.
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const tables = [...page.matchAll(/<table class="monitoring"[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(tables.map((t) => /data-part="(\w+)"/.exec(t)![1])).toEqual(['figures', 'posterior', 'actions', 'units']);
    for (const table of tables) {
      for (const head of table.matchAll(/<th>([\s\S]*?)<\/th>/g)) expect(text).toContain(plain(head[1]));
      for (const cell of table.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)) {
        for (const part of cell[1].split(/<span class="band">/)) expect(text).toContain(plain(part));
      }
    }
  }, 600_000);

  it('refuses --particles without --survey, with exit 2', async () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify(twoZoneScenario()));
    const r = await reforest(['report', plan, '--particles', '100', '--out', join(dir, 'r.html')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--particles: only with --survey FILE/);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });
});
