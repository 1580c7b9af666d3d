import { boundsOf, pointInPolygon } from '../../shared/polygon.js';
import type { KeyedDraws, Rng } from '../../random/rng.js';
import { MAX_ANIMALS } from '../../scenario/schema.js';
import { terrainSouth } from '../../terrain/terrain.js';
import { grown } from '../arrays.js';
import type { FenceNetwork } from '../fences.js';
import type { Site } from '../site.js';

/**
 * The herbivores of a replicate as typed arrays, one row per animal: kind, population, home-range
 * centre, and the position, heading and run the reference walk moves. Both herbivore models keep their
 * animals here, so numbers, births, culls and where home ranges lie are the same whichever model browses.
 */
export class Herd {
  count = 0;
  x = new Float64Array(64);
  y = new Float64Array(64);
  heading = new Float64Array(64);
  /** Distance left in the current run before the animal takes a new heading, m (the walk). */
  runLeft = new Float64Array(64);
  homeX = new Float64Array(64);
  homeY = new Float64Array(64);
  kind = new Uint8Array(64);
  population = new Uint16Array(64);
  /** The most animals each population may hold, set by a cull (a measure); Infinity while none has been made. */
  private held: number[] = [];

  /**
   * `scale` multiplies every population's starting number (rounded) and its capacity: a site draw of
   * more or fewer animals than the plan assumes; 1 in a plan's own runs.
   */
  constructor(
    private readonly site: Site,
    private readonly scale = 1,
  ) {}

  /**
   * Animals of each population at the start: the number the scenario gives (its density times the
   * area it may use), each with a home-range centre drawn at random on ground it can use and outside
   * the closed fences standing in year 1 that keep its kind out (an exclosure is cleared before planting).
   * Each animal's tries at a place are keyed draws of its own, so a fence moved or added changes the
   * homes of the animals it falls on and no others.
   */
  populate(fences: FenceNetwork, homes: KeyedDraws, rng: Rng): void {
    const sc = this.site.scenario.scenario;
    sc.herbivores.forEach((_, pop) => {
      const kind = this.site.populationKind[pop];
      const n = this.scale === 1 ? this.site.populationStart[pop] : Math.round(this.site.populationStart[pop] * this.scale);
      for (let k = 0; k < n; k++) {
        let draw = 0;
        const key = pop * 1_000_003 + k;
        const at = this.randomPlace(pop, kind, fences, 1, { next: () => homes.at(key, draw++) });
        if (at) this.add(pop, kind, at[0], at[1], at[0], at[1], rng);
      }
    });
  }

  /**
   * Inside a standing closed fence built to keep this kind out? A fence that encloses the population's
   * own area (a paddock) is where it belongs, not an exclosure.
   */
  insideExclosure(fences: FenceNetwork, pop: number, kind: number, year: number, x: number, y: number): boolean {
    for (const { fence, ring } of this.site.closedFences) {
      if (this.site.enclosures[pop].has(fence)) continue;
      if (fences.standsDuring(fence, year) && fences.stops(fence, kind) && pointInPolygon(ring, x, y)) return true;
    }
    return false;
  }

  /** A random point on ground the population may use, outside every exclosure standing in `year`; null when none is found. */
  randomPlace(pop: number, kind: number, fences: FenceNetwork, year: number, rng: Pick<Rng, 'next'>): [number, number] | null {
    const t = this.site.terrain;
    const area = this.site.scenario.scenario.herbivores[pop].area;
    const b = area
      ? boundsOf(area)
      : { minX: t.west, maxX: t.west + t.cols * t.cellSize, minY: terrainSouth(t), maxY: t.north };
    const walkable = this.site.walkable[pop];
    for (let tries = 0; tries < 10_000; tries++) {
      const x = b.minX + rng.next() * (b.maxX - b.minX);
      const y = b.minY + rng.next() * (b.maxY - b.minY);
      const cell = this.site.grid.cellAt(x, y);
      if (cell < 0 || walkable[cell] === 0) continue;
      if (this.insideExclosure(fences, pop, kind, year, x, y)) continue;
      return [x, y];
    }
    return null;
  }

  /** A new animal with a random heading and a fresh run ahead of it. */
  add(pop: number, kind: number, x: number, y: number, hx: number, hy: number, rng: Rng): void {
    if (this.count === this.x.length) {
      const cap = this.count * 2;
      this.x = grown(this.x, cap);
      this.y = grown(this.y, cap);
      this.heading = grown(this.heading, cap);
      this.runLeft = grown(this.runLeft, cap);
      this.homeX = grown(this.homeX, cap);
      this.homeY = grown(this.homeY, cap);
      this.kind = grown(this.kind, cap);
      this.population = grown(this.population, cap);
    }
    const i = this.count++;
    this.x[i] = x;
    this.y[i] = y;
    this.heading[i] = rng.next() * 2 * Math.PI;
    this.runLeft[i] = this.site.kinds[kind].persistenceLength * -Math.log(1 - rng.next());
    this.homeX[i] = hx;
    this.homeY[i] = hy;
    this.kind[i] = kind;
    this.population[i] = pop;
  }

  private remove(i: number): void {
    const last = --this.count;
    this.x[i] = this.x[last];
    this.y[i] = this.y[last];
    this.heading[i] = this.heading[last];
    this.runLeft[i] = this.runLeft[last];
    this.homeX[i] = this.homeX[last];
    this.homeY[i] = this.homeY[last];
    this.kind[i] = this.kind[last];
    this.population[i] = this.population[last];
  }

  /**
   * Yearly change in numbers, before the year's browsing, and only where the scenario asks for it: a
   * population stays at the size it was given unless it has an `annualGrowthRate` (net recruitment,
   * logistic up to `capacityPerKm2` when that is given) or a `cullingRate`. Births join a random member
   * of their population and share its home range; culls remove members at random. No site holds more
   * than MAX_ANIMALS in all.
   */
  updatePopulation(rng: Rng): void {
    const sc = this.site.scenario.scenario;
    sc.herbivores.forEach((h, pop) => {
      const growth = h.annualGrowthRate ?? 0;
      if (growth === 0 && h.cullingRate === 0) return;
      const held = this.held[pop] ?? Infinity;
      const members: number[] = [];
      for (let i = 0; i < this.count; i++) if (this.population[i] === pop) members.push(i);
      const n = members.length;
      if (n === 0) return;
      const capacity = h.capacityPerKm2 !== undefined ? h.capacityPerKm2 * this.scale * this.site.populationAreaKm2[pop] : Infinity;
      const room = MAX_ANIMALS - this.count;
      const births = growth > 0 ? Math.min(room, rng.poisson(n * growth * Math.max(0, 1 - n / capacity))) : 0;
      const deaths = rng.binomial(n, Math.min(1, h.cullingRate + (growth < 0 ? -growth : 0)));
      for (let k = 0; k < births; k++) {
        const mother = members[rng.int(n)];
        this.add(pop, this.kind[mother], this.x[mother], this.y[mother], this.homeX[mother], this.homeY[mother], rng);
      }
      // Remove from the highest index down so indices of members still to remove stay valid.
      const doomed = new Set<number>();
      while (doomed.size < Math.min(deaths, n)) doomed.add(members[rng.int(n)]);
      [...doomed].sort((a, b) => b - a).forEach((i) => this.remove(i));
      if (n + births - doomed.size > held) this.cullTo(pop, held, rng);
    });
  }

  /**
   * Culls population `pop` to at most `animals` (members removed at random) and holds it there: births
   * after never take it above. A cull measure does this at the start of its year.
   */
  cullTo(pop: number, animals: number, rng: Rng): void {
    this.held[pop] = Math.min(this.held[pop] ?? Infinity, animals);
    const members: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.population[i] === pop) members.push(i);
    const excess = members.length - this.held[pop];
    if (excess <= 0) return;
    const doomed = new Set<number>();
    while (doomed.size < excess) doomed.add(members[rng.int(members.length)]);
    [...doomed].sort((a, b) => b - a).forEach((i) => this.remove(i));
  }
}
