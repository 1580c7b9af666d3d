import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { HostService } from '../../main/session/hostService.js';
import type { HostRunEvent, RunOutcome, SweepRequest, SweepResults } from '../../sim/hostApi/api.js';
import { reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// A sweep defined in the page runs on the host as a study of the plan being edited: every variant ×
// replicate of a factorial, the rows `reforest sweep` writes for the same sweep file (the plan inline
// as its base), the share done in words as it goes, and bad variables refused with the CLI's messages.

const plan = smallScenario({ name: 'small plan', years: 4, replicates: 3, herbivores: [{ kind: 'red_deer', densityPerKm2: 10 }] });
const text = JSON.stringify(plan, null, 2);

const sweep: SweepRequest = {
  name: 'deer x density',
  replicates: 2,
  design: 'factorial',
  variables: [
    { name: 'deer', path: 'herbivores[0].densityPerKm2', values: [0, 30] },
    { name: 'density', path: 'plantings[0].density', values: [1100, 2500] },
  ],
};

async function sweepOn(service: HostService, request: SweepRequest, onEvent: (e: HostRunEvent) => void = () => {}) {
  const site = await service.openSite({ kind: 'text', fileName: 'plan.json' }, text);
  if (!site.ok) throw new Error(JSON.stringify(site.problems));
  const events: HostRunEvent[] = [];
  const run = service.run({ siteId: site.siteId, text, study: { kind: 'sweep', sweep: request } }, (e) => {
    events.push(e);
    onEvent(e);
  });
  return { run, events };
}

const resultsOf = (events: HostRunEvent[]): SweepResults => {
  const found = events.find((e): e is SweepResults => e.type === 'sweep');
  if (!found) throw new Error('no sweep results');
  return found;
};

/** The same sweep as a sweep file, run by `reforest sweep`, with the problems it prints when refused. */
async function cliSweep(request: SweepRequest) {
  const dir = tempDir('reforest-page-sweep-');
  const file = join(dir, 'sweep.json');
  writeFileSync(file, JSON.stringify({ ...request, base: plan }));
  const out = join(dir, 'out');
  const cli = await reforestInProcess(['sweep', file, '--out-dir', out, '--threads', '2', '--quiet'], { compiled: true });
  return { ...cli, results: () => readFileSync(join(out, 'results.csv'), 'utf8') };
}

describe('a sweep defined in the page', () => {
  it('runs every variant × replicate, to the rows reforest sweep writes for the same sweep file', async () => {
    const { run, events } = await sweepOn(new HostService({ threads: 2 }), sweep);
    const outcome = await run.done;
    expect(outcome).toEqual({ status: 'completed', runId: run.runId });
    const results = resultsOf(events);

    // 2 × 2 variants × 2 replicates × years 0–4 × (whole site + one zone).
    const rows = csvParse(results.csv);
    expect(rows.length).toBe(4 * 2 * 5 * 2);
    const keys = new Set(rows.map((r) => [r.variant, r.deer, r.density, r.replicate, r.year, r.zone].join('|')));
    for (const [v, deer, density] of [[0, 0, 1100], [1, 0, 2500], [2, 30, 1100], [3, 30, 2500]]) {
      for (const replicate of [0, 1]) {
        for (let year = 0; year <= 4; year++) for (const zone of ['all', 'zone']) expect(keys.has([v, deer, density, replicate, year, zone].join('|'))).toBe(true);
      }
    }
    expect(results.manifest.variables).toEqual(['deer', 'density']);
    expect(results.manifest.variants.map((v) => v.labels)).toEqual([['0', '1100'], ['0', '2500'], ['30', '1100'], ['30', '2500']]);
    expect(results.manifest.runs).toBe(8);
    expect(results.baseName).toBe('plan');
    // Each variant's text is the plan with the variant's values, to open as the plan.
    const third = JSON.parse(results.variantTexts[3]) as typeof plan;
    expect(third.herbivores![0].densityPerKm2).toBe(30);
    expect(third.plantings[0].density).toBe(2500);
    expect(third.replicates).toBe(2);

    // The share done grows to the whole, in words of variants and replicates.
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    expect(progress.at(-1)!.share).toBe(1);
    expect(progress.map((p) => p.share)).toEqual([...progress.map((p) => p.share)].sort((a, b) => a - b));
    expect(progress.some((p) => /^variant [1-4] of 4, replicate [12] of 2 done · \d of 8 runs$/.test(p.detail))).toBe(true);
    expect(progress.at(-1)!.detail).toMatch(/· 8 of 8 runs$/);

    // The CLI, given the sweep as a file with the plan inline, writes the same results byte for byte.
    const cli = await cliSweep(sweep);
    expect(cli.code, cli.stderr).toBe(0);
    expect(results.csv).toBe(cli.results());
  }, 120_000);

  it('refuses a bad value or path naming the variable, with the messages reforest sweep gives', async () => {
    const service = new HostService({ threads: 2 });
    const bad: SweepRequest = { ...sweep, variables: [sweep.variables[0], { name: 'density', path: 'plantings[0].density', values: [-5, 2500] }] };
    const { run } = await sweepOn(service, bad);
    const outcome = (await run.done) as Extract<RunOutcome, { status: 'failed' }>;
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^variant 0 \(deer=0, density=-5\) plantings\[0\]\.density: /);
    const cli = await cliSweep(bad);
    expect(cli.code).toBe(2);
    for (const p of outcome.problems) expect(cli.stderr).toContain(`${p.path}: ${p.message}`);

    const nowhere: SweepRequest = { ...sweep, variables: [{ name: 'deer', path: 'herbivores[3].densityPerKm2', values: [0, 30] }] };
    const refused = (await (await sweepOn(service, nowhere)).run.done) as Extract<RunOutcome, { status: 'failed' }>;
    expect(refused.message).toBe('variables[0].path: "herbivores[3].densityPerKm2": the base scenario has no item [3] there');
    expect((await cliSweep(nowhere)).stderr).toContain(refused.message);

    const unnamed = (await (await sweepOn(service, { ...sweep, variables: [{ name: 'deer density', path: 'seed', values: [1] }] })).run.done) as Extract<RunOutcome, { status: 'failed' }>;
    expect(unnamed.message).toMatch(/^variables\[0\]\.name: must be a plain column name/);
  }, 60_000);

  it('stops when cancelled', async () => {
    let cancel = () => {};
    const { run, events } = await sweepOn(new HostService({ threads: 2 }), { ...sweep, replicates: 6 }, (e) => {
      if (e.type === 'progress' && e.share > 0) cancel();
    });
    cancel = () => run.cancel();
    expect((await run.done).status).toBe('cancelled');
    expect(events.some((e) => e.type === 'sweep')).toBe(false);
  }, 60_000);
});
