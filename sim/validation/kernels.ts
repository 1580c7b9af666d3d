import { writeFileSync, renameSync } from 'node:fs';
import { Site } from '../model/site.js';
import { loadScenario } from '../scenario/load.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { WalkRecording } from './walkRecording.js';

/**
 * The reference walk's home-range kernel, measured: animals walk in open, flat, uniform country for
 * some years, every one from the same home-range centre, and their positions (every step after a month
 * to settle) are binned by distance from it. In units of the home-range radius R the walk's shape
 * depends on its persistence length over R alone (its speed sets how fast it mixes, not where it
 * spends its time), so one measurement per ratio serves every kind.
 */

/** Distance step of the table, in units of R. */
export const KERNEL_STEP = 0.05;
/** Farthest distance binned, in units of R: the walk is not found beyond about 1.4 R. */
const KERNEL_SPAN = 3;
/** Home-range radius the measurement runs at, m: small, so the site and the walk stay small. */
const RADIUS = 200;

export interface KernelMeasurement {
  ratio: number;
  /** Density per R² at 0, step, 2·step, … (bin centres interpolated onto the table's points). */
  density: number[];
  /** Positions binned. */
  samples: number;
  /** Radial share of time within distance ρ·R, at each table point (for the report). */
  cumulative: number[];
}

export interface KernelRunOptions {
  ratio: number;
  animals: number;
  years: number;
  seed: number;
}

/** Runs the walk and bins its positions by distance from home (see the module comment). */
export async function measureKernel(o: KernelRunOptions): Promise<KernelMeasurement> {
  const side = RADIUS * 2 * (KERNEL_SPAN + 2);
  const centre = side / 2;
  const stepsPerDay = 24;
  const sc: ScenarioInput = {
    schemaVersion: 1,
    name: `home-range kernel at persistence/radius ${o.ratio}`,
    seed: o.seed,
    years: o.years,
    replicates: 1,
    terrain: { type: 'procedural', width: side, height: side, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' },
    plantings: [{ name: 'marker', polygon: [[10, 10], [20, 10], [20, 20], [10, 20]], species: [{ species: 'downy_birch', fraction: 1 }], density: 100 }],
    herbivores: [{ kind: 'red_deer', count: o.animals }],
    herbivoreKinds: {
      red_deer: {
        homeRange: (Math.PI * RADIUS * RADIUS) / 1e6,
        persistenceLength: o.ratio * RADIUS,
        // Fast enough to cross the range several times a week, whatever the ratio: only mixing depends on it.
        dailyMovement: 20 * RADIUS,
      },
    },
    herbivoreSteps: { stepsPerDay, daysPerYear: 365 },
    herbivoreModel: 'walk',
  };
  const loaded = await loadScenario(sc, { baseDir: process.cwd() });
  const samplesPerYear = 365 * stepsPerDay;
  const recording = new WalkRecording(new Site(loaded.resolved, loaded.terrain), samplesPerYear);
  const { herd } = recording.ctx;
  for (let a = 0; a < herd.count; a++) {
    herd.x[a] = herd.homeX[a] = centre;
    herd.y[a] = herd.homeY[a] = centre;
  }
  const bins = Math.round(KERNEL_SPAN / KERNEL_STEP);
  const counts = new Float64Array(bins);
  let samples = 0;
  for (let year = 1; year <= o.years; year++) {
    const positions = recording.year(year);
    // The first month of the first year lets the animals spread from the centre.
    const from = year === 1 ? 30 * stepsPerDay : 0;
    for (let s = from; s < samplesPerYear; s++) {
      for (let a = 0; a < herd.count; a++) {
        const x = positions[(s * herd.count + a) * 2] - centre;
        const y = positions[(s * herd.count + a) * 2 + 1] - centre;
        const bin = Math.floor(Math.hypot(x, y) / RADIUS / KERNEL_STEP);
        if (bin < bins) counts[bin]++;
        samples++;
      }
    }
  }
  // Density per R² in each annulus, placed at its middle radius; the table's points interpolate them.
  const mid = Array.from({ length: bins }, (_, j) => (j + 0.5) * KERNEL_STEP);
  const perBin = Array.from(counts, (c, j) => c / samples / (Math.PI * ((j + 1) ** 2 - j ** 2) * KERNEL_STEP * KERNEL_STEP));
  const density = Array.from({ length: bins + 1 }, (_, i) => {
    const r = i * KERNEL_STEP;
    if (r <= mid[0]) return perBin[0];
    if (r >= mid[bins - 1]) return i === bins ? 0 : perBin[bins - 1];
    const j = Math.floor(r / KERNEL_STEP - 0.5);
    const t = (r - mid[j]) / KERNEL_STEP;
    return perBin[j] * (1 - t) + perBin[j + 1] * t;
  });
  let acc = 0;
  const cumulative = [0, ...Array.from(counts, (c) => (acc += c) / samples)];
  return { ratio: o.ratio, density, samples, cumulative };
}

/** Persistence-over-radius ratios measured for the library: the library kinds' own and a spread around them. */
export const KERNEL_RATIOS = [0.05, 0.1, 0.133, 0.159, 0.2, 0.224, 0.3, 0.5, 1];

/** `npm run measure-kernels`: measures every ratio and writes assets/library/home-kernels.json (written beside it and renamed into place). */
export async function writeKernels(file: string, o: { animals: number; years: number; seed: number }): Promise<void> {
  const kernels = [];
  for (const ratio of KERNEL_RATIOS) {
    const m = await measureKernel({ ratio, ...o });
    // The table ends at its first zero after the last occupied distance.
    const last = m.density.reduce((at, d, i) => (d > 0 ? i : at), 0);
    kernels.push({ persistenceOverRadius: ratio, density: [...m.density.slice(0, last + 1), 0].map((d) => Number(d.toPrecision(5))) });
    process.stderr.write(`  persistence/radius ${ratio}: ${m.samples.toLocaleString('en-GB')} positions\n`);
  }
  const out = {
    source:
      `Measured on the reference walk (herbivoreModel "walk") by \`npm run measure-kernels\`: for each ratio of persistence length to home-range radius R, ` +
      `${o.animals} animals walk ${o.years} years (24 steps a day) from one home-range centre in open, flat, uniform country; their positions at every step ` +
      `after the first month are binned by distance from the centre, ${KERNEL_STEP} R wide, and turned into a density per R². A property of the movement model ` +
      `(its turn home beyond R, HOME_PULL = 30, and its straight runs), not a field figure: the field model spreads each animal with the kernel of its kind's ratio, ` +
      `and docs/validation.md sets it against a fresh walk of each library kind.`,
    step: KERNEL_STEP,
    kernels,
  };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(out, null, 1)}\n`);
  renameSync(tmp, file);
}
