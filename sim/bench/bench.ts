import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Site } from '../model/site.js';
import { simulateReplicate } from '../model/simulation.js';
import { runScenario } from '../run/runner.js';
import { loadScenario } from '../scenario/load.js';
import { referenceScenario } from './reference.js';

/**
 * `npm run bench`: the speed figures of the reference scenario. Each part runs in its own process so
 * peak memory is measured cleanly. Prints figures; asserts nothing.
 */

async function load(replicates: number) {
  return loadScenario(referenceScenario(replicates), { baseDir: process.cwd() });
}

async function singleThread(): Promise<object> {
  const loaded = await load(1);
  const site = new Site(loaded.resolved, loaded.terrain);
  simulateReplicate(site, { replicate: 100 }); // warm-up: let the JIT compile the hot loops
  const reps = 2;
  const started = performance.now();
  let treeYears = 0;
  for (let r = 0; r < reps; r++) {
    const { trees } = simulateReplicate(site, { replicate: r });
    treeYears += trees.count * loaded.resolved.scenario.years;
  }
  const seconds = (performance.now() - started) / 1000;
  return { trees: treeYears / reps / loaded.resolved.scenario.years, seconds, treeYearsPerSecond: treeYears / seconds };
}

async function threaded(threads: number, replicates: number): Promise<object> {
  const loaded = await load(replicates);
  const started = performance.now();
  await runScenario(loaded, { threads });
  const seconds = (performance.now() - started) / 1000;
  return { threads, replicates, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

function part(name: string, ...args: string[]): Record<string, number> {
  const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name, ...args], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`benchmark part ${name} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

async function main(): Promise<void> {
  const [partName, ...args] = process.argv.slice(2);
  if (partName === 'single') return void console.log(JSON.stringify(await singleThread()));
  if (partName === 'threads') return void console.log(JSON.stringify(await threaded(Number(args[0]), Number(args[1]))));

  console.log('Reference: 1 km² planted at 2,500 stems/ha (4 species), deer fence round half, red deer 20/km² over 2 km × 2 km, 50 years.');
  const single = part('single');
  console.log(`One thread:      ${(single.treeYearsPerSecond / 1e6).toFixed(2)} million tree-years/s  (${single.trees} trees, ${(single.seconds / 2).toFixed(2)} s per replicate; target ≥ 5)`);
  // Replicates differ in work (herd sizes drift), so enough of them are run to even out the threads' loads.
  const one = part('threads', '1', '8');
  const two = part('threads', '2', '8');
  console.log(`Worker threads:  8 replicates in ${one.seconds.toFixed(2)} s on 1 thread, ${two.seconds.toFixed(2)} s on 2 → speed-up ${(one.seconds / two.seconds).toFixed(2)}× (target ≥ 1.8)`);
  const memory = part('threads', '2', '16');
  console.log(`Memory:          16 replicates on 2 threads in ${memory.seconds.toFixed(1)} s, peak RSS ${memory.peakRssMiB.toFixed(0)} MiB (target < 1024)`);
}

await main();
