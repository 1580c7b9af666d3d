import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { csvParse } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { hasRealDem, projectRoot, realDem, reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// Commands run in this process (`main`, the built core in dist/, as bin/reforest.js runs it). Three
// tests start the real program, for what only a process has: a sweep killed outright (SIGKILL) and
// resumed, Ctrl-C (SIGINT) ending it with exit code 130, and `| head -n 1` closing its standard output.

const bin = join(projectRoot, 'bin/reforest.js');

/** The command, with what is piped to standard input and variables added to the environment. */
function reforest(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  return reforestInProcess(args, { stdin: opts.input, env: opts.env, compiled: true });
}

/** Python's csv and json modules as independent readers of what we write. */
function python(script: string, file: string): string {
  const out = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.stdout.trim();
}

function writeSweep(dir: string, years = 5): string {
  const base = smallScenario({ years, replicates: 3, herbivores: [{ kind: 'red_deer', count: 4 }] });
  const file = join(dir, 'sweep.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'test sweep',
      base,
      variables: [
        { name: 'deer', path: 'herbivores[0].count', values: [0, 6] },
        { name: 'density', path: 'plantings[*].density', range: { from: 900, to: 1600, step: 700 } },
      ],
    }),
  );
  return file;
}

describe('reforest run, batch use', () => {
  it('reads the scenario from standard input and writes CSV to standard output', async () => {
    const sc = JSON.stringify(smallScenario({ replicates: 2, years: 3 }));
    const { code, stdout, stderr } = await reforest(['run', '-', '--progress', 'none'], { input: sc });
    expect(code, stderr).toBe(0);
    expect(csvParse(stdout).length).toBe(2 * 4 * 2);
    const bad = await reforest(['run', '-'], { input: '{"schemaVersion": 1' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/standard input: line 1, column \d+: not valid JSON/);
  });

  it('reports progress as JSON lines', async () => {
    const { code, stderr } = await reforest(['run', '-', '--progress', 'json'], { input: JSON.stringify(smallScenario({ replicates: 2, years: 4 })) });
    expect(code).toBe(0);
    const lines = stderr.split('\n').filter((l) => l.startsWith('{'));
    const events = lines.map((l) => JSON.parse(l) as { type: string; done: number; total: number; fraction: number });
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e) => e.type === 'progress' && e.total === 8)).toBe(true);
    expect(events.at(-1)!.done).toBe(8);
    expect(events.at(-1)!.fraction).toBe(1);
  });

  it('writes every export, each readable by an independent reader and consistent with the others', async () => {
    const dir = tempDir();
    const sc = smallScenario({ replicates: 4, years: 6, herbivores: [{ kind: 'red_deer', count: 4 }] });
    writeFileSync(join(dir, 's.json'), JSON.stringify(sc));
    const files = { out: 'yearly.csv', summary: 'summary.csv', trees: 'trees.csv', geojson: 'plan.geojson' };
    const args = ['run', join(dir, 's.json'), '--trees-replicate', '2', '--quiet'];
    for (const [flag, name] of Object.entries(files)) args.push(`--${flag}`, join(dir, name));
    const { code, stderr } = await reforest(args);
    expect(code, stderr).toBe(0);

    // Python's csv module reads the yearly file: 4 replicates × 7 years × 2 zone columns, 22 columns each.
    expect(python('import csv,sys; r=list(csv.reader(open(sys.argv[1]))); print(len(r)-1, len(set(map(len,r))), len(r[0]))', join(dir, files.out))).toBe('56 1 22');

    // The summary's median equals the median of the replicates' rows, computed here from the yearly file.
    const yearly = csvParse(readFileSync(join(dir, files.out), 'utf8'));
    const summary = csvParse(readFileSync(join(dir, files.summary), 'utf8'));
    const cell = summary.find((r) => r.year === '6' && r.zone === 'zone')!;
    const alive = yearly.filter((r) => r.year === '6' && r.zone === 'zone').map((r) => Number(r.alive)).sort((a, b) => a - b);
    expect(Number(cell.alive_p50)).toBeCloseTo((alive[1] + alive[2]) / 2, 6);
    expect(Number(cell.alive_mean)).toBeCloseTo(alive.reduce((a, b) => a + b, 0) / 4, 6);
    expect(Number(cell.alive_p5)).toBeLessThanOrEqual(Number(cell.alive_p50));

    // The trees file of replicate 2 agrees with that replicate's counts.
    const trees = csvParse(readFileSync(join(dir, files.trees), 'utf8'));
    const rep2 = yearly.find((r) => r.replicate === '2' && r.year === '6' && r.zone === 'zone')!;
    expect(trees.length).toBe(Number(rep2.planted));
    expect(trees.filter((t) => t.status === 'alive').length).toBe(Number(rep2.alive));
    expect(trees.filter((t) => t.status === 'dead').every((t) => t.cause_of_death !== '' && t.death_year !== '')).toBe(true);

    // Python's json module reads the GeoJSON: one zone polygon (closed ring) and a point per tree.
    const geo = python(
      [
        'import json,sys',
        'd=json.load(open(sys.argv[1]))',
        'f=d["features"]',
        'z=[x for x in f if x["properties"]["layer"]=="zone"]',
        't=[x for x in f if x["properties"]["layer"]=="tree"]',
        'ring=z[0]["geometry"]["coordinates"][0]',
        'print(d["type"], len(z), z[0]["geometry"]["type"], ring[0]==ring[-1], len(t), all(x["geometry"]["type"]=="Point" for x in t))',
      ].join('\n'),
      join(dir, files.geojson),
    );
    expect(geo).toBe(`FeatureCollection 1 Polygon True ${trees.length} True`);
  });

  it.skipIf(!hasRealDem)('names the EPSG CRS of real terrain in the GeoJSON', async () => {
    const dir = tempDir();
    const x0 = 376313.655 + 30 * 400;
    const y0 = 3807917.828 - 30 * 400;
    const sc = smallScenario({
      replicates: 1,
      years: 2,
      terrain: { type: 'geotiff', path: realDem, extent: { minX: x0, minY: y0, maxX: x0 + 1200, maxY: y0 + 1200 } },
    });
    sc.plantings[0].polygon = [[x0 + 400, y0 + 400], [x0 + 700, y0 + 400], [x0 + 700, y0 + 700], [x0 + 400, y0 + 700]];
    writeFileSync(join(dir, 's.json'), JSON.stringify(sc));
    expect((await reforest(['run', join(dir, 's.json'), '--geojson', join(dir, 'g.json'), '--quiet', '--out', join(dir, 'y.csv')])).code).toBe(0);
    const geo = JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8')) as { crs: { properties: { name: string } } };
    expect(geo.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::32611');
  });
});

/**
 * Calls `then` once the sweep's progress (JSON lines on standard error) reports `runs` runs complete:
 * each run's file is in place before its completion is reported.
 */
function whenRunsDone(child: ChildProcessWithoutNullStreams, runs: number, then: () => void): void {
  let text = '';
  let fired = false;
  child.stderr.on('data', (d: Buffer) => {
    text += d.toString();
    if (fired) return;
    for (const line of text.split('\n')) {
      const done = /"detail":"(\d+)\/\d+ runs"/.exec(line);
      if (done && Number(done[1]) >= runs) {
        fired = true;
        then();
        return;
      }
    }
  });
}

describe('reforest sweep and merge', () => {
  it("keeps each variant's scenario beside the results, and reforest run of it gives that variant's rows", async () => {
    const dir = tempDir();
    const sweep = writeSweep(dir);
    expect((await reforest(['sweep', sweep, '--out-dir', join(dir, 'out'), '--quiet'])).code).toBe(0);
    expect(readdirSync(join(dir, 'out', 'variants')).sort()).toEqual([0, 1, 2, 3].map((v) => `variant-00000${v}.json`));
    const results = csvParse(readFileSync(join(dir, 'out', 'results.csv'), 'utf8'));
    const variant = 3;
    const run = await reforest(['run', join(dir, 'out', 'variants', 'variant-000003.json'), '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
    const own = csvParse(run.stdout);
    const swept = results.filter((r) => r.variant === String(variant));
    expect(own.length).toBe(swept.length);
    own.forEach((r, i) => {
      for (const c of own.columns) expect(r[c], c).toBe(swept[i][c]);
    });
  });

  it('gives identical bytes run whole, on 1 thread, and as 3 shards merged', async () => {
    const dir = tempDir();
    const sweep = writeSweep(dir);
    const whole = await reforest(['sweep', sweep, '--out-dir', join(dir, 'whole'), '--quiet']);
    expect(whole.code, whole.stderr).toBe(0);
    const results = readFileSync(join(dir, 'whole', 'results.csv'), 'utf8');
    const rows = csvParse(results);
    expect(rows.columns.slice(0, 5)).toEqual(['sweep', 'variant', 'deer', 'density', 'scenario']);
    expect(rows.length).toBe(4 * 3 * 6 * 2);
    expect(new Set(rows.map((r) => `${r.deer}/${r.density}`))).toEqual(new Set(['0/900', '0/1600', '6/900', '6/1600']));
    // Deer browse only where there are deer.
    expect(rows.filter((r) => r.deer === '0').every((r) => r.browsed === '0')).toBe(true);
    expect(rows.some((r) => r.deer === '6' && Number(r.browsed) > 0)).toBe(true);

    expect((await reforest(['sweep', sweep, '--out-dir', join(dir, 'one'), '--threads', '1', '--quiet'])).code).toBe(0);
    expect(readFileSync(join(dir, 'one', 'results.csv'), 'utf8')).toBe(results);

    for (const i of [1, 2, 3]) {
      const shard = await reforest(['sweep', sweep, '--out-dir', join(dir, `shard${i}`), '--shard', `${i}/3`, '--quiet']);
      expect(shard.code, shard.stderr).toBe(0);
      expect(existsSync(join(dir, `shard${i}`, 'results.csv'))).toBe(false);
    }
    const partial = await reforest(['merge', join(dir, 'shard1'), join(dir, 'shard2'), '--out', join(dir, 'merged.csv')]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/4 of 12 runs are missing/);
    expect(existsSync(join(dir, 'merged.csv'))).toBe(false);
    const merged = await reforest(['merge', join(dir, 'shard1'), join(dir, 'shard2'), join(dir, 'shard3'), '--out', join(dir, 'merged.csv')]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(readFileSync(join(dir, 'merged.csv'), 'utf8')).toBe(results);
  });

  it('takes its shard from SLURM, Kubernetes and AWS Batch array indexes', async () => {
    const dir = tempDir();
    const sweep = writeSweep(dir, 2);
    const envs: NodeJS.ProcessEnv[] = [
      { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '2' },
      { JOB_COMPLETION_INDEX: '1', REFOREST_SHARD_COUNT: '2' },
    ];
    for (const [i, env] of envs.entries()) {
      const r = await reforest(['sweep', sweep, '--out-dir', join(dir, `s${i}`)], { env });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(readdirSync(join(dir, 's0', 'runs')).sort()).toEqual(['run-000000.csv', 'run-000002.csv', 'run-000004.csv', 'run-000006.csv', 'run-000008.csv', 'run-000010.csv']);
    expect(readdirSync(join(dir, 's1', 'runs')).length).toBe(6);
    const merged = await reforest(['merge', join(dir, 's0'), join(dir, 's1')]);
    expect(merged.code).toBe(0);
    expect((await reforest(['sweep', sweep, '--out-dir', join(dir, 'w'), '--quiet'])).code).toBe(0);
    expect(merged.stdout).toBe(readFileSync(join(dir, 'w', 'results.csv'), 'utf8'));
    const noCount = await reforest(['sweep', sweep, '--out-dir', join(dir, 'aws')], { env: { AWS_BATCH_JOB_ARRAY_INDEX: '0' } });
    expect(noCount.code).toBe(2);
    expect(noCount.stderr).toMatch(/AWS_BATCH_JOB_ARRAY_INDEX is set but the number of shards is not/);
    expect((await reforest(['sweep', sweep, '--out-dir', join(dir, 'aws')], { env: { AWS_BATCH_JOB_ARRAY_INDEX: '0' } })).code).toBe(2);
    expect((await reforest(['sweep', sweep, '--out-dir', join(dir, 'aws'), '--shard-count', '3'], { env: { AWS_BATCH_JOB_ARRAY_INDEX: '0' } })).code).toBe(0);
    expect(readdirSync(join(dir, 'aws', 'runs')).length).toBe(4);
  });

  it('resumes a killed sweep and completes with identical results', async () => {
    const dir = tempDir();
    const sweep = writeSweep(dir, 30);
    expect((await reforest(['sweep', sweep, '--out-dir', join(dir, 'clean'), '--quiet'])).code).toBe(0);
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [bin, 'sweep', sweep, '--out-dir', out, '--threads', '1', '--progress', 'json'], { cwd: projectRoot });
    await new Promise<void>((resolve) => {
      whenRunsDone(child, 3, () => child.kill('SIGKILL'));
      child.on('exit', () => resolve());
    });
    const finished = readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.csv')).length;
    expect(finished).toBeGreaterThanOrEqual(3);
    expect(finished).toBeLessThan(12);
    expect(existsSync(join(out, 'results.csv'))).toBe(false);
    const resumed = await reforest(['sweep', sweep, '--out-dir', out]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`${12 - finished} runs, ${finished} already complete`));
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(readFileSync(join(dir, 'clean', 'results.csv'), 'utf8'));
    // Nothing half-written passes for a run: every file is a finished run's CSV, or the temporary file
    // of the run the kill cut short (kept for an hour, as another shard may still be writing one).
    const leftover = new RegExp(`\\.${child.pid}\\.[0-9a-f]+\\.tmp$`);
    expect(readdirSync(join(out, 'runs')).filter((f) => !f.endsWith('.csv') && !leftover.test(f))).toEqual([]);
  });

  it('stops a sweep on Ctrl-C with exit 130, keeping the finished runs and no results file', async () => {
    const dir = tempDir();
    const sweep = writeSweep(dir, 30);
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [bin, 'sweep', sweep, '--out-dir', out, '--threads', '1', '--progress', 'json'], { cwd: projectRoot });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      whenRunsDone(child, 2, () => child.kill('SIGINT'));
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    const files = readdirSync(join(out, 'runs'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.every((f) => /^run-\d{6}\.csv$/.test(f))).toBe(true);
    expect(existsSync(join(out, 'results.csv'))).toBe(false);
  });

  it('refuses bad sweeps before any work, with exit code 2', async () => {
    const dir = tempDir();
    const base = smallScenario();
    const cases: [object, RegExp][] = [
      [{ name: 's', base, variables: [{ name: 'x', path: 'herbivores[3].count', values: [1] }] }, /variables\[0\]\.path: "herbivores\[3\]\.count": /],
      [{ name: 's', base, variables: [{ name: 'd', path: 'plantings[0].density', values: [1000, -5] }] }, /variant 1 \(d=-5\) plantings\[0\]\.density: must be > 0/],
      [{ name: 's', base, variables: [{ name: 'year', path: 'seed', values: [1] }] }, /"year" is already a column/],
      [{ name: 's', base: 'missing.json', variables: [{ name: 'a', path: 'seed', values: [1] }] }, /missing\.json: cannot read scenario: file not found/],
      [{ name: 's', base, variables: [{ name: 'a', path: 'seed' }] }, /give exactly one of values or range/],
      [{ name: 's', base, variables: [{ name: 'a', path: 'fences', values: {} }] }, /needs at least one labelled value/],
      [{ name: 's', base, variables: [{ name: 'a', path: 'seed', range: { from: 1e300, to: 1e300, step: 1 } }] }, /step is too small/],
      [{ name: 's', base, variables: [{ name: 'a', path: '__proto__.x', values: [1] }] }, /is not a path like/],
    ];
    for (const [i, [sweep, message]] of cases.entries()) {
      const file = join(dir, `bad${i}.json`);
      writeFileSync(file, JSON.stringify(sweep));
      const r = await reforest(['sweep', file, '--out-dir', join(dir, `out${i}`)]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(dir, `out${i}`))).toBe(false);
    }
    expect((await reforest(['sweep', writeSweep(dir), '--out-dir', join(dir, 'x'), '--shard', '4/3'])).stderr).toMatch(/I must be between 1 and N/);
    expect((await reforest(['sweep', writeSweep(dir)])).stderr).toMatch(/needs --out-dir/);
    // A folder holding a different sweep is refused.
    mkdirSync(join(dir, 'other'));
    expect((await reforest(['sweep', writeSweep(dir, 2), '--out-dir', join(dir, 'other'), '--quiet'])).code).toBe(0);
    const clash = await reforest(['sweep', writeSweep(dir, 3), '--out-dir', join(dir, 'other')]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/holds the output of a different sweep/);
  });

  it('validate reads a scenario from standard input', async () => {
    const r = await reforest(['validate', '-'], { input: (await reforest(['example'])).stdout });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/valid\. "Glen planting: fenced vs unfenced": 2 zones, about 100,000 trees/);
  });
});

describe('outputs that must not be written', () => {
  it('refuses to overwrite inputs or write to devices, folders or missing shard indexes, before any work', async () => {
    const dir = tempDir();
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify(smallScenario({ replicates: 1, years: 2 })));
    const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
      [['run', file, '--out', file], /would overwrite the input/],
      [['run', file, '--out', '/dev/null'], /is not a regular file/],
      [['run', file, '--summary', dir], /is a folder, not a file/],
      [['sweep', writeSweep(dir, 2), '--out-dir', file], /is a file, not a folder/],
      [['sweep', writeSweep(dir, 2), '--out-dir', join(dir, 'o')], /no shard index/, { REFOREST_SHARD_COUNT: '4' }],
    ];
    for (const [args, message, env] of cases) {
      const r = await reforest(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(JSON.parse(readFileSync(file, 'utf8')).name).toBe('small');
    expect(existsSync(join(dir, 'o'))).toBe(false);

    expect((await reforest(['sweep', writeSweep(dir, 2), '--out-dir', join(dir, 'w'), '--quiet'])).code).toBe(0);
    const inside = await reforest(['merge', join(dir, 'w'), '--out', join(dir, 'w', 'sweep.json')]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/would overwrite the input|inside the input folder/);
  });

  it('stops quietly when the reader of standard output goes away', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" run --replicates 30 --years 5 --quiet | head -n 1; echo "exit \${PIPESTATUS[0]}" >&2`], {
      encoding: 'utf8',
      cwd: projectRoot,
    });
    expect(r.stdout.trim()).toMatch(/^scenario,replicate,year,zone/);
    expect(r.stderr.trim()).toBe('exit 0');
  });

  it('labels object values given in cases by their JSON', async () => {
    const dir = tempDir();
    const file = join(dir, 'cases.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'c',
        base: smallScenario({ years: 1, replicates: 1 }),
        design: 'cases',
        variables: [{ name: 'deer', path: 'herbivores', values: { none: [] } }],
        cases: [{ deer: 'none' }, { deer: [{ kind: 'red_deer', count: 2 }] }],
      }),
    );
    expect((await reforest(['sweep', file, '--out-dir', join(dir, 'o'), '--quiet'])).code).toBe(0);
    const labels = [...new Set(csvParse(readFileSync(join(dir, 'o', 'results.csv'), 'utf8')).map((r) => r.deer))];
    expect(labels).toEqual(['none', '[{"kind":"red_deer","count":2}]']);
  });
});

describe('validate, example, terrain-info, help', () => {
  it('validate lists every problem and exits 2', async () => {
    const dir = tempDir();
    const sc = smallScenario({ years: 0 });
    sc.plantings[0].density = 0;
    writeFileSync(join(dir, 's.json'), JSON.stringify(sc));
    const r = await reforest(['validate', join(dir, 's.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 problems/);
    expect(r.stderr).toMatch(/years: must be >= 1/);
    expect(r.stderr).toMatch(/plantings\[0\]\.density: must be > 0/);
  });

  it('example prints the bundled scenarios', async () => {
    // The bundled scenario, its "$schema" naming the installed schema by absolute URL (so the file
    // keeps its completion wherever it is saved).
    const printed = JSON.parse((await reforest(['example'])).stdout);
    const bundled = JSON.parse(readFileSync(join(projectRoot, 'assets/scenarios/default.json'), 'utf8'));
    expect({ ...printed, $schema: undefined }).toEqual({ ...bundled, $schema: undefined });
    expect(printed.$schema).toBe(pathToFileURL(join(projectRoot, 'assets', 'scenario.schema.json')).href);
    expect(existsSync(fileURLToPath(printed.$schema))).toBe(true);
    // An example on a GeoTIFF names its elevation model by absolute path: saved anywhere, it runs.
    const saved = join(tempDir(), 'mine.json');
    writeFileSync(saved, (await reforest(['example', 'glen-geotiff'])).stdout);
    expect(JSON.parse(readFileSync(saved, 'utf8')).terrain.path).toBe(join(projectRoot, 'assets', 'scenarios', 'terrain', 'glen-bng.tif'));
    const valid = await reforest(['validate', saved]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(/EPSG:27700/);
    expect((await reforest(['example', '--list'])).stdout.split('\n')).toContain('default');
    const none = await reforest(['example', 'nowhere']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no bundled scenario "nowhere"; there are: default/);
  });

  it.skipIf(!hasRealDem)('terrain-info describes the real DEM', async () => {
    const r = await reforest(['terrain-info', realDem, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { cols: number; rows: number; crs: string; cellSize: number; elevation: { min: number; max: number } };
    expect([info.cols, info.rows, info.crs]).toEqual([1197, 643, 'EPSG:32611']);
    expect(info.cellSize).toBeCloseTo(30, 3);
    expect([info.elevation.min, info.elevation.max]).toEqual([315, 2295]);
    expect((await reforest(['terrain-info', realDem])).stdout).toMatch(/1197 × 643 cells of 30\.000 m/);
    const bad = await reforest(['terrain-info', join(projectRoot, 'README.md')]);
    expect(bad.code).toBe(2);
    const missing = await reforest(['terrain-info', '/nonexistent/dem.tif']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/dem\.tif/);
  });

  it('every command has --help, and no command is a usage error', async () => {
    for (const cmd of ['run', 'sweep', 'merge', 'validate', 'example', 'terrain-info']) {
      const r = await reforest([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: reforest ${cmd}`));
    }
    expect((await reforest(['--help'])).stdout).toMatch(/Commands:/);
    expect((await reforest([])).code).toBe(2);
  });
});
