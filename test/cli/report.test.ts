import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../sim/report/pdf.js';
import { projectRoot, reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// Commands run in this process (`main`, the built core in dist/, as bin/reforest.js runs it).

/** The command, with variables added to the environment. */
function reforest(args: string[], env?: NodeJS.ProcessEnv) {
  return reforestInProcess(args, { env, compiled: true });
}

beforeAll(() => {
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
});

/** Cells of the report's tables that carry a value: [table class, data-zone/strategy or zone/year, field] → value. */
function reportValues(html: string, table: string): Map<string, number> {
  const out = new Map<string, number>();
  const tables = html.split(`<table class="${table}"`).slice(1);
  expect(tables.length, `tables of class ${table}`).toBeGreaterThan(0);
  for (const t of tables) {
    const section = t.slice(0, t.indexOf('</table>'));
    for (const row of section.split('<tr').slice(1)) {
      const key = [...row.matchAll(/data-(?:strategy|zone|year)="([^"]*)"/g)].map((m) => m[1]).join('|');
      for (const m of row.matchAll(/data-field="([^"]+)" data-value="([^"]+)"/g)) out.set(`${key}|${m[1]}`, Number(m[2]));
    }
  }
  return out;
}

describe('reforest report', () => {
  it('writes one self-contained HTML (and a PDF) whose numbers are those of reforest compare and run --units', async () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.json');
    writeFileSync(
      plan,
      JSON.stringify(
        smallScenario({
          name: 'report test',
          years: 16,
          replicates: 3,
          fences: [{ name: 'fence', type: 'deer_fence', path: [[90, 90], [310, 90], [310, 310], [90, 310]], closed: true }],
          herbivores: [{ kind: 'red_deer', densityPerKm2: 20 }],
        }),
      ),
    );
    const strategies = 'none,fence,shelters:1.8';
    const html = join(dir, 'report.html');
    const r = await reforest(['report', plan, '--strategies', strategies, '--out', html, '--progress', 'none']);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');

    // Self-contained: nothing is fetched from anywhere (the only URLs are SVG's namespace and data URLs).
    expect(page).not.toMatch(/<script|<link|src="http|href="http/);
    expect(page).toContain('<image href="data:image/png;base64,');
    expect(page).toContain('data-zone="zone"');
    expect(page).toContain('data-fence="fence"');
    expect(page).toContain('class="scale-bar"');
    expect(page).toMatch(/Reforest \d+\.\d+\.\d+ · seed 42 · 3 replicates · 16 years · costs in GBP/);
    // Every parameter comes with its source, the cost library's included.
    expect(page).toContain('plantsAndPlantingPerTree');
    expect(page).toMatch(/Supply and plant tree/);

    const cmp = join(dir, 'cmp.csv');
    expect((await reforest(['compare', plan, '--strategies', strategies, '--out', cmp, '--progress', 'none'])).code).toBe(0);
    const values = reportValues(page, 'strategies');
    const rows = csvParse(readFileSync(cmp, 'utf8'));
    expect(rows.length).toBe(6);
    for (const row of rows) {
      const at = (field: string) => values.get(`${row.strategy}|${row.zone}|${field}`);
      expect(at('cost_mean')).toBeCloseTo(Number(row.cost_mean), 2);
      expect(at('survival')).toBeCloseTo(Number(row.survival), 4);
      expect(at('stocking_per_ha_mean')).toBeCloseTo(Number(row.stocking_per_ha_mean), 1);
      expect(at('p_stocking_target')).toBeCloseTo(Number(row.p_stocking_target), 4);
      expect(at('beaten_up_mean')).toBeCloseTo(Number(row.beaten_up_mean), 1);
      expect(at('cost_per_tco2e')).toBeCloseTo(Number(row.cost_per_tco2e), 3);
      if (row.marginal_cost_per_tco2e === '') expect(at('marginal_cost_per_tco2e')).toBeUndefined();
      else expect(at('marginal_cost_per_tco2e')).toBeCloseTo(Number(row.marginal_cost_per_tco2e), 3);
    }

    const units = join(dir, 'units.csv');
    expect((await reforest(['run', plan, '--units', units, '--out', join(dir, 'run.csv'), '--progress', 'none'])).code).toBe(0);
    const unitValues = reportValues(page, 'units');
    const verified = csvParse(readFileSync(units, 'utf8')).filter((u) => u.verification === '1');
    expect(verified.length).toBe(2 * 2);
    for (const u of verified) {
      expect(unitValues.get(`${u.zone}|${u.year}|issued_p50`)).toBeCloseTo(Number(u.issued_p50), 3);
      expect(unitValues.get(`${u.zone}|${u.year}|issued_to_date_p50`)).toBeCloseTo(Number(u.issued_to_date_p50), 3);
    }

    const pdf = join(dir, 'report.pdf');
    if (findChromium()) expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    else console.warn('No Chromium here: the report PDF is not checked.');
  });

  it('still writes the HTML, and says why, when Chromium cannot print the PDF', async () => {
    const dir = tempDir();
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, JSON.stringify(smallScenario({ years: 3, replicates: 1 })));
    const html = join(dir, 'r.html');
    const out = await reforest(['report', plan, '--strategies', 'none', '--out', html, '--progress', 'none'], { REFOREST_CHROMIUM: '/bin/false' });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/could not print the PDF .*print .*r\.html from a browser instead/);
    expect(readFileSync(html, 'utf8')).toContain('<h1>small</h1>');
    expect(existsSync(join(dir, 'r.pdf'))).toBe(false);
  });

  it('needs --out, and says so with exit 2', async () => {
    const r = await reforest(['report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out REPORT.html is required/);
  });
});
