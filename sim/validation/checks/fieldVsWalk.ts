import { loadLibrary } from '../../scenario/library.js';
import { FieldModel } from '../../model/herbivores/field.js';
import { Site } from '../../model/site.js';
import { startReplicate } from '../../model/simulation.js';
import { browsingProcess, fencesProcess } from '../../model/year/processes.js';
import { kernelAt } from '../../scenario/effective.js';
import { loadScenario } from '../../scenario/load.js';
import type { ScenarioInput } from '../../scenario/schema.js';
import type { Point } from '../../shared/polygon.js';
import { measureKernel } from '../kernels.js';
import { fmt, meanAndError } from '../read.js';
import { byRelativeError, table, type Section, type VerdictRow } from '../report.js';

/**
 * The herbivore field against the walk it stands for, process by process, on sites built to isolate
 * each one: the home-range kernel in open country, crossings of a straight passable fence, an exclosure
 * filling through a breach, and the crossing rate through gaps of given widths. The walk's figures come
 * from its traced paths (positions every step); the field's from its exchange between areas, exactly.
 */

const KINDS = ['red_deer', 'roe_deer', 'sheep'];

interface SeasonOptions {
  replicate: number;
  /** Days of the season (the herd moves and is counted over them). */
  days: number;
  stepsPerDay: number;
  /** Record the walk's positions at every step. */
  tracks: boolean;
  /** A breach opened at the season's start and never mended, at this point of a fence. */
  breachAt?: Point;
}

interface Season {
  /** Animal-days in each zone column over the season. */
  presence: Float64Array;
  animals: number;
  /** The walk's positions [step][animal][x, y], when asked for. */
  tracks: Float32Array;
  /** The field's expected crossings between areas [from · areas + to], and the area of a point. */
  crossings: Float64Array | null;
  areaAt: (x: number, y: number) => number;
}

/** One season of a scenario's herd, with no browsing to speak of, driven process by process. */
async function season(sc: ScenarioInput, o: SeasonOptions): Promise<Season> {
  const scenario: ScenarioInput = { ...sc, years: 1, replicates: 1, herbivoreSteps: { stepsPerDay: o.stepsPerDay, daysPerYear: o.days } };
  const loaded = await loadScenario(scenario, { baseDir: process.cwd() });
  const site = new Site(loaded.resolved, loaded.terrain);
  let tracks: Float32Array = new Float32Array(0);
  const samples = o.days * o.stepsPerDay;
  const ctx = startReplicate(site, {
    replicate: o.replicate,
    trackSamples: samples,
    frames: o.tracks ? { onLayout: () => undefined, onFrame: (f) => void (tracks = f.tracks) } : undefined,
  });
  ctx.year = 1;
  ctx.day0 = 0;
  fencesProcess.run(ctx);
  if (o.breachAt) {
    const f = ctx.fences;
    let best = -1;
    let bestPos = 0;
    let bestDistance = Infinity;
    for (let s = 0; s < f.segmentCount; s++) {
      const dx = f.bx[s] - f.ax[s];
      const dy = f.by[s] - f.ay[s];
      const t = Math.max(0, Math.min(1, ((o.breachAt[0] - f.ax[s]) * dx + (o.breachAt[1] - f.ay[s]) * dy) / (dx * dx + dy * dy)));
      const d = Math.hypot(f.ax[s] + t * dx - o.breachAt[0], f.ay[s] + t * dy - o.breachAt[1]);
      if (d < bestDistance) {
        bestDistance = d;
        best = s;
        bestPos = t * f.segLength[s];
      }
    }
    f.addBreach(best, bestPos, 0, 1e9);
  }
  const field = ctx.herbivores instanceof FieldModel ? ctx.herbivores : null;
  const areas = site.fieldSite().areasFor(0, ctx.fences).map;
  if (field) field.crossings = new Float64Array(areas.count * areas.count);
  browsingProcess.run(ctx);
  ctx.frames?.emit(1, ctx.trees, ctx.fences, ctx.herd.count);
  return { presence: ctx.tallies.presence, animals: ctx.herd.count, tracks, crossings: field?.crossings ?? null, areaAt: (x, y) => areas.areaAt(x, y) };
}

/** Times a walker's side changes between consecutive recorded steps, over all animals. */
function sideChanges(tracks: Float32Array, animals: number, side: (x: number, y: number) => boolean): number {
  const steps = tracks.length / (2 * animals);
  let changes = 0;
  for (let a = 0; a < animals; a++) {
    let before = side(tracks[2 * a], tracks[2 * a + 1]);
    for (let s = 1; s < steps; s++) {
      const now = side(tracks[(s * animals + a) * 2], tracks[(s * animals + a) * 2 + 1]);
      if (now !== before) changes++;
      before = now;
    }
  }
  return changes;
}

const MARKER = { name: 'marker', polygon: [[5, 5], [15, 5], [15, 15], [5, 15]] as Point[], species: [{ species: 'downy_birch', fraction: 1 }], density: 100 };

function flatSite(side: number): ScenarioInput['terrain'] {
  return { type: 'procedural', width: side, height: side, cellSize: 10, relief: 0, baseElevation: 100, shape: 'flat' };
}

/** A site cut in two by a straight fence of a type red deer get over once in five attempts. */
function straightFence(model: 'field' | 'walk', seed: number): ScenarioInput {
  return {
    schemaVersion: 1,
    name: `straight fence (${model})`,
    seed,
    years: 1,
    replicates: 1,
    terrain: flatSite(4000),
    plantings: [MARKER],
    // The library's temporary deer fence: red deer get over it once in five attempts.
    fences: [{ name: 'line', type: 'temporary_deer_fence', path: [[2000, 0.5], [2000, 3999.5]], closed: false, breachRatePerKmPerYear: 0 }],
    herbivores: [{ kind: 'red_deer', densityPerKm2: 15 }],
    herbivoreModel: model,
  };
}

const EXCLOSURE: Point[] = [[1250, 1250], [1750, 1250], [1750, 1750], [1250, 1750]];

/** A 25 ha exclosure in the middle of open country under red deer, its deer fence breachable only by hand. */
function exclosure(model: 'field' | 'walk', seed: number, gap: number): ScenarioInput {
  return {
    schemaVersion: 1,
    name: `exclosure (${model})`,
    seed,
    years: 1,
    replicates: 1,
    terrain: flatSite(3000),
    // The exclosure is a zone, so the time inside is counted; one tree a hectare is no forage to speak of.
    plantings: [MARKER, { name: 'inside', polygon: EXCLOSURE, species: [{ species: 'downy_birch', fraction: 1 }], density: 1 }],
    fenceTypes: { deer_fence: { gapWidth: gap } },
    fences: [{ name: 'exclosure', type: 'deer_fence', path: EXCLOSURE, closed: true, breachRatePerKmPerYear: 0, repairDelayDays: 3650 }],
    herbivores: [{ kind: 'red_deer', densityPerKm2: 30 }],
    herbivoreModel: model,
  };
}

const insideExclosure = (x: number, y: number) => x > 1250 && x < 1750 && y > 1250 && y < 1750;

export async function fieldVsWalkSection(o: { quick: boolean }): Promise<Section> {
  const verdicts: VerdictRow[] = [];
  const reps = o.quick ? 3 : 16;

  // 1. Kernel: a fresh walk of each library kind (other seed, other animals) against the kernel the field uses.
  const lib = loadLibrary();
  const kernelRows: string[][] = [];
  for (const id of KINDS) {
    const kind = lib.herbivores[id];
    const radius = Math.sqrt((kind.homeRange.value * 1e6) / Math.PI);
    const ratio = kind.persistenceLength.value / radius;
    const walk = await measureKernel({ ratio, animals: o.quick ? 40 : 120, years: o.quick ? 1 : 2, seed: 777 });
    const field = kernelAt(lib.homeKernels, ratio);
    const quantile = (cum: number[], q: number) => {
      const i = cum.findIndex((c) => c >= q);
      return i <= 0 ? 0 : (i - 1 + (q - cum[i - 1]) / (cum[i] - cum[i - 1])) * field.step;
    };
    const fieldCum = cumulative(field.density, field.step);
    const w50 = quantile(walk.cumulative, 0.5);
    const w95 = quantile(walk.cumulative, 0.95);
    const f50 = quantile(fieldCum, 0.5);
    const f95 = quantile(fieldCum, 0.95);
    kernelRows.push([kind.name, fmt(ratio, 3), `${fmt(w50, 3)} / ${fmt(f50, 3)}`, `${fmt(w95, 3)} / ${fmt(f95, 3)}`, fmt(walk.samples)]);
    verdicts.push({
      item: `${kind.name}: home-range kernel, distance holding 95% of the time`,
      model: `field ${fmt(f95, 3)} R`,
      published: `walk ${fmt(w95, 3)} R (fresh walk)`,
      source: 'reference walk (herbivoreModel "walk")',
      verdict: byRelativeError(f95, w95),
    });
  }

  // 2. A straight fence red deer get over one attempt in five: one-way crossings per metre per day.
  const fenceDays = o.quick ? 10 : 30;
  const walkCross: number[] = [];
  const fieldCross: number[] = [];
  for (let r = 0; r < reps; r++) {
    const w = await season(straightFence('walk', 100 + r), { replicate: 0, days: fenceDays, stepsPerDay: 96, tracks: true });
    walkCross.push(sideChanges(w.tracks, w.animals, (x) => x < 2000) / 2 / 4000 / fenceDays);
    const f = await season(straightFence('field', 100 + r), { replicate: 0, days: fenceDays, stepsPerDay: 96, tracks: false });
    const west = f.areaAt(1000, 2000);
    const east = f.areaAt(3000, 2000);
    const n = Math.round(Math.sqrt(f.crossings!.length));
    fieldCross.push((f.crossings![west * n + east] + f.crossings![east * n + west]) / 2 / 4000 / fenceDays);
  }
  const wc = meanAndError(walkCross);
  const fc = meanAndError(fieldCross);
  verdicts.push({
    item: 'Straight fence (passability 0.2): one-way crossings per km per day',
    model: `field ${fmt(fc.mean * 1000, 2)} ± ${fmt(fc.se * 1000, 2)}`,
    published: `walk ${fmt(wc.mean * 1000, 2)} ± ${fmt(wc.se * 1000, 2)}`,
    source: 'reference walk (herbivoreModel "walk")',
    verdict: byRelativeError(fc.mean, wc.mean),
  });

  // 3. An exclosure filling through a 10 m breach: mean deer inside over the first days after it opens.
  const fillDays = o.quick ? [5, 30] : [5, 20, 60, 180];
  const fillRows: string[][] = [];
  for (const days of fillDays) {
    const w: number[] = [];
    const f: number[] = [];
    for (let r = 0; r < reps; r++) {
      const ws = await season(exclosure('walk', 200 + r, 10), { replicate: 0, days, stepsPerDay: 24, tracks: false, breachAt: [1500, 1250] });
      w.push(ws.presence[2] / (days * 24));
      const fs = await season(exclosure('field', 200 + r, 10), { replicate: 0, days, stepsPerDay: 24, tracks: false, breachAt: [1500, 1250] });
      f.push(fs.presence[2] / days);
    }
    const wm = meanAndError(w);
    const fm = meanAndError(f);
    fillRows.push([`${days}`, `${fmt(wm.mean, 2)} ± ${fmt(wm.se, 2)}`, `${fmt(fm.mean, 2)} ± ${fmt(fm.se, 2)}`, fmt((fm.mean - wm.mean) / Math.hypot(wm.se, fm.se), 1)]);
    verdicts.push({
      item: `Exclosure through a 10 m breach: deer inside, first ${days} days`,
      model: `field ${fmt(fm.mean, 2)}`,
      published: `walk ${fmt(wm.mean, 2)} ± ${fmt(wm.se, 2)}`,
      source: 'reference walk (herbivoreModel "walk")',
      verdict: agreement(fm.mean, wm, fm.se),
    });
  }

  // 4. The crossing rate through gaps of given widths, both ways, per day over 90 days.
  const gapRows: string[][] = [];
  for (const gap of o.quick ? [20] : [5, 20]) {
    const w: number[] = [];
    const f: number[] = [];
    const days = o.quick ? 30 : 90;
    for (let r = 0; r < reps; r++) {
      const ws = await season(exclosure('walk', 300 + r, gap), { replicate: 0, days, stepsPerDay: 96, tracks: true, breachAt: [1500, 1250] });
      w.push(sideChanges(ws.tracks, ws.animals, insideExclosure) / days);
      const fs = await season(exclosure('field', 300 + r, gap), { replicate: 0, days, stepsPerDay: 96, tracks: false, breachAt: [1500, 1250] });
      const inside = fs.areaAt(1500, 1500);
      const outside = fs.areaAt(500, 500);
      const n = Math.round(Math.sqrt(fs.crossings!.length));
      f.push((fs.crossings![inside * n + outside] + fs.crossings![outside * n + inside]) / days);
    }
    const wm = meanAndError(w);
    const fm = meanAndError(f);
    gapRows.push([`${gap}`, `${fmt(wm.mean, 3)} ± ${fmt(wm.se, 3)}`, `${fmt(fm.mean, 3)} ± ${fmt(fm.se, 3)}`]);
    verdicts.push({
      item: `Breach ${gap} m wide: crossings per day, both ways`,
      model: `field ${fmt(fm.mean, 3)}`,
      published: `walk ${fmt(wm.mean, 3)} ± ${fmt(wm.se, 3)}`,
      source: 'reference walk (herbivoreModel "walk")',
      verdict: agreement(fm.mean, wm, fm.se),
    });
  }

  const body = `
The herbivore field (the default, \`herbivoreModel: "field"\`) computes where animals spend their time instead of tracing
their paths. Each process is set here against the walk it stands for (\`herbivoreModel: "walk"\`, the reference), on flat
open sites built to isolate it, with ${reps} replicates (other seeds) each; ± is a standard error across replicates. The
walk's crossings are counted from its positions at every step (96 a day, 20 m or less apart at a red deer's pace); the field's
are its expected crossings, the time spent beside each fence times the rate across it. A verdict of **agrees** is within 15%
(or, where the walk's own noise is larger, within two of its standard errors), **close** within 30% (three).

**Kernel.** Distances (in units of the home-range radius R) within which half and 95% of an animal's time is spent in open
country: a fresh walk (another seed and other animals than the one the library's kernels were measured on) against the kernel
the field uses for the kind (interpolated at its persistence over radius).

${table(['kind', 'persistence / R', 'half the time, walk / field', '95% of the time, walk / field', 'positions binned'], kernelRows)}

**Straight fence.** A 4 km × 4 km site cut in two by a straight fence red deer get over once in five attempts, red deer at
15 per km², ${fenceDays} days: crossings each way per km of fence per day, walk ${fmt(wc.mean * 1000, 2)} ± ${fmt(wc.se * 1000, 2)},
field ${fmt(fc.mean * 1000, 2)} ± ${fmt(fc.se * 1000, 2)}.

**Exclosure.** A 25 ha exclosure (a closed deer fence) in a 3 km × 3 km open site under red deer at 30 per km², all of
whose home ranges are outside it; a 10 m breach opens on its south side at the start and is not mended. Mean deer inside
over the first days (z: the difference over its standard error):

${table(['days', 'walk', 'field', 'z'], fillRows)}

**Breach.** The same exclosure with a breach of a given width open for ${o.quick ? 30 : 90} days: crossings through it per day,
in and out together.

${table(['gap, m', 'walk', 'field'], gapRows)}
`;
  return { title: 'The herbivore field against the walk: kernel, fences and breaches', body, figures: [], verdicts };
}

/** Agrees within 15% or two standard errors of the difference; close within 30% or three. */
function agreement(model: number, walk: { mean: number; se: number }, modelSe: number): VerdictRow['verdict'] {
  const relative = byRelativeError(model, walk.mean);
  const se = Math.hypot(walk.se, modelSe);
  const z = se > 0 ? Math.abs(model - walk.mean) / se : Infinity;
  if (relative === 'agrees' || z <= 2) return 'agrees';
  if (relative === 'close' || z <= 3) return 'close';
  return 'misses';
}

/** Share of the time within each table distance, from a radial density table (per R², step in R). */
function cumulative(density: readonly number[], step: number): number[] {
  const out = [0];
  let acc = 0;
  for (let i = 0; i + 1 < density.length; i++) {
    const r0 = i * step;
    const r1 = r0 + step;
    acc += Math.PI * (r1 * r1 - r0 * r0) * (density[i] + density[i + 1]) / 2;
    out.push(acc);
  }
  return out.map((c) => c / acc);
}
