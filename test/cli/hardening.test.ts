import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScenario, projectRoot, reforestInProcess, smallScenario, tempDir } from '../helpers.js';

// Hostile input found by adversarial testing: each case must end promptly with exit 2 and a message
// that says what is wrong, never hang, crash with a stack trace, or exit 1.
//
// Commands run in this process (`main`, the built core in dist/, as bin/reforest.js runs it), each
// within a time limit. Two start the real program, for limits only a process has: a heap of 256 MB
// (--max-old-space-size) and a file-size limit (ulimit -f) that makes writes fail as a full disk does.

const bin = join(projectRoot, 'bin/reforest.js');
/** A fresh folder, removed after the test (test/setup.ts). */
const scratch = tempDir;

/** Runs the CLI with a hard time limit, so a hang fails the test instead of stalling the suite. */
function reforest(args: string[], input?: string) {
  return reforestInProcess(args, { stdin: input, timeLimitMs: 30_000, compiled: true });
}

function expectInputError(r: { code: number | null; timedOut: boolean; stderr: string }, message: RegExp): void {
  expect(r.timedOut, 'timed out').toBe(false);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
}

describe('terrain paths that are not regular files', () => {
  it('refuses a FIFO as an ASCII grid or a GeoTIFF instead of blocking on it', async () => {
    const dir = scratch();
    for (const name of ['dem.asc', 'dem.tif']) {
      const fifo = join(dir, name);
      execFileSync('mkfifo', [fifo]);
      expectInputError(await reforest(['terrain-info', fifo]), /not a regular file/);
      const type = name.endsWith('.asc') ? 'ascii' : 'geotiff';
      const scenario = join(dir, `${type}.json`);
      writeFileSync(scenario, JSON.stringify(smallScenario({ terrain: { type, path: fifo } as never })));
      expectInputError(await reforest(['run', scenario, '--quiet']), /not a regular file/);
    }
  });

  it('refuses an endless device as an ASCII grid instead of reading it', async () => {
    const link = join(scratch(), 'zero.asc');
    symlinkSync('/dev/zero', link);
    expectInputError(await reforest(['terrain-info', link]), /not a regular file/);
  });
});

describe('a sweep too large to run', () => {
  it('is refused with its variant count before any variant is built', () => {
    const dir = scratch();
    const sweep = join(dir, 'huge.json');
    writeFileSync(
      sweep,
      JSON.stringify({
        name: 'huge',
        base: smallScenario(),
        variables: [
          { name: 'a', path: 'plantings[0].density', range: { from: 1000, to: 11000, step: 1 } },
          { name: 'b', path: 'years', range: { from: 0, to: 10000, step: 1 } },
        ],
      }),
    );
    // 10,001 × 10,001 combinations: building them first took gigabytes; counting them takes nothing.
    const out = spawnSync(process.execPath, ['--max-old-space-size=256', bin, 'sweep', sweep, '--out-dir', join(dir, 'out')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out.signal, 'killed by a signal: timed out or ran out of memory').toBeNull();
    expectInputError({ code: out.status, timedOut: false, stderr: out.stderr }, /100,020,001 variants; at most 100,000/);
  });
});

describe('ids that are names of built-in object members', () => {
  it('are unknown species, fence types and herbivore kinds: exit 2 from validate and run, not 1', async () => {
    const dir = scratch();
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const cases: [string, (s: ReturnType<typeof defaultScenario>) => void, RegExp][] = [
        ['species', (s) => (s.plantings[0].species[0].species = name), /plantings\[0\]\.species\[0\]\.species: unknown species/],
        ['fence', (s) => (s.fences![0].type = name), /fences\[0\]\.type: unknown fence type/],
        ['herbivore', (s) => (s.herbivores![0].kind = name), /herbivores\[0\]\.kind: unknown herbivore kind/],
      ];
      for (const [what, mutate, message] of cases) {
        const scenario = defaultScenario();
        mutate(scenario);
        const file = join(dir, `${what}-${name}.json`);
        writeFileSync(file, JSON.stringify(scenario));
        expectInputError(await reforest(['validate', file]), message);
        expectInputError(await reforest(['run', file, '--years', '1', '--replicates', '1', '--quiet']), message);
      }
    }
  }, 120_000);
});

describe('deeply nested JSON', () => {
  it('is refused with the line and column where it gets too deep, in a scenario and in a sweep', async () => {
    const dir = scratch();
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const scenario = join(dir, 'deep.json');
    writeFileSync(scenario, JSON.stringify({ ...defaultScenario(), description: 'x' }, null, 2).replace('"description": "x"', `"description": ${deep}`));
    expectInputError(await reforest(['validate', scenario]), /deep\.json: line 5, column \d+: nested more than 64 levels deep/);
    expectInputError(await reforest(['run', scenario, '--quiet']), /deep\.json: line 5, column \d+: nested more than 64 levels deep/);
    expectInputError(await reforest(['run', '-', '--quiet'], `{"a":${'{"b":'.repeat(5000)}1${'}'.repeat(5001)}`), /standard input: line 1, column \d+: nested more than 64/);
    const sweep = join(dir, 'sweep.json');
    writeFileSync(sweep, JSON.stringify({ name: 'deep', base: smallScenario(), variables: [{ name: 'v', path: 'years', values: { a: 1 } }] }).replace('{"a":1}', `{"a":${deep}}`));
    expectInputError(await reforest(['sweep', sweep, '--out-dir', join(dir, 'out')]), /sweep\.json: line 1, column \d+: nested more than 64 levels deep/);
  });
});

describe('numbers at the edge', () => {
  const cases: [string, (s: ReturnType<typeof defaultScenario>) => void, RegExp][] = [
    ['a cost per tree of 1e308', (s) => (s.plantings[0].costs!.perTree = 1e308), /plantings\[0\]\.costs\.perTree/],
    ['a fence cost per metre of 1e308', (s) => (s.fences![0].costPerMetre = 1e308), /fences\[0\]\.costPerMetre/],
    ['a biomass coefficient of 1e308', (s) => (s.species = { rowan: { biomass: { b0: 1e308, b1: 2.4, source: 'test' } } }), /species\.rowan\.biomass\.b0/],
    ['1e308 seedlings per tree', (s) => (s.species = { rowan: { regeneration: { maturityAge: 15, seedlingsPerTree: 1e308, dispersalDistance: 20, source: 'test' } } }), /species\.rowan\.regeneration\.seedlingsPerTree/],
    ['a maturity age of 1e-300 years', (s) => (s.species = { rowan: { regeneration: { maturityAge: 1e-300, seedlingsPerTree: 2, dispersalDistance: 20, source: 'test' } } }), /species\.rowan\.regeneration\.maturityAge/],
  ];
  it.each(cases)('%s is refused by the schema (exit 2), never run into Infinity or NaN', async (_, mutate, where) => {
    const scenario = defaultScenario();
    mutate(scenario);
    const file = join(scratch(), 'edge.json');
    writeFileSync(file, JSON.stringify(scenario));
    expectInputError(await reforest(['validate', file]), where);
    const run = await reforest(['run', file, '--years', '2', '--replicates', '1']);
    expectInputError(run, where);
    expect(run.stdout).not.toMatch(/Infinity|NaN/);
  });
});

describe('sizes that would take too long', () => {
  it('refuses a zone of 100,000 vertices at once, naming the cap, instead of checking it for minutes', async () => {
    const scenario = defaultScenario();
    scenario.plantings[0].polygon = Array.from({ length: 100_000 }, (_, i) => {
      const a = (i / 100_000) * 2 * Math.PI;
      return [650 + 200 * Math.cos(a), 750 + 150 * Math.sin(a)] as [number, number];
    });
    const file = join(scratch(), 'vertices.json');
    writeFileSync(file, JSON.stringify(scenario));
    expectInputError(await reforest(['validate', file]), /plantings\[0\]\.polygon: at most 10,000 vertices; simplify the outline/);
  });

  it('refuses a walk of 100,000 animals at 96 steps a day (half an hour per simulated year) with the estimate and what to change', async () => {
    const scenario = { ...defaultScenario(), herbivoreModel: 'walk', herbivores: [{ kind: 'red_deer', count: 100_000 }], herbivoreSteps: { stepsPerDay: 96, daysPerYear: 365 } };
    const file = join(scratch(), 'herd.json');
    writeFileSync(file, JSON.stringify(scenario));
    const r = await reforest(['run', file, '--years', '1', '--replicates', '1', '--quiet']);
    expectInputError(r, /herbivoreSteps\.stepsPerDay: 100,000 animals at 96 steps a day make 3,504 million animal-steps a year \(about \d+ minutes per simulated year/);
    expect(r.stderr).toMatch(/use fewer steps a day/);
  });

  it('uses at most one thread per core unless forced, and says so', async () => {
    const r = await reforest(['run', '--threads', '64', '--years', '1', '--replicates', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--threads 64: this machine has \d+ cores?; using \d+ \(--force-threads to use 64\)/);
  });
});

describe('messages that say what is wrong and where', () => {
  it('names a wrong terrain type once, at terrain.type, and blames a bad seed on seed alone', async () => {
    const dir = scratch();
    const wrongType = defaultScenario();
    (wrongType.terrain as { type: string }).type = 'proceduralx';
    writeFileSync(join(dir, 'type.json'), JSON.stringify(wrongType));
    const t = await reforest(['validate', join(dir, 'type.json')]);
    expectInputError(t, /\n {2}terrain\.type: must be one of "procedural", "geotiff", "ascii"\n/);
    expect(t.stderr).not.toMatch(/type\.type/);

    const badSeed = { ...defaultScenario(), seed: 1.5 };
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(badSeed));
    const r = await reforest(['run', join(dir, 'seed.json'), '--quiet']);
    expectInputError(r, /\(1 problem\):\n {2}seed: must be a whole number, not 1\.5/);
    expect(r.stderr).not.toMatch(/terrain\.seed/);
  });

  it('terrain-info prints the full bounds a user needs to place zones', async () => {
    const file = join(scratch(), 'grid.asc');
    writeFileSync(file, 'ncols 3\nnrows 2\nxllcorner 1000\nyllcorner 2000\ncellsize 10\n1 2 3\n4 5 6\n');
    const r = await reforest(['terrain-info', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bounds {6}x 1000\.000 to 1030\.000 \(west to east\), y 2000\.000 to 2020\.000 \(south to north\)/);
  });
});

describe('validate in one pass', () => {
  it('reports schema, library and terrain problems together, not the first stage only', async () => {
    const scenario = defaultScenario() as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    scenario.years = -1;
    scenario.plantings[0].density = 'lots';
    scenario.plantings[1].species[0].species = 'oak_tree';
    scenario.fences[0].type = 'wall';
    scenario.plantings[0].polygon[0] = [99999, 99999];
    scenario.herbivores[0].kind = 'moose';
    const file = join(scratch(), 'five.json');
    writeFileSync(file, JSON.stringify(scenario));
    const r = await reforest(['validate', file]);
    expectInputError(r, /invalid scenario \(6 problems\)/);
    for (const where of [
      /\n {2}years: must be >= 1/,
      /\n {2}plantings\[0\]\.density: must be a number/,
      /\n {2}plantings\[1\]\.species\[0\]\.species: unknown species "oak_tree"/,
      /\n {2}fences\[0\]\.type: unknown fence type "wall"/,
      /\n {2}herbivores\[0\]\.kind: unknown herbivore kind "moose"/,
      /\n {2}plantings\[0\]\.polygon\[0\]: zone vertex \(99999, 99999\) is outside the terrain/,
    ]) {
      expect(r.stderr).toMatch(where);
    }
  });
});

describe('a disk that cannot take the output', () => {
  it('names the file that could not be written and leaves nothing behind', () => {
    const dir = scratch();
    // The file-size limit makes writes fail as a full disk would (SIGXFSZ ignored, so write() returns an error).
    const script = `trap '' XFSZ; ulimit -f 8; exec "${process.execPath}" "${bin}" run --years 3 --replicates 1 --out "${dir}/yearly.csv" --trees "${dir}/trees.csv" --quiet`;
    const out = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(out.status, out.stderr).toBe(1);
    expect(out.stderr).toMatch(new RegExp(`cannot write ${dir}/trees\\.csv: the file is larger than this system allows; nothing was written`));
    expect(out.stderr).not.toMatch(/\.tmp/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
