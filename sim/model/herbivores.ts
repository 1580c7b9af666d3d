import { boundsOf, pointInPolygon } from '../geometry/polygon.js';
import type { Rng } from '../random/rng.js';
import { terrainSouth } from '../terrain/terrain.js';
import { grown } from './arrays.js';
import type { FenceNetwork } from './fences.js';
import type { TreeIndex } from './grid.js';
import { angleBetween, cosine, diffuseHeading, sine } from './headings.js';
import type { Site } from './site.js';
import { TreeStatus, type TreeStore } from './trees.js';

/** The most animals a site holds, all populations together. */
export const MAX_ANIMALS = 100_000;

/** Metres an animal stops short of a fence it does not cross, so that it stands on its own side. */
const FENCE_STANDOFF = 0.05;

/** Animal-steps in a year from which the year's movement reports its progress as it goes (about a second). */
const PROGRESS_ANIMAL_STEPS = 4_000_000;

/** Longest leg of a walk as a share of the home-range radius, so the turn home is followed closely. */
const MAX_LEG_OF_HOME_RADIUS = 0.125;

/** Times fences and avoided ground may turn an animal back within one step before the rest of it is given up. */
const MAX_BOUNCES = 8;

export interface BrowseTally {
  /** Saplings browsed this year per zone column (0 = whole site). */
  browsed: Float64Array;
  /** Animal-steps spent in each zone column this year. */
  presence: Float64Array;
}

/**
 * The herbivores of a replicate as typed arrays: position, heading, home-range centre, kind and
 * population.
 *
 * Movement is a correlated random walk written in continuous terms, so that its answer does not
 * depend on how finely a day is cut into steps (`herbivoreSteps.stepsPerDay`): an animal covers its
 * kind's daily distance in straight runs of exponentially distributed length (mean: the kind's
 * persistence length λ, so headings decorrelate as exp(-d/λ)), each followed by a new heading, and a
 * step is cut at every run's end however long the step. Beyond the radius of its home range it turns
 * towards its centre at a rate per metre; it moves more slowly where saplings are on offer (residence
 * time rises with forage). Steep ground and the edge of its area turn it away where the path meets
 * them; a fence met is an encounter: it passes through an open breach, gets over with the type's
 * per-encounter chance, or stops at the fence and turns away from it. Either way it walks on for the
 * rest of the step.
 * Intake is a rate per day spread over the path (browseSaplings).
 */
export class Herd {
  count = 0;
  x = new Float64Array(64);
  y = new Float64Array(64);
  heading = new Float64Array(64);
  /** Distance left in the current run before the animal takes a new heading, m. */
  runLeft = new Float64Array(64);
  homeX = new Float64Array(64);
  homeY = new Float64Array(64);
  kind = new Uint8Array(64);
  population = new Uint16Array(64);

  /** Per kind, [kind * cellCount + cell]: weighted saplings on offer in the cell (browseWeight summed). */
  private readonly forage: Float32Array;
  /** The same summed over each cell's 3×3 neighbourhood: what an animal standing in the cell finds. */
  private readonly offer: Float32Array;
  private readonly walkable: readonly Uint8Array[];

  /** `scratch` is working memory of two values per grid cell and kind, reused between replicates. */
  constructor(
    private readonly site: Site,
    scratch: Float32Array,
  ) {
    const n = site.grid.cellCount * Math.max(1, site.kinds.length);
    this.forage = scratch.subarray(0, n);
    this.offer = scratch.subarray(n, 2 * n);
    this.walkable = site.walkable;
  }

  /**
   * Animals of each population at the start: the number the scenario gives (its density times the
   * area it may use), each with a home-range centre drawn at random on ground it can use and outside
   * the closed fences standing in year 1 that keep its kind out (an exclosure is cleared before planting).
   */
  populate(fences: FenceNetwork, rng: Rng): void {
    const sc = this.site.scenario.scenario;
    sc.herbivores.forEach((_, pop) => {
      const kind = this.site.populationKind[pop];
      const n = this.site.populationStart[pop];
      for (let k = 0; k < n; k++) {
        const at = this.randomPlace(pop, kind, fences, 1, rng);
        if (at) this.add(pop, kind, at[0], at[1], at[0], at[1], rng);
      }
    });
  }

  /**
   * A fence inspection (every `Site.inspectionDays`, when breaches are found and mended): animals that
   * got into an exclosure through a breach are driven out to open ground, and a home range inside an
   * exclosure moves out with them. Only kinds the fence is built to stop are driven out; a fence they
   * cross at will is no exclosure for them.
   */
  clearExclosures(fences: FenceNetwork, year: number, rng: Rng): void {
    if (this.site.closedFences.length === 0) return;
    for (let a = 0; a < this.count; a++) {
      const kind = this.kind[a];
      const pop = this.population[a];
      const homeInside = this.insideExclosure(fences, pop, kind, year, this.homeX[a], this.homeY[a]);
      if (!homeInside && !this.insideExclosure(fences, pop, kind, year, this.x[a], this.y[a])) continue;
      const at = this.randomPlace(pop, kind, fences, year, rng);
      if (!at) continue;
      this.x[a] = at[0];
      this.y[a] = at[1];
      if (homeInside) {
        this.homeX[a] = at[0];
        this.homeY[a] = at[1];
      }
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

  /** A new animal with a random heading and a fresh run ahead of it. */
  private add(pop: number, kind: number, x: number, y: number, hx: number, hy: number, rng: Rng): void {
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
   * Yearly change in numbers, before the year's movement, and only where the scenario asks for it: a
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
      const members: number[] = [];
      for (let i = 0; i < this.count; i++) if (this.population[i] === pop) members.push(i);
      const n = members.length;
      if (n === 0) return;
      const capacity = h.capacityPerKm2 !== undefined ? h.capacityPerKm2 * this.site.populationAreaKm2[pop] : Infinity;
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
    });
  }

  /**
   * Saplings on offer per grid cell and kind: live, not browsed this year, above any shelter, each
   * weighted by its species' palatability and by the kind's browse-height profile at its height.
   */
  updateForage(trees: TreeStore): void {
    const f = this.forage;
    f.fill(0);
    const site = this.site;
    const kinds = site.kinds.length;
    if (kinds === 0) return;
    const cells = site.grid.cellCount;
    const maxReach = site.maxBrowseHeight;
    const live = trees.live;
    for (let j = 0, n = trees.liveCount; j < n; j++) {
      const i = live[j];
      const h = trees.height[i];
      if (h >= maxReach || h <= trees.shelterHeight[i]) continue;
      const c = trees.cell[i];
      const s = trees.species[i];
      for (let k = 0; k < kinds; k++) f[k * cells + c] += site.browseWeight(k, s, h);
    }
    const { cols, rows } = site.grid;
    for (let k = 0; k < kinds; k++) {
      const base = k * cells;
      for (let c = 0; c < cells; c++) this.offer[base + c] = neighbourhoodSum(f, base, c, cols, rows);
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
    onPart?: (share: number) => void,
  ): void {
    const site = this.site;
    const sc = site.scenario.scenario;
    const { stepsPerDay, daysPerYear } = sc.herbivoreSteps;
    const grid = site.grid;
    const kinds = site.kinds;
    const cells = grid.cellCount;
    const dt = 1 / stepsPerDay;
    const travel = Float64Array.from(kinds, (k) => k.dailyMovement * dt);
    const persistence = Float64Array.from(kinds, (k) => k.persistenceLength);
    const homeRadius = Float64Array.from(kinds, (k) => k.homeRadius);
    const homePull = Float64Array.from(kinds, (k) => k.homePull);
    const residence = Float64Array.from(kinds, (k) => k.forageResidence);
    const bitesPerStep = Float64Array.from(kinds, (k) => k.saplingsBrowsedPerDay * dt);
    const halfSaturation = Float64Array.from(kinds, (k) => k.browseHalfSaturation);
    const invWindow = 1 / (9 * grid.cellSize * grid.cellSize);
    const totalSteps = daysPerYear * stepsPerDay;
    const forage = this.forage;
    const offers = this.offer;
    const sampleEvery = track ? Math.max(1, Math.floor(totalSteps / track.samples)) : 0;
    let sample = 0;
    const inspectEvery = (site.inspectionDays * daysPerYear) / 365;
    let inspection = Math.floor(day0 / inspectEvery);

    const zoneOfCell = site.zoneOfCell;
    const presence = tally.presence;
    const grounds = site.ground;

    // Progress within the year, when asked for: eight reports, for herds large enough to take a while.
    const reportEvery = onPart && this.count * totalSteps >= PROGRESS_ANIMAL_STEPS ? Math.ceil(totalSteps / 8) : 0;
    for (let step = 0; step < totalSteps; step++) {
      if (reportEvery > 0 && step > 0 && step % reportEvery === 0) onPart!(step / totalSteps);
      const day = day0 + step * dt;
      if (Math.floor(day / inspectEvery) !== inspection) {
        inspection = Math.floor(day / inspectEvery);
        this.clearExclosures(fences, year, rng);
      }
      const X = this.x;
      const Y = this.y;
      const H = this.heading;
      const run = this.runLeft;
      for (let a = 0, n = this.count; a < n; a++) {
        const kind = this.kind[a];
        let x = X[a];
        let y = Y[a];
        const cell = grid.cellAt(x, y);
        if (cell < 0) continue;

        // Time spent here: presence, and browsing at the kind's intake rate, which saturates as
        // saplings become plentiful against the other forage on offer (a type II response).
        const zone = zoneOfCell[cell];
        presence[0]++;
        if (zone > 0) presence[zone]++;
        const offer = offers[kind * cells + cell] * invWindow;
        if (offer > 0) {
          const expected = (bitesPerStep[kind] * offer) / (offer + halfSaturation[kind]);
          let whole = Math.floor(expected);
          if (rng.next() < expected - whole) whole++;
          if (whole > 0) browseSaplings(trees, index, site, forage, offers, cell, kind, whole, year, tally, rng);
        }

        // Then move on: more slowly where forage holds the animal.
        const s = travel[kind] / (1 + residence[kind] * offer);
        let heading = H[a];
        // The step is walked in legs. A run ends where its drawn length runs out and the animal takes a
        // new heading; avoided ground or a fence that stops it ends a leg where it is met, and the animal
        // turns away and walks on for the rest of the step's distance. Beyond the home range, each leg
        // first turns the animal towards its centre by a share of the angle that grows with the leg's
        // length and how far out the animal is; legs are kept short against the home radius so that turn
        // is followed closely.
        const ground = grounds[this.population[a]];
        const R = homeRadius[kind];
        const maxLeg = R * MAX_LEG_OF_HOME_RADIUS;
        let left = s;
        let at = cell;
        let bounces = 0;
        while (left > 0) {
          let leg = left < run[a] ? left : run[a];
          if (leg > maxLeg) leg = maxLeg;
          const dx = this.homeX[a] - x;
          const dy = this.homeY[a] - y;
          const r2 = dx * dx + dy * dy;
          if (r2 > R * R) {
            const r = Math.sqrt(r2);
            const pull = Math.min(1, (homePull[kind] * leg * (r - R)) / (R * R));
            heading += pull * angleBetween(heading, Math.atan2(dx, dy));
          }
          const ex = x + leg * sine(heading);
          const ey = y + leg * cosine(heading);
          let share = 1;
          let wall = false;
          let t = -1;
          if (!ground.isOpen(x, y, ex, ey, at)) {
            share = ground.blockedShare(x, y, ex, ey, at);
            wall = share <= 1;
            if (!wall) share = 1;
            t = fences.encounter(x, y, x + share * (ex - x), y + share * (ey - y), kind, day, rng);
          }
          if (t < 0 && !wall) {
            x = ex;
            y = ey;
            left -= leg;
            run[a] -= leg;
            if (run[a] <= 0) {
              heading = rng.next() * 2 * Math.PI;
              run[a] = persistence[kind] * -Math.log(1 - rng.next());
            }
          } else {
            const walked = (t < 0 ? share : share * t) * leg;
            const ahead = Math.max(0, walked - FENCE_STANDOFF) / leg;
            x += ahead * (ex - x);
            y += ahead * (ey - y);
            left -= walked;
            run[a] -= walked;
            heading = t < 0 ? diffuseHeading(ground.normalX, ground.normalY, rng) : fences.turnAwayHeading(x, y, rng);
            if (++bounces === MAX_BOUNCES) break;
          }
          at = grid.cellAt(x, y);
          if (at < 0) break;
        }
        X[a] = x;
        Y[a] = y;
        H[a] = heading;
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
 * Browses up to `bites` saplings around an animal of kind `kind`: in its grid cell and the eight
 * around it, live, not yet browsed this year, within its reach and taller than any shelter. Each
 * sapling met is taken with its browse weight (palatability times the kind's height profile), so
 * preferred species and heights are browsed first. `forage` holds the weighted offer left per cell and
 * kind, `offer` its 3×3 neighbourhood sums; cells with none are passed over, and what is browsed is
 * taken off both for every kind. Returns how many were browsed.
 */
export function browseSaplings(
  trees: TreeStore,
  index: TreeIndex,
  site: Site,
  forage: Float32Array,
  offer: Float32Array,
  cell: number,
  kind: number,
  bites: number,
  year: number,
  tally: BrowseTally,
  rng: Rng,
): number {
  const grid = site.grid;
  const cells = grid.cellCount;
  const kinds = site.kinds.length;
  const base = kind * cells;
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
    if (forage[base + at] <= 1e-6) continue;
    const start = index.start[at];
    const end = index.start[at + 1];
    for (let j = start; j < end && taken < bites; j++) {
      const i = index.order[j];
      if (trees.status[i] !== TreeStatus.Alive || trees.browsedYear[i] === year) continue;
      const h = trees.height[i];
      if (h <= trees.shelterHeight[i]) continue;
      const s = trees.species[i];
      const w = site.browseWeight(kind, s, h);
      if (w <= 0 || rng.next() >= w) continue;
      trees.browsedYear[i] = year;
      trees.browseCount[i]++;
      for (let q = 0; q < kinds; q++) {
        const w = site.browseWeight(q, s, h);
        forage[q * cells + at] -= w;
        // Take it off the neighbourhood offer of every cell whose 3×3 window holds this one.
        const base = q * cells;
        for (let dr = r > 0 ? -1 : 0, dr1 = r < grid.rows - 1 ? 1 : 0; dr <= dr1; dr++) {
          const o = base + at + dr * grid.cols;
          if (c > 0) offer[o - 1] -= w;
          offer[o] -= w;
          if (c < grid.cols - 1) offer[o + 1] -= w;
        }
      }
      taken++;
      tally.browsed[0]++;
      if (trees.zone[i] > 0) tally.browsed[trees.zone[i]]++;
    }
  }
  return taken;
}

/** The 3×3 neighbourhood sum of a per-cell field starting at `base`. */
function neighbourhoodSum(field: Float32Array, base: number, cell: number, cols: number, rows: number): number {
  const col = cell % cols;
  const row = (cell - col) / cols;
  const r0 = row > 0 ? row - 1 : 0;
  const r1 = row < rows - 1 ? row + 1 : row;
  const c0 = col > 0 ? col - 1 : 0;
  const c1 = col < cols - 1 ? col + 1 : col;
  let sum = 0;
  for (let r = r0; r <= r1; r++) {
    const o = base + r * cols;
    for (let c = c0; c <= c1; c++) sum += field[o + c];
  }
  return sum;
}
