import { boundsOf, openRing, pointInPolygon } from '../geometry/polygon.js';
import type { Rng } from '../random/rng.js';
import type { Point } from '../scenario/schema.js';
import { cellIndexAt, terrainSouth } from '../terrain/terrain.js';
import type { FenceNetwork } from './fences.js';
import type { TreeIndex } from './grid.js';
import type { Site } from './site.js';
import { TreeStatus, type TreeStore } from './trees.js';

/** How strongly animals are drawn to cells with palatable saplings: weight = 1 + FORAGE_PULL · forage (model assumption). */
const FORAGE_PULL = 0.5;
/** Spread of the turning angle between steps of the correlated random walk, radians (model assumption). */
const TURN_SPREAD = 0.8;

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
  /** Per population: site-grid cells it may use (1) or null for the whole site. */
  private readonly areaMask: (Uint8Array | null)[];
  private readonly kindIndex: Map<string, number>;

  constructor(private readonly site: Site) {
    this.forage = new Float32Array(site.grid.cellCount);
    this.kindIndex = new Map(site.kinds.map((k, i) => [k.id, i]));
    this.areaMask = site.scenario.scenario.herbivores.map((h) => (h.area ? maskOf(site, openRing(h.area)) : null));
  }

  /** Animals of each population at the start, placed at random on usable ground outside closed fences standing in year 1. */
  populate(fences: FenceNetwork, rng: Rng): void {
    const sc = this.site.scenario.scenario;
    const exclosures = sc.fences
      .map((f, i) => ({ f, i }))
      .filter(({ f, i }) => f.closed && fences.standsDuring(i, 1))
      .map(({ f }) => openRing(f.path));
    sc.herbivores.forEach((h, pop) => {
      const areaKm2 = this.areaKm2(pop);
      const n = h.count ?? Math.round((h.densityPerKm2 ?? 0) * areaKm2);
      for (let k = 0; k < n; k++) this.addRandom(pop, exclosures, rng);
    });
  }

  private areaKm2(pop: number): number {
    const mask = this.areaMask[pop];
    const t = this.site.terrain;
    const g = this.site.grid;
    if (mask) {
      let cells = 0;
      for (let c = 0; c < mask.length; c++) cells += mask[c];
      return (cells * g.cellSize * g.cellSize) / 1e6;
    }
    let valid = 0;
    for (let c = 0; c < t.elevation.length; c++) if (!Number.isNaN(t.elevation[c])) valid++;
    return (valid * t.cellSize * t.cellSize) / 1e6;
  }

  private addRandom(pop: number, exclosures: Point[][], rng: Rng): void {
    const t = this.site.terrain;
    const kind = this.kindIndex.get(this.site.scenario.scenario.herbivores[pop].kind)!;
    const area = this.site.scenario.scenario.herbivores[pop].area;
    const b = area
      ? boundsOf(area)
      : { minX: t.west, maxX: t.west + t.cols * t.cellSize, minY: terrainSouth(t), maxY: t.north };
    for (let tries = 0; tries < 10_000; tries++) {
      const x = b.minX + rng.next() * (b.maxX - b.minX);
      const y = b.minY + rng.next() * (b.maxY - b.minY);
      if (!this.usable(pop, kind, x, y)) continue;
      if (exclosures.some((ring) => pointInPolygon(ring, x, y))) continue;
      this.add(pop, kind, x, y, rng.next() * 2 * Math.PI);
      return;
    }
  }

  private add(pop: number, kind: number, x: number, y: number, heading: number): void {
    if (this.count === this.x.length) {
      const cap = this.count * 2;
      const grow = <T extends Float64Array | Uint8Array | Uint16Array>(a: T, make: (n: number) => T): T => {
        const b = make(cap);
        b.set(a as never);
        return b;
      };
      this.x = grow(this.x, (n) => new Float64Array(n));
      this.y = grow(this.y, (n) => new Float64Array(n));
      this.heading = grow(this.heading, (n) => new Float64Array(n));
      this.kind = grow(this.kind, (n) => new Uint8Array(n));
      this.population = grow(this.population, (n) => new Uint16Array(n));
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

  /** Can an animal of this population and kind stand at (x, y)? On the site, in its area, not too steep. */
  private usable(pop: number, kind: number, x: number, y: number): boolean {
    const t = this.site.terrain;
    const tc = cellIndexAt(t, x, y);
    if (tc < 0 || Number.isNaN(t.elevation[tc])) return false;
    if (t.slope[tc] > this.site.kinds[kind].slopeLimit) return false;
    const mask = this.areaMask[pop];
    if (mask) {
      const gc = this.site.grid.cellAt(x, y);
      if (gc < 0 || mask[gc] === 0) return false;
    }
    return true;
  }

  /**
   * Yearly change in numbers, before the year's movement: births (net recruitment, logistic when a
   * capacity is given) join a random member of their population; culls remove members at random.
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
      const capacity = h.capacityPerKm2 !== undefined ? h.capacityPerKm2 * this.areaKm2(pop) : Infinity;
      const births = growth > 0 ? rng.poisson(n * growth * Math.max(0, 1 - n / capacity)) : 0;
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
    const sampleEvery = track ? Math.max(1, Math.floor(totalSteps / track.samples)) : 0;
    let sample = 0;

    for (let step = 0; step < totalSteps; step++) {
      const day = day0 + step / stepsPerDay;
      for (let a = 0; a < this.count; a++) {
        const kind = this.kind[a];
        const pop = this.population[a];
        const x0 = this.x[a];
        const y0 = this.y[a];
        const len = stepLen[kind];
        if (len > 0) {
          // Two candidate headings from the correlated walk; the one with more forage is likelier.
          const h1 = this.heading[a] + TURN_SPREAD * rng.normal();
          const h2 = this.heading[a] + TURN_SPREAD * rng.normal();
          const x1 = x0 + len * Math.sin(h1);
          const y1 = y0 + len * Math.cos(h1);
          const x2 = x0 + len * Math.sin(h2);
          const y2 = y0 + len * Math.cos(h2);
          const w1 = this.usable(pop, kind, x1, y1) ? 1 + FORAGE_PULL * this.forageAt(x1, y1) : 0;
          const w2 = this.usable(pop, kind, x2, y2) ? 1 + FORAGE_PULL * this.forageAt(x2, y2) : 0;
          if (w1 + w2 === 0) {
            this.heading[a] += Math.PI * (0.5 + rng.next());
          } else {
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
          }
        }
        const cell = grid.cellAt(this.x[a], this.y[a]);
        if (cell < 0) continue;
        const zone = site.zoneOfCell[cell];
        tally.presence[0]++;
        if (zone > 0) tally.presence[zone]++;
        let bites = bitesPerStep[kind];
        let whole = Math.floor(bites);
        if (rng.next() < bites - whole) whole++;
        if (whole > 0) browseSaplings(trees, index, site, cell, reach[kind], whole, year, tally, rng);
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

  private forageAt(x: number, y: number): number {
    const c = this.site.grid.cellAt(x, y);
    return c < 0 ? 0 : this.forage[c];
  }
}

/**
 * Browses up to `bites` saplings in one grid cell: live, not yet browsed this year, shorter than the
 * animal's reach and taller than any shelter; each is taken with its species' palatability, so palatable
 * species are browsed first. Returns how many were browsed.
 */
export function browseSaplings(
  trees: TreeStore,
  index: TreeIndex,
  site: Site,
  cell: number,
  reach: number,
  bites: number,
  year: number,
  tally: BrowseTally,
  rng: Rng,
): number {
  const start = index.start[cell];
  const end = index.start[cell + 1];
  const n = end - start;
  if (n === 0) return 0;
  const pal = site.species.palatability;
  let taken = 0;
  const offset = rng.int(n);
  for (let k = 0; k < n && taken < bites; k++) {
    const i = index.order[start + ((offset + k) % n)];
    if (trees.status[i] !== TreeStatus.Alive || trees.browsedYear[i] === year) continue;
    const h = trees.height[i];
    if (h >= reach || h <= trees.shelterHeight[i]) continue;
    if (rng.next() >= pal[trees.species[i]]) continue;
    trees.browsedYear[i] = year;
    trees.browseCount[i]++;
    taken++;
    tally.browsed[0]++;
    if (trees.zone[i] > 0) tally.browsed[trees.zone[i]]++;
  }
  return taken;
}

function maskOf(site: Site, ring: Point[]): Uint8Array {
  const g = site.grid;
  const mask = new Uint8Array(g.cellCount);
  for (let c = 0; c < g.cellCount; c++) if (pointInPolygon(ring, g.centreX(c), g.centreY(c))) mask[c] = 1;
  return mask;
}
