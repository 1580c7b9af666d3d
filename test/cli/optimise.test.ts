import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import type { OptimiseSpecInput } from '../../sim/optimise/spec.js';
import { projectRoot, reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// `reforest optimise` on a site whose best plans are known by construction: three zones, and deer
// that roam only around the middle one. Fencing the middle zone buys trees; fencing either other zone
// only costs money. Fences here are never breached, so a fence far from the deer changes nothing.
//
// Commands run in this process (`main`, the built core in dist/, as bin/reforest.js runs it). One
// search starts the real program, to be killed outright (SIGKILL) and resumed.

/** The command in this process: exit code, standard output and error. */
const reforest = (args: string[]) => reforestInProcess(args, { compiled: true });

const mix = [
  { species: 'downy_birch', fraction: 0.5 },
  { species: 'rowan', fraction: 0.5 },
];
const square = (x0: number, y0 = 100): [number, number][] => [[x0, y0], [x0 + 100, y0], [x0 + 100, y0 + 100], [x0, y0 + 100]];

function knownSite(): OptimiseSpecInput {
  return {
    name: 'known answer',
    plan: smallScenario({
      name: 'three zones',
      years: 6,
      terrain: { type: 'procedural', width: 700, height: 300, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
      plantings: [
        { name: 'west', polygon: square(50), species: mix, density: 2000 },
        { name: 'middle', polygon: square(300, 185), species: mix, density: 2000 },
        { name: 'east', polygon: square(550), species: mix, density: 2000 },
      ],
      // The herd's area holds the middle zone but its centre lies outside any fence drawn round it, so
      // such a fence is an exclosure, not the herd's paddock.
      herbivores: [{ kind: 'red_deer', count: 8, area: [[220, 10], [480, 10], [480, 295], [220, 295]] }],
      fenceTypes: { deer_fence: { breachRatePerKmPerYear: 0 } },
    }) as unknown as Record<string, unknown>,
    replicates: 2,
    decisions: { fence: { zones: ['west', 'middle', 'east'] } },
    objective: { metric: 'alive', zone: 'all', quantile: 0.5 },
    search: { population: 6, generations: 3, seed: 7 },
  };
}

function writeSpec(dir: string, spec: OptimiseSpecInput): string {
  const file = join(dir, 'optimise.json');
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

type Row = Record<string, string>;
const front = (dir: string): Row[] => csvParse(readFileSync(join(dir, 'front.csv'), 'utf8')) as unknown as Row[];

describe('reforest optimise', () => {
  it('finds the known best plans, a front no plan of it dominates, each a plan reforest run runs', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, knownSite());
    const out = join(dir, 'out');
    const r = await reforest(['optimise', spec, '--out-dir', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/generation 3\/3: \d+ plans judged, front of \d+/);
    const rows = front(out);
    const fencing = rows.map((row) => ['west', 'middle', 'east'].filter((z) => row[`fence:${z}`] === 'fenced').join('+') || 'none');
    // The cheapest plan fences nothing; the one that buys trees fences the middle zone alone.
    expect(fencing).toEqual(['none', 'middle']);
    const [open, fenced] = rows.map((row) => ({ cost: Number(row.cost), alive: Number(row.alive_y6_all_p50) }));
    expect(fenced.cost).toBeGreaterThan(open.cost);
    expect(fenced.alive).toBeGreaterThan(open.alive);
    // Every plan judged that fences the west or east zone costs more than a front plan for no more trees.
    const all = csvParse(readFileSync(join(out, 'evaluations.csv'), 'utf8')) as unknown as Row[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const e of all) {
      const dominated = rows.some((f) => Number(f.cost) <= Number(e.cost) && Number(f.alive_y6_all_p50) >= Number(e.alive_y6_all_p50));
      expect(dominated, JSON.stringify(e)).toBe(true);
    }
    // No front plan dominates another.
    for (const a of rows) {
      for (const b of rows) {
        if (a === b) continue;
        expect(Number(a.cost) <= Number(b.cost) && Number(a.alive_y6_all_p50) >= Number(b.alive_y6_all_p50)).toBe(false);
      }
    }
    // A front plan is a scenario file: run alone, it gives the figure the front reports.
    const planFile = join(out, rows[1].plan);
    const run = await reforest(['run', planFile, '--out', join(dir, 'plan.csv'), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const yearly = csvParse(readFileSync(join(dir, 'plan.csv'), 'utf8')).filter((row) => row.year === '6' && row.zone === 'all');
    const alive = yearly.map((row) => Number(row.alive)).sort((a, b) => a - b);
    expect((alive[0] + alive[1]) / 2).toBeCloseTo(Number(rows[1].alive_y6_all_p50), 4);
  });

  it('prints the objective in words and each front plan with its decisions named, as front.csv holds them', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, {
      ...knownSite(),
      decisions: {
        fence: { zones: ['west', 'middle', 'east'] },
        shelters: { zones: ['east'], heights: [1.2] },
        density: { zones: ['middle'], min: 1200, max: 2400, step: 400 },
        cull: { targets: [3] },
      },
      search: { population: 6, generations: 1, seed: 3 },
    });
    const out = join(dir, 'out');
    const r = await reforest(['optimise', spec, '--out-dir', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('maximising Trees alive, count at year 6, whole site, median (p50) across replicates (alive_y6_all_p50 in front.csv)');
    const rows = front(out);
    expect(rows.length).toBeGreaterThan(0);
    const printed = r.stderr.split('\n').filter((line) => /^ {2}\d+\. plans\//.test(line));
    expect(printed).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const decisions = [
        `fence west: ${row['fence:west']}`,
        `fence middle: ${row['fence:middle']}`,
        `fence east: ${row['fence:east']}`,
        `shelters east: ${row['shelters:east'] === 'none' ? 'none' : `${row['shelters:east']} m`}`,
        `density middle: ${Number(row['density:middle']).toLocaleString('en-GB')}/ha`,
        `cull: ${row.cull === 'none' ? 'none' : `${row.cull}/km2`}`,
      ];
      const twoPlaces = (v: string) => Number(v).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      expect(printed[i]).toBe(`  ${i + 1}. ${row.plan}: ${twoPlaces(row.cost)} GBP, objective ${twoPlaces(row.alive_y6_all_p50)}; ${decisions.join('; ')}`);
    });
    // A density of thousands is grouped as people write it.
    expect(printed.join('\n')).toMatch(/density middle: \d,\d{3}\/ha/);
  });

  it('gives the same front for the same seed, and resumes a killed search to the same front', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, { ...knownSite(), decisions: { fence: { zones: ['west', 'middle', 'east'] }, density: { zones: ['middle'], min: 1200, max: 2400, step: 400 } }, search: { population: 6, generations: 4, seed: 11 } });
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    expect((await reforest(['optimise', spec, '--out-dir', a, '--quiet'])).code).toBe(0);
    expect((await reforest(['optimise', spec, '--out-dir', b, '--quiet', '--threads', '1'])).code).toBe(0);
    expect(readFileSync(join(b, 'front.csv'), 'utf8')).toBe(readFileSync(join(a, 'front.csv'), 'utf8'));
    // The same file in another folder (so the plan's paths resolve elsewhere) searches the same way.
    const elsewhere = tempDir();
    const moved = writeSpec(elsewhere, JSON.parse(readFileSync(spec, 'utf8')) as OptimiseSpecInput);
    expect((await reforest(['optimise', moved, '--out-dir', join(elsewhere, 'out'), '--quiet'])).code).toBe(0);
    expect(readFileSync(join(elsewhere, 'out', 'evaluations.csv'), 'utf8')).toBe(readFileSync(join(a, 'evaluations.csv'), 'utf8'));

    // Killed after its second generation was saved, then run again: it resumes there and ends where
    // an uninterrupted search ends.
    const killed = join(dir, 'killed');
    const child = spawn(process.execPath, [join(projectRoot, 'bin/reforest.js'), 'optimise', spec, '--out-dir', killed], { cwd: projectRoot });
    await new Promise<void>((resolve) => {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/generation 2\/4/.test(stderr)) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    const saved = JSON.parse(readFileSync(join(killed, 'search.json'), 'utf8')) as { generation: number };
    expect(saved.generation).toBeGreaterThanOrEqual(2);
    expect(saved.generation).toBeLessThan(4);
    expect(existsSync(join(killed, 'front.csv'))).toBe(false);
    const resumed = await reforest(['optimise', spec, '--out-dir', killed]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming after generation ${saved.generation}`));
    expect(readFileSync(join(killed, 'front.csv'), 'utf8')).toBe(readFileSync(join(a, 'front.csv'), 'utf8'));
    expect(readFileSync(join(killed, 'evaluations.csv'), 'utf8')).toBe(readFileSync(join(a, 'evaluations.csv'), 'utf8'));
  });

  it('spreads a search over a cluster: each generation a sweep run as shards, the same front as on one machine', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, { ...knownSite(), decisions: { fence: { zones: ['west', 'middle', 'east'] }, cull: { targets: [3] } }, search: { population: 6, generations: 2, seed: 5 } });
    const local = join(dir, 'local');
    expect((await reforest(['optimise', spec, '--out-dir', local, '--quiet'])).code).toBe(0);

    const out = join(dir, 'cluster');
    const waited: number[] = [];
    for (let round = 0; round < 6; round++) {
      const r = await reforest(['optimise', spec, '--out-dir', out, '--cluster']);
      if (r.code === 0) break;
      expect(r.code, r.stderr).toBe(3);
      const m = /Generation (\d+) waits for (\d+) runs, written as the sweep (\S+)\./.exec(r.stderr);
      expect(m, r.stderr).not.toBeNull();
      waited.push(Number(m![1]));
      const sweep = m![3];
      const runs = join(dirname(sweep), 'runs');
      // Two array tasks into one folder, as SLURM would run them: the last to finish writes results.csv.
      for (const shard of ['1/2', '2/2']) {
        const s = await reforest(['sweep', sweep, '--out-dir', runs, '--shard', shard, '--quiet']);
        expect(s.code, s.stderr).toBe(0);
      }
      expect(existsSync(join(runs, 'results.csv'))).toBe(true);
    }
    // Generation 0 and each later one with new plans went to the cluster, in order.
    expect(waited[0]).toBe(0);
    expect(waited).toEqual([...waited].sort((a, b) => a - b));
    expect(readFileSync(join(out, 'front.csv'), 'utf8')).toBe(readFileSync(join(local, 'front.csv'), 'utf8'));
    expect(readFileSync(join(out, 'evaluations.csv'), 'utf8')).toBe(readFileSync(join(local, 'evaluations.csv'), 'utf8'));
  });

  it('keeps plans within the budget, and refuses a bad file with the field named and exit 2', async () => {
    const dir = tempDir();
    // A budget below any fence: only the plan without one is within it.
    const open = await reforest(['optimise', writeSpec(dir, knownSite()), '--out-dir', join(dir, 'probe'), '--quiet']);
    expect(open.code).toBe(0);
    const cheapest = Number(front(join(dir, 'probe'))[0].cost);
    const capped = writeSpec(dir, { ...knownSite(), budget: cheapest + 1 });
    const r = await reforest(['optimise', capped, '--out-dir', join(dir, 'capped'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const rows = front(join(dir, 'capped'));
    expect(rows).toHaveLength(1);
    expect(rows[0]['fence:middle']).toBe('open');

    const bad = writeSpec(dir, { ...knownSite(), decisions: { fence: { zones: ['north'] } } });
    const refused = await reforest(['optimise', bad, '--out-dir', join(dir, 'bad')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/decisions\.fence\.zones\[0\]: no zone is named "north"/);
    const badYear = writeSpec(dir, { ...knownSite(), objective: { metric: 'alive', year: 60 } });
    const refusedYear = await reforest(['optimise', badYear, '--out-dir', join(dir, 'bad2')]);
    expect(refusedYear.code).toBe(2);
    expect(refusedYear.stderr).toMatch(/objective\.year: the plan runs 6 years/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
