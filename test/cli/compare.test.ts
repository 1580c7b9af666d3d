import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { STRATEGY_COLUMNS } from '../../sim/output/comparison.js';
import { projectRoot, reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// Commands run in this process (`main`, the built core in dist/, as bin/reforest.js runs it).

/** The command, with variables added to the environment. */
function reforest(args: string[], env?: NodeJS.ProcessEnv) {
  return reforestInProcess(args, { env, compiled: true });
}

beforeAll(() => {
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
});

function fencedPlan(dir: string): string {
  const file = join(dir, 'plan.json');
  const json = smallScenario({
    years: 5,
    replicates: 3,
    fences: [{ name: 'fence', type: 'deer_fence', path: [[90, 90], [310, 90], [310, 310], [90, 310]], closed: true }],
    herbivores: [{ kind: 'red_deer', densityPerKm2: 20 }],
  });
  writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('reforest compare', () => {
  it('writes the strategy table and the pairwise shares, with the currency on every row, and prints the table', async () => {
    const dir = tempDir();
    const plan = fencedPlan(dir);
    const out = join(dir, 'strategies.csv');
    const pairs = join(dir, 'pairs.csv');
    const r = await reforest(['compare', plan, '--strategies', 'none,fence,shelters:1.8', '--out', out, '--pairs', pairs, '--progress', 'none']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe(STRATEGY_COLUMNS.join(','));
    const rows = csvParse(text);
    expect(rows.length).toBe(3 * 2);
    expect(new Set(rows.map((x) => x.currency))).toEqual(new Set(['GBP']));
    const fence = rows.find((x) => x.strategy === 'fence' && x.zone === 'zone')!;
    const none = rows.find((x) => x.strategy === 'none' && x.zone === 'zone')!;
    expect(none.cheapest).toBe('none');
    expect(Number(fence.cost_mean)).toBeGreaterThan(Number(none.cost_mean));
    // The table on the terminal carries the same figures as the CSV, with their currency.
    expect(r.stdout).toContain('cost (GBP, p5–p95)');
    expect(r.stdout).toContain(Number(fence.cost_mean).toLocaleString('en-GB', { minimumFractionDigits: 2 }));
    const pairRows = csvParse(readFileSync(pairs, 'utf8'));
    expect(pairRows.length).toBe(2 * 3 * 2);
  });

  it('without --out, gives a terminal the table to read and a file or pipe the CSV', async () => {
    const dir = tempDir();
    const plan = fencedPlan(dir);
    const args = ['compare', plan, '--strategies', 'none,fence', '--progress', 'none'];
    const terminal = await reforestInProcess(args, { compiled: true, stdoutIsTty: true });
    expect(terminal.code, terminal.stderr).toBe(0);
    expect(terminal.stdout).toContain('cost (GBP, p5–p95)');
    expect(terminal.stdout).not.toContain(STRATEGY_COLUMNS.join(','));
    expect(terminal.stderr).toMatch(/The CSV goes to --out FILE, or to standard output when it is redirected/);
    const piped = await reforestInProcess(args, { compiled: true });
    expect(piped.stdout.split('\n')[0]).toBe(STRATEGY_COLUMNS.join(','));
    expect(csvParse(piped.stdout).length).toBe(2 * 2);
    expect(piped.stderr).toContain('cost (GBP, p5–p95)');
  });

  it('refuses a strategy it cannot read with exit 2, naming it, before running anything', async () => {
    const dir = tempDir();
    const plan = fencedPlan(dir);
    const r = await reforest(['compare', plan, '--strategies', 'none,fense', '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--strategies: strategy "fense": unknown part "fense"/);
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });
});

describe('reforest run --units', () => {
  it('writes the carbon unit schedule with units issued only in verification years', async () => {
    const dir = tempDir();
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(smallScenario({ years: 16, replicates: 2 })));
    const units = join(dir, 'units.csv');
    const r = await reforest(['run', file, '--units', units, '--out', join(dir, 'out.csv'), '--progress', 'none']);
    expect(r.code, r.stderr).toBe(0);
    const rows = csvParse(readFileSync(units, 'utf8'));
    expect(rows.length).toBe(2 * 17);
    const zone = rows.filter((x) => x.zone === 'zone');
    expect(zone.filter((x) => x.verification === '1').map((x) => Number(x.year))).toEqual([5, 15]);
    for (const x of zone) if (x.verification === '0') expect(Number(x.issued_p50)).toBe(0);
    const at15 = zone.find((x) => x.year === '15')!;
    expect(Number(at15.issued_to_date_p50)).toBeGreaterThan(0);
    // 20% buffer by default: claimable is four fifths of a positive net sequestration.
    expect(Number(at15.claimable_p50)).toBeCloseTo(Number(at15.net_p50) * 0.8, 2);
  });
});
