import { boundsOf, pointInPolygon } from '../geometry/polygon.js';
import type { Rng } from '../random/rng.js';
import { terrainSouth } from '../terrain/terrain.js';
import { grown } from './arrays.js';
import type { FenceNetwork } from './fences.js';
import type { TreeIndex } from './grid.js';
import type { Site } from './site.js';
import { TreeStatus, type TreeStore } from './trees.js';

/** The most animals a site holds, all populations together. */
export const MAX_ANIMALS = 100_000;

/** How strongly animals are drawn to cells with palatable saplings: weight = 1 + FORAGE_PULL · forage (model assumption). */
const FORAGE_PULL = 0.5;
/** Largest turning angle between steps of the correlated random walk, radians (model assumption). */
const TURN_SPREAD = 2;

export interface BrowseTally {
  /** Saplings browsed this year per zone column (0 = whole site). */
  browsed: Float64Array;
  /** Animal-steps spent in each zone column this year. */
  presence: Float64Array;
}

/**
 * The herbivores of a replicate as typed arrays: position, heading, kind and population. Each day
 * every animal takes a few steps of a correlated random walk that prefers forage and avoids steep
 * ground and NODATA; fences refuse steps (FenceNetwork.allowsStep); after each step it browses
 * saplings in its grid cell (browseSaplings).
 */
export class Herd {
  count = 0;
  x = new Float64Array(64);
  y = new Float64Array(64);
  heading = new Float64Array(64);
  kind = new Uint8Array(64);
  population = new Uint16Array(64);

  private readonly forage: Float32Array;
  private readonly walkable: readonly Uint8Array[];
  /** Animals each population started with, which bounds its growth when no capacity is given. */
  private readonly initial: number[];

  /** `forage` is working memory of one grid cell each, reused between replicates. */
  constructor(
    private readonly site: Site,
    forage: Float32Array,
  ) {
    this.forage = forage;
    this.walkable = site.walkable;
    this.initial = site.scenario.scenario.herbivores.map(() => 0);
  }

  /**
   * Animals of each population at the start, placed at random on ground they can use and outside the
   * closed fences standing in year 1 that keep their kind out: an exclosure is cleared before planting.
   */
  populate(fences: FenceNetwork, rng: Rng): void {
    const sc = this.site.scenario.scenario;
    sc.herbivores.forEach((h, pop) => {
      const kind = this.site.populationKind[pop];
      const n = h.count ?? Math.round((h.densityPerKm2 ?? 0) * this.site.populationAreaKm2[pop]);
      for (let k = 0; k < n; k++) {
        const at = this.randomPlace(pop, kind, fences, 1, rng);
        if (at) this.add(pop, kind, at[0], at[1], rng.next() * 2 * Math.PI);
      }
      this.initial[pop] = n;
    });
  }

  /**
   * The yearly fence inspection: animals that got into an exclosure through a breach are driven out to
   * open ground. Only kinds the fence is built to stop are driven out; a fence they cross at will is no
   * exclosure for them.
   */
  clearExclosures(fences: FenceNetwork, year: number, rng: Rng): void {
    if (this.site.closedFences.length === 0) return;
    for (let a = 0; a < this.count; a++) {
      const kind = this.kind[a];
      const pop = this.population[a];
      if (!this.insideExclosure(fences, pop, kind, year, this.x[a], this.y[a])) continue;
      const at = this.randomPlace(pop, kind, fences, year, rng);
      if (!at) continue;
      this.x[a] = at[0];
      this.y[a] = at[1];
    }
  }

  /**
   * Inside a standing closed fence built to keep this kind out? A fence that encloses the population's
   * own area (a paddock) is where it belongs, not an exclosure.
   */
  private insideExclosure(fences: FenceNetwork, pop: number, kind: number, year: number, x: number, y: number): boolean {
    for (const { fence, ring } of this.site.closedFences) {
      if (this.site.enclosures[pop].has(fence)) continue;
      if (fences.standsDuring(fence, year) && fences.stops(fence, kind) && pointInPolygon(ring, x, y)) return true;
    }
    return false;
  }

  private randomPlace(pop: number, kind: number, fences: FenceNetwork, year: number, rng: Rng): [number, number] | null {
    const t = this.site.terrain;
    const area = this.site.scenario.scenario.herbivores[pop].area;
    const b = area
      ? boundsOf(area)
      : { minX: t.west, maxX: t.west + t.cols * t.cellSize, minY: terrainSouth(t), maxY: t.north };
    for (let tries = 0; tries < 10_000; tries++) {
      const x = b.minX + rng.next() * (b.maxX - b.minX);
      const y = b.minY + rng.next() * (b.maxY - b.minY);
      const cell = this.site.grid.cellAt(x, y);
      if (cell < 0 || this.walkable[pop][cell] === 0) continue;
      if (this.insideExclosure(fences, pop, kind, year, x, y)) continue;
      return [x, y];
    }
    return null;
  }

  private add(pop: number, kind: number, x: number, y: number, heading: number): void {
    if (this.count === this.x.length) {
      const cap = this.count * 2;
      this.x = grown(this.x, cap);
      this.y = grown(this.y, cap);
      this.heading = grown(this.heading, cap);
      this.kind = grown(this.kind, cap);
      this.population = grown(this.population, cap);
    }
    const i = this.count++;
    this.x[i] = x;
    this.y[i] = y;
    this.heading[i] = heading;
    this.kind[i] = kind;
    this.population[i] = pop;
  }

  private remove(i: number): void {
    const last = --this.count;
    this.x[i] = this.x[last];
    this.y[i] = this.y[last];
    this.heading[i] = this.heading[last];
    this.kind[i] = this.kind[last];
    this.population[i] = this.population[last];
  }

  /**
   * Yearly change in numbers, before the year's movement: births (net recruitment, logistic up to the
   * capacity) join a random member of their population; culls remove members at random. Without a
   * given capacity, a population can at most triple from its start (model assumption standing for
   * the limits of food and of culling on neighbouring ground), and no site holds more than
   * MAX_ANIMALS in all.
   */
  updatePopulation(rng: Rng): void {
    const sc = this.site.scenario.scenario;
    sc.herbivores.forEach((h, pop) => {
      const lib = this.site.scenario.herbivoreKinds[h.kind];
      const members: number[] = [];
      for (let i = 0; i < this.count; i++) if (this.population[i] === pop) members.push(i);
      const n = members.length;
      if (n === 0) return;
      const growth = h.annualGrowthRate ?? lib.annualGrowthRate.value;
      const capacity = h.capacityPerKm2 !== undefined ? h.capacityPerKm2 * this.site.populationAreaKm2[pop] : 3 * this.initial[pop];
      const room = MAX_ANIMALS - this.count;
      const births = growth > 0 ? Math.min(room, rng.poisson(n * growth * Math.max(0, 1 - n / capacity))) : 0;
      const deaths = rng.binomial(n, Math.min(1, h.cullingRate + (growth < 0 ? -growth : 0)));
      for (let k = 0; k < births; k++) {
        const mother = members[rng.int(n)];
        this.add(pop, this.kind[mother], this.x[mother], this.y[mother], rng.next() * 2 * Math.PI);
      }
      // Remove from the highest index down so indices of members still to remove stay valid.
      const doomed = new Set<number>();
      while (doomed.size < Math.min(deaths, n)) doomed.add(members[rng.int(n)]);
      [...doomed].sort((a, b) => b - a).forEach((i) => this.remove(i));
    });
  }

  /** Palatable, reachable saplings per grid cell, which draws animals in. */
  updateForage(trees: TreeStore): void {
    const f = this.forage;
    f.fill(0);
    const maxReach = this.site.maxBrowseHeight;
    const pal = this.site.species.palatability;
    for (let i = 0; i < trees.count; i++) {
      if (trees.status[i] !== TreeStatus.Alive) continue;
      const h = trees.height[i];
      if (h >= maxReach || h <= trees.shelterHeight[i]) continue;
      f[trees.cell[i]] += pal[trees.species[i]];
    }
  }

  /**
   * Moves every animal through the year and browses. `day0` is the absolute day the year starts on
   * (for breaches). When `track` is given, positions are written to it at `trackSamples` evenly spaced moments.
   */
  moveAndBrowse(
    year: number,
    day0: number,
    trees: TreeStore,
    index: TreeIndex,
    fences: FenceNetwork,
    tally: BrowseTally,
    rng: Rng,
    track?: { samples: number; positions: Float32Array },
  ): void {
    const site = this.site;
    const sc = site.scenario.scenario;
    const { stepsPerDay, daysPerYear } = sc.herbivoreSteps;
    const grid = site.grid;
    const kinds = site.kinds;
    const stepLen = new Float64Array(kinds.map((k) => k.dailyMovement / stepsPerDay));
    const bitesPerStep = new Float64Array(kinds.map((k) => k.saplingsBrowsedPerDay / stepsPerDay));
    const reach = new Float64Array(kinds.map((k) => k.browseHeight));
    const totalSteps = daysPerYear * stepsPerDay;
    const forage = this.forage;
    const sampleEvery = track ? Math.max(1, Math.floor(totalSteps / track.samples)) : 0;
    let sample = 0;

    for (let step = 0; step < totalSteps; step++) {
      const day = day0 + step / stepsPerDay;
      for (let a = 0; a < this.count; a++) {
        const kind = this.kind[a];
        const pop = this.population[a];
        const x0 = this.x[a];
        const y0 = this.y[a];
        // Two candidate headings from the correlated walk; the one with more forage is likelier.
        // Turning angles are triangular (difference of two uniforms): cheap, symmetric, and
        // concentrated around straight on as a correlated walk needs. Where neither candidate lands
        // on usable ground (an edge, a crag) the step is shortened before the animal gives up and turns.
        const walk = this.walkable[pop];
        for (let len = stepLen[kind], tries = 0; len > 0 && tries < 4; len *= 0.5, tries++) {
          const h1 = this.heading[a] + TURN_SPREAD * (rng.next() - rng.next());
          const h2 = this.heading[a] + TURN_SPREAD * (rng.next() - rng.next());
          const x1 = x0 + len * sine(h1);
          const y1 = y0 + len * cosine(h1);
          const x2 = x0 + len * sine(h2);
          const y2 = y0 + len * cosine(h2);
          const c1 = grid.cellAt(x1, y1);
          const c2 = grid.cellAt(x2, y2);
          const w1 = c1 >= 0 && walk[c1] === 1 ? 1 + FORAGE_PULL * forage[c1] : 0;
          const w2 = c2 >= 0 && walk[c2] === 1 ? 1 + FORAGE_PULL * forage[c2] : 0;
          if (w1 + w2 === 0) {
            if (tries === 3) this.heading[a] += Math.PI * (0.5 + rng.next());
            continue;
          }
          const first = rng.next() * (w1 + w2) < w1;
          const nx = first ? x1 : x2;
          const ny = first ? y1 : y2;
          if (fences.allowsStep(x0, y0, nx, ny, kind, day, rng)) {
            this.x[a] = nx;
            this.y[a] = ny;
            this.heading[a] = first ? h1 : h2;
          } else {
            this.heading[a] += Math.PI * (0.5 + rng.next());
          }
          break;
        }
        const cell = grid.cellAt(this.x[a], this.y[a]);
        if (cell < 0) continue;
        const zone = site.zoneOfCell[cell];
        tally.presence[0]++;
        if (zone > 0) tally.presence[zone]++;
        const bites = bitesPerStep[kind];
        let whole = Math.floor(bites);
        if (rng.next() < bites - whole) whole++;
        if (whole > 0) browseSaplings(trees, index, site, forage, cell, reach[kind], whole, year, tally, rng);
      }
      if (track && step % sampleEvery === 0 && sample < track.samples) {
        const base = sample * this.count * 2;
        for (let a = 0; a < this.count && base + 2 * a + 1 < track.positions.length; a++) {
          track.positions[base + 2 * a] = this.x[a];
          track.positions[base + 2 * a + 1] = this.y[a];
        }
        sample++;
      }
    }
  }

}

/**
 * Browses up to `bites` saplings around an animal: in its grid cell and the eight around it, live,
 * not yet browsed this year, shorter than the animal's reach and taller than any shelter. Each sapling
 * met is taken with its species' palatability, so palatable species are browsed first. `forage` holds
 * the palatable saplings left per cell; cells with none are passed over, and what is browsed is taken
 * off. Returns how many were browsed.
 */
export function browseSaplings(
  trees: TreeStore,
  index: TreeIndex,
  site: Site,
  forage: Float32Array,
  cell: number,
  reach: number,
  bites: number,
  year: number,
  tally: BrowseTally,
  rng: Rng,
): number {
  const grid = site.grid;
  const pal = site.species.palatability;
  const col = cell % grid.cols;
  const row = (cell - col) / grid.cols;
  const first = rng.int(9);
  let taken = 0;
  for (let k = 0; k < 9 && taken < bites; k++) {
    const nb = (first + k) % 9;
    const r = row + ((nb / 3) | 0) - 1;
    const c = col + (nb % 3) - 1;
    if (r < 0 || c < 0 || r >= grid.rows || c >= grid.cols) continue;
    const at = r * grid.cols + c;
    if (forage[at] <= 1e-6) continue;
    const start = index.start[at];
    const end = index.start[at + 1];
    for (let j = start; j < end && taken < bites; j++) {
      const i = index.order[j];
      if (trees.status[i] !== TreeStatus.Alive || trees.browsedYear[i] === year) continue;
      const h = trees.height[i];
      if (h >= reach || h <= trees.shelterHeight[i]) continue;
      if (rng.next() >= pal[trees.species[i]]) continue;
      trees.browsedYear[i] = year;
      trees.browseCount[i]++;
      forage[at] -= pal[trees.species[i]];
      taken++;
      tally.browsed[0]++;
      if (trees.zone[i] > 0) tally.browsed[trees.zone[i]]++;
    }
  }
  return taken;
}

/** Sine and cosine from a 4096-entry table: headings need no more than a tenth of a degree. */
const SINE_STEPS = 4096;
const SINE_TABLE = Float64Array.from({ length: SINE_STEPS }, (_, i) => Math.sin((i * 2 * Math.PI) / SINE_STEPS));
const TO_STEPS = SINE_STEPS / (2 * Math.PI);

function sine(angle: number): number {
  return SINE_TABLE[Math.round(angle * TO_STEPS) & (SINE_STEPS - 1)];
}

function cosine(angle: number): number {
  return SINE_TABLE[(Math.round(angle * TO_STEPS) + SINE_STEPS / 4) & (SINE_STEPS - 1)];
}
