import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParse } from 'd3-dsv';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// Commands run in this process (`main`, the built core in dist/, as bin/reforest.js runs it). Two
// tests start the real program: Ctrl-C (SIGINT) ending a run with exit code 130, and --version, the
// one check here that bin/reforest.js starts and prints.

const bin = join(projectRoot, 'bin/reforest.js');

/** The command in this process; `onStderr` is told what it writes to standard error as it writes it. */
function reforest(args: string[], opts: { onStderr?: (text: string, soFar: string) => void } = {}) {
  return reforestInProcess(args, { compiled: true, onStderr: opts.onStderr });
}

/** The real program, from the project root: exit code, standard output and error. */
function reforestProcess(args: string[]) {
  const out = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: projectRoot });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

const COLUMNS =
  'scenario,replicate,year,zone,planted,alive,survival,stems_per_ha,mean_height_m,p90_height_m,above_browse_height,browsed,canopy_cover,agb_t,carbon_tco2e,herbivores_inside,fence_breaches,cost,regenerated,herbivore_density_per_km2,basal_area_m2_per_ha,beaten_up';

beforeAll(() => {
  // The command runs the compiled core; `npm test` builds it first.
  expect(existsSync(join(projectRoot, 'dist/sim/cli/main.js')), 'run `npm run build` first').toBe(true);
});

describe('reforest run', () => {
  it('runs the built-in default scenario, and the fenced zone keeps far more of its saplings', async () => {
    const { code, stdout, stderr } = await reforest(['run', '--threads', '2']);
    expect(code, stderr).toBe(0);
    expect(stdout.split('\n')[0]).toBe(COLUMNS);
    const rows = csvParse(stdout);
    expect(new Set(rows.map((r) => r.zone))).toEqual(new Set(['all', 'fenced', 'unfenced']));
    const replicates = new Set(rows.map((r) => r.replicate)).size;
    const years = Math.max(...rows.map((r) => Number(r.year)));
    expect(rows.length).toBe(replicates * (years + 1) * 3);
    const at = (rep: string, year: number, zone: string) => rows.find((r) => r.replicate === rep && Number(r.year) === year && r.zone === zone)!;
    for (const rep of new Set(rows.map((r) => r.replicate))) {
      for (const year of [10, years]) {
        const fenced = at(rep, year, 'fenced');
        const unfenced = at(rep, year, 'unfenced');
        // At least ten percentage points more of the planted trees alive, and a quarter more carbon.
        expect(Number(fenced.survival) - Number(unfenced.survival)).toBeGreaterThan(0.1);
        expect(Number(fenced.carbon_tco2e)).toBeGreaterThan(Number(unfenced.carbon_tco2e) * 1.25);
        expect(Number(fenced.herbivores_inside)).toBeLessThan(Number(unfenced.herbivores_inside));
      }
      const start = at(rep, 0, 'fenced');
      expect(Number(start.survival)).toBe(1);
      expect(Number(start.planted)).toBeGreaterThan(0);
      expect(Number(at(rep, 0, 'all').planted)).toBe(Number(start.planted) + Number(at(rep, 0, 'unfenced').planted));
    }
    expect(stderr).toMatch(/Running "Glen planting/);
  });

  it('writes --out atomically and gives the same bytes on 1 and 2 threads', async () => {
    const dir = tempDir();
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    expect((await reforest(['run', '--replicates', '3', '--years', '6', '--threads', '1', '--out', one])).code).toBe(0);
    const second = await reforest(['run', '--replicates', '3', '--years', '6', '--threads', '2', '--out', two]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
    expect(readdirSync(dir).sort()).toEqual(['one.csv', 'two.csv']);
    const reseeded = await reforest(['run', '--replicates', '3', '--years', '6', '--seed', '7']);
    expect(reseeded.stdout).not.toBe(readFileSync(one, 'utf8'));
  });

  it('runs a scenario file given on the command line, with paths relative to it', async () => {
    const dir = tempDir();
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify(smallScenario({ replicates: 2, years: 3 })));
    const { code, stdout } = await reforest(['run', file, '--quiet']);
    expect(code).toBe(0);
    expect(csvParse(stdout).length).toBe(2 * 4 * 2);
  });

  describe('bad input exits 2, names the problem and writes nothing', () => {
    const cases: [string, (dir: string) => string[], RegExp][] = [
      ['a missing scenario', (d) => ['run', join(d, 'nope.json')], /nope\.json: cannot read scenario: file not found/],
      ['invalid JSON', (d) => (writeFileSync(join(d, 'bad.json'), '{ "name": '), ['run', join(d, 'bad.json')]), /bad\.json.*line 1.*not valid JSON/s],
      [
        'an invalid scenario',
        (d) => {
          const sc = smallScenario();
          sc.plantings[0].density = -1;
          writeFileSync(join(d, 's.json'), JSON.stringify(sc));
          return ['run', join(d, 's.json')];
        },
        /plantings\[0\]\.density: must be > 0/,
      ],
      ['a bad number', () => ['run', '--years', 'ten'], /--years must be a whole number >= 1, not "ten"/],
      ['an unknown flag', () => ['run', '--colour', 'red'], /Unknown option '--colour'/],
      ['an unknown command', () => ['fly'], /unknown command "fly"/],
      ['an output folder that does not exist', (d) => ['run', '--out', join(d, 'missing', 'x.csv')], /the folder .*missing does not exist/],
      [
        'a terrain file that is missing',
        (d) => {
          writeFileSync(join(d, 't.json'), JSON.stringify(smallScenario({ terrain: { type: 'ascii', path: 'dem.asc' } })));
          return ['run', join(d, 't.json')];
        },
        /terrain\.path: .*dem\.asc/,
      ],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const dir = tempDir();
        const out = join(dir, 'out.csv');
        const argv = args(dir);
        const { code, stderr, stdout } = await reforest([...argv, ...(argv.includes('--out') ? [] : ['--out', out])]);
        expect(code).toBe(2);
        expect(stderr).toMatch(message);
        expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(stdout).toBe('');
        expect(existsSync(out)).toBe(false);
        expect(readdirSync(dir).filter((f) => f.includes('out.csv'))).toEqual([]);
      });
    }
  });

  it('stops on Ctrl-C with exit 130 and leaves no output file', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.csv');
    const child = spawn(process.execPath, [bin, 'run', '--replicates', '60', '--out', out, '--progress', 'json'], { cwd: projectRoot });
    let stderr = '';
    let interrupted = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Interrupt once the run is under way: its first year has been simulated.
        if (!interrupted && stderr.includes('"type":"progress"')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted; nothing unfinished was written/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 1, writing nothing, when the run fails after it started', async () => {
    const dir = tempDir();
    const outDir = join(dir, 'gone');
    mkdirSync(outDir);
    const out = join(outDir, 'out.csv');
    const { code, stderr } = await reforest(['run', '--replicates', '6', '--out', out], {
      // The output folder disappears once the simulation starts: writing the result must fail.
      onStderr: (_, soFar) => {
        if (soFar.includes('Running') && existsSync(outDir)) rmSync(outDir, { recursive: true });
      },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/reforest: the run failed: .*gone/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(outDir)).toBe(false);
  });

  it('prints help and version', async () => {
    expect((await reforest(['run', '--help'])).stdout).toMatch(/Usage: reforest run \[SCENARIO \| -\]/);
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect(reforestProcess(['--version']).stdout.trim()).toBe(pkg.version);
  });

  it('warns, even when quiet, of a zone no chosen species can grow in', async () => {
    const dir = tempDir();
    const file = join(dir, 'high.json');
    const terrain = { type: 'procedural' as const, width: 400, height: 400, cellSize: 10, relief: 0, baseElevation: 1050, shape: 'flat' as const };
    writeFileSync(file, JSON.stringify(smallScenario({ years: 1, replicates: 1, terrain })));
    const warning = /warning: plantings\[0\]\.polygon: zone 'zone' lies at 1,050–1,050 m, above every chosen species' elevation limit \(Downy birch 650 m\)/;
    const checked = await reforest(['validate', file]);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toMatch(warning);
    const ran = await reforest(['run', file, '--quiet', '--out', join(dir, 'out.csv')]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(warning);
  });
});
