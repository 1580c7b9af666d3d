import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Site } from '../model/site.js';
import { simulateReplicate, startReplicate } from '../model/simulation.js';
import { FIRST_YEAR_PROCESSES, YEARLY_PROCESSES } from '../model/year/processes.js';
import { closeSharedPool, sharedPool } from '../run/pool.js';
import type { Job } from '../run/protocol.js';
import { runScenario } from '../run/runner.js';
import { loadScenario } from '../scenario/load.js';
import { referenceScenario } from './reference.js';

/**
 * iLand 2.1 on the reference stand, living tree-years per second on one thread of this class of machine:
 * the middle of the 0.70–0.81 million measured when the target was set (not measured by this bench).
 */
const ILAND_TREE_YEARS_PER_SECOND = 0.75;

/**
 * `npm run bench`: the speed figures of the reference scenario. Each part runs in its own process so
 * peak memory is measured cleanly. Prints figures; asserts nothing.
 */

async function load(replicates: number) {
  return loadScenario(referenceScenario(replicates), { baseDir: process.cwd() });
}

async function singleThread(withoutHerd: boolean): Promise<object> {
  const loaded = withoutHerd
    ? await loadScenario({ ...referenceScenario(1), herbivores: [] }, { baseDir: process.cwd() })
    : await load(1);
  const site = new Site(loaded.resolved, loaded.terrain);
  simulateReplicate(site, { replicate: 100 }); // warm-up: let the JIT compile the hot loops
  const reps = 2;
  // Living tree-years: the live stems (planted and regenerated) of each simulated year, summed; dead
  // records still held are not counted. The yearly processes are timed one by one.
  let liveTreeYears = 0;
  let records = 0;
  const byProcess = new Map<string, number>();
  const started = performance.now();
  for (let r = 0; r < reps; r++) {
    const ctx = startReplicate(site, { replicate: r });
    for (const p of FIRST_YEAR_PROCESSES) p.run(ctx);
    for (let year = 1; year <= loaded.resolved.scenario.years; year++) {
      ctx.year = year;
      ctx.day0 = (year - 1) * loaded.resolved.scenario.herbivoreSteps.daysPerYear;
      for (const p of YEARLY_PROCESSES) {
        const t = performance.now();
        p.run(ctx);
        byProcess.set(p.name, (byProcess.get(p.name) ?? 0) + performance.now() - t);
      }
    }
    liveTreeYears += ctx.recorder.liveTreeYears;
    records += ctx.trees.count;
  }
  const seconds = (performance.now() - started) / 1000;
  const herdMs = (byProcess.get('herd population') ?? 0) + (byProcess.get('browsing') ?? 0);
  const totalMs = [...byProcess.values()].reduce((a, b) => a + b, 0);
  return { records: records / reps, liveTreeYears: liveTreeYears / reps, seconds, treeYearsPerSecond: liveTreeYears / seconds, herdShare: totalMs > 0 ? herdMs / totalMs : 0 };
}

async function threaded(threads: number, replicates: number): Promise<object> {
  const loaded = await load(replicates);
  const started = performance.now();
  await runScenario(loaded, { threads });
  const seconds = (performance.now() - started) / 1000;
  await closeSharedPool();
  return { threads, replicates, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

/**
 * The batch figures: a 24-run sweep (6 variants × 4 replicates of a small glen scenario: 36 ha planted,
 * 40 years) run through the real command on 1 and 2 threads. The command reports how long its worker
 * threads spent simulating; the rest of the wall time (process start-up, planning and validation,
 * starting workers, handing out runs, writing files, threads idle at the end) is outside simulation.
 */
async function sweepBench(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'reforest-bench-'));
  try {
    const sweepFile = join(dir, 'sweep.json');
    writeFileSync(sweepFile, JSON.stringify(benchSweep()));
    const cli = fileURLToPath(new URL('../../../bin/reforest.js', import.meta.url));
    const measure = (threads: number) => {
      const started = performance.now();
      const out = spawnSync(process.execPath, [cli, 'sweep', sweepFile, '--out-dir', join(dir, `out${threads}`), '--threads', String(threads), '--progress', 'none'], { encoding: 'utf8' });
      const wall = (performance.now() - started) / 1000;
      if (out.status !== 0) throw new Error(`sweep failed: ${out.stderr}`);
      const sim = /\(([\d.]+) s of simulation/.exec(out.stderr);
      if (!sim) throw new Error(`no simulation time in: ${out.stderr}`);
      return { wall, simulation: Number(sim[1]) };
    };
    const one = measure(1);
    const two = measure(2);
    return { runs: 24, wall1: one.wall, sim1: one.simulation, wall2: two.wall, sim2: two.simulation };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchSweep(): object {
  const scenario = referenceScenario(4) as Record<string, unknown>;
  return {
    name: 'benchmark sweep',
    base: {
      ...scenario,
      years: 40,
      terrain: { type: 'procedural', width: 1000, height: 1000, cellSize: 10, relief: 100, baseElevation: 100, shape: 'glen' },
      plantings: [{ name: 'zone', polygon: [[200, 200], [800, 200], [800, 800], [200, 800]], species: [{ species: 'downy_birch', fraction: 0.5 }, { species: 'rowan', fraction: 0.5 }], density: 2500 }],
      fences: [],
      herbivores: [{ kind: 'red_deer', densityPerKm2: 15, cullingRate: 0.15 }],
    },
    variables: [
      { name: 'deer', path: 'herbivores[0].densityPerKm2', values: [0, 10, 20] },
      { name: 'density', path: 'plantings[0].density', values: [1600, 2500] },
    ],
  };
}

/**
 * 200 small plan variants (one replicate each, planting density 1,005 to 3,000 stems/ha) judged as a
 * search judges a generation: each variant loaded and checked, then all run as one batch on the shared
 * simulation pool. Time outside simulation is the wall time less the threads' simulation time shared
 * over the threads: loading and checking plans, sending them, building their sites, collecting results.
 */
async function variantsBench(threads: number): Promise<object> {
  const terrainCache = new Map();
  const started = performance.now();
  const jobs: Job[] = [];
  for (let v = 0; v < 200; v++) {
    const loaded = await loadScenario(smallVariant(1000 + 10 * (v + 1)), { baseDir: process.cwd(), terrainCache });
    jobs.push({ id: v, resolved: loaded.resolved, terrain: loaded.terrain, replicate: 0, frames: false, keepTrees: false });
  }
  let simulation = 0;
  await sharedPool(threads).run(jobs, { onDone: (_job, _values, _trees, seconds) => void (simulation += seconds) }, { threads });
  const wall = (performance.now() - started) / 1000;
  await closeSharedPool();
  return { threads, variants: jobs.length, wall, simulation };
}

function smallVariant(density: number): object {
  return {
    schemaVersion: 1,
    name: `variant at ${density}/ha`,
    seed: 3,
    years: 20,
    replicates: 1,
    terrain: { type: 'procedural', width: 600, height: 600, cellSize: 10, relief: 60, baseElevation: 200, shape: 'glen' },
    plantings: [{ name: 'zone', polygon: [[150, 150], [450, 150], [450, 450], [150, 450]], species: [{ species: 'downy_birch', fraction: 0.6 }, { species: 'scots_pine', fraction: 0.4 }], density }],
    herbivores: [{ kind: 'red_deer', densityPerKm2: 10 }],
  };
}

/**
 * The README's first command as a user types it, on the default scenario: `npx reforest run --out FILE`
 * (8 replicates of 50 years on the machine's threads), wall time from the shell, start-up included; and a
 * one-year, one-replicate run, which is almost all start-up (npx, Node, loading the core, the site).
 */
function commandLine(): object {
  const dir = mkdtempSync(join(tmpdir(), 'reforest-bench-'));
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const time = (cmd: string, args: string[]) => {
    const started = performance.now();
    const out = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${out.stderr}`);
    return (performance.now() - started) / 1000;
  };
  try {
    const npxOnly = time('npx', ['reforest', '--help']);
    const oneYear = time('npx', ['reforest', 'run', '--years', '1', '--replicates', '1', '--quiet', '--out', join(dir, 'one.csv')]);
    const nodeOneYear = time(process.execPath, ['bin/reforest.js', 'run', '--years', '1', '--replicates', '1', '--quiet', '--out', join(dir, 'one.csv')]);
    const full = time('npx', ['reforest', 'run', '--out', join(dir, 'results.csv')]);
    return { npxOnly, oneYear, nodeOneYear, full };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundled glen optimisation (assets/optimise/glen-budget.json) through the command, on 2 threads. */
function optimiseBench(): object {
  const dir = mkdtempSync(join(tmpdir(), 'reforest-bench-'));
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  try {
    const started = performance.now();
    const out = spawnSync(process.execPath, ['bin/reforest.js', 'optimise', 'assets/optimise/glen-budget.json', '--out-dir', join(dir, 'search'), '--threads', '2', '--progress', 'none'], { cwd: root, encoding: 'utf8' });
    const wall = (performance.now() - started) / 1000;
    if (out.status !== 0) throw new Error(`optimise failed: ${out.stderr}`);
    const plans = /(\d+) plans? judged/.exec(out.stderr);
    return { wall, plans: plans ? Number(plans[1]) : NaN };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function part(name: string, ...args: string[]): Record<string, number> {
  const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name, ...args], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`benchmark part ${name} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

async function main(): Promise<void> {
  const [partName, ...args] = process.argv.slice(2);
  if (partName === 'single') return void console.log(JSON.stringify(await singleThread(args[0] === 'no-herbivores')));
  if (partName === 'sweep') return void console.log(JSON.stringify(await sweepBench()));
  if (partName === 'threads') return void console.log(JSON.stringify(await threaded(Number(args[0]), Number(args[1]))));
  if (partName === 'variants') return void console.log(JSON.stringify(await variantsBench(Number(args[0]))));
  if (partName === 'command') return void console.log(JSON.stringify(commandLine()));
  if (partName === 'optimise') return void console.log(JSON.stringify(optimiseBench()));

  console.log('Reference: 1 km² planted at 2,500 stems/ha (4 species), deer fence round half, red deer 20/km² over 2 km × 2 km, 50 years.');
  const trees = part('single', 'no-herbivores');
  console.log(`Trees alone:     ${(trees.treeYearsPerSecond / 1e6).toFixed(2)} million living tree-years/s  (the reference without its herd: growth, competition, death, metrics; target ≥ 8)`);
  const single = part('single');
  console.log(
    `One thread:      ${(single.treeYearsPerSecond / 1e6).toFixed(2)} million living tree-years/s  (the herbivore field; ${(single.liveTreeYears / 1e6).toFixed(2)} M living tree-years from ${single.records} tree records, ` +
      `${(single.seconds / 2).toFixed(2)} s per replicate; target ≥ 4, ${(single.treeYearsPerSecond / 1e6 / ILAND_TREE_YEARS_PER_SECOND).toFixed(1)}× iLand 2.1's ${ILAND_TREE_YEARS_PER_SECOND} M on the same stand)`,
  );
  console.log(`Herd's share:    ${(single.herdShare * 100).toFixed(1)}% of a replicate's time in the herd's processes (population and browsing; target ≤ 25%)`);
  // An even number of replicates of equal work, so two threads finish together.
  const one = part('threads', '1', '8');
  const two = part('threads', '2', '8');
  console.log(`Worker threads:  8 replicates in ${one.seconds.toFixed(2)} s on 1 thread, ${two.seconds.toFixed(2)} s on 2 → speed-up ${(one.seconds / two.seconds).toFixed(2)}× (target ≥ 1.8)`);
  const memory = part('threads', '2', '16');
  console.log(`Memory:          16 replicates on 2 threads, peak RSS ${memory.peakRssMiB.toFixed(0)} MiB (target < 1024)`);

  const sweep = part('sweep');
  const outside1 = (sweep.wall1 - sweep.sim1) / sweep.wall1;
  const outside2 = (sweep.wall2 - sweep.sim2 / 2) / sweep.wall2;
  console.log(`Sweep of ${sweep.runs} runs (${(sweep.sim1 / sweep.runs).toFixed(2)} s of simulation each), through the command:`);
  console.log(`  1 thread:   ${sweep.wall1.toFixed(2)} s, ${((sweep.runs / sweep.wall1) * 60).toFixed(0)} runs/min; outside simulation ${(outside1 * 100).toFixed(1)}% of the total (target < 5%)`);
  console.log(`  2 threads:  ${sweep.wall2.toFixed(2)} s, ${((sweep.runs / sweep.wall2) * 60).toFixed(0)} runs/min; outside simulation ${(outside2 * 100).toFixed(1)}% of the thread time`);

  const cli = part('command');
  console.log(
    `Command line:    npx reforest run (default scenario, 8 replicates × 50 years) ${cli.full.toFixed(2)} s wall, start-up included (target ≤ 5); ` +
      `a 1-year, 1-replicate run ${cli.oneYear.toFixed(2)} s (npx alone ${cli.npxOnly.toFixed(2)} s; node bin/reforest.js ${cli.nodeOneYear.toFixed(2)} s)`,
  );
  const search = part('optimise');
  console.log(`Optimisation:    the bundled glen search (assets/optimise/glen-budget.json, ${search.plans} plans) on 2 threads: ${search.wall.toFixed(1)} s (target ≤ 60)`);

  const variants = part('variants', '2');
  const outsideVariants = (variants.wall - variants.simulation / 2) / variants.wall;
  console.log(
    `Plan variants:   ${variants.variants} small plans (${(variants.simulation / variants.variants).toFixed(2)} s of simulation each) on the simulation pool, 2 threads: ` +
      `${variants.wall.toFixed(2)} s, ${((variants.variants / variants.wall) * 60).toFixed(0)} plans/min; outside simulation ${(outsideVariants * 100).toFixed(1)}% of the thread time (target < 5%)`,
  );
}

await main();
