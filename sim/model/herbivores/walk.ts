import type { Rng } from '../../random/rng.js';
import { chebyshevClearance } from '../ground.js';
import { angleBetween, cosine, diffuseHeading, sine } from '../headings.js';
import { TreeStatus } from '../trees.js';
import type { HerbivoreModel, YearContext } from '../year/context.js';

/** Metres an animal stops short of a fence it does not cross, so that it stands on its own side. */
const FENCE_STANDOFF = 0.05;

/** Animal-steps in a year from which the year's movement reports its progress as it goes (about a second). */
const PROGRESS_ANIMAL_STEPS = 4_000_000;

/** Longest leg of a walk as a share of the home-range radius, so the turn home is followed closely. */
export const MAX_LEG_OF_HOME_RADIUS = 0.125;

/** Times fences and avoided ground may turn an animal back within one step before the rest of it is given up. */
const MAX_BOUNCES = 8;

/**
 * The reference herbivore model (`herbivoreModel: "walk"`): every animal's path, traced.
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
 * rest of the step. Intake is a rate per day spread over the path: at each step the animal feeds on the
 * saplings of the cell it stands in (`browseAround`).
 */
export class WalkModel implements HerbivoreModel {
  browseYear(ctx: YearContext): void {
    const { site, herd, fences, forage, tallies, frames } = ctx;
    const rng = ctx.rng.herbivores;
    const sc = site.scenario.scenario;
    const { stepsPerDay, daysPerYear } = sc.herbivoreSteps;
    const grid = site.grid;
    const kinds = site.kinds;
    const dt = 1 / stepsPerDay;
    const speed = Float64Array.from(kinds, (k) => k.dailyMovement);
    const persistence = Float64Array.from(kinds, (k) => k.persistenceLength);
    const homeRadius = Float64Array.from(kinds, (k) => k.homeRadius);
    const homePull = Float64Array.from(kinds, (k) => k.homePull);
    const residence = Float64Array.from(kinds, (k) => k.forageResidence);
    const totalSteps = daysPerYear * stepsPerDay;
    frames?.reserveTracks(herd.count);
    // The year's use of the ground for the view: each step's time where the step starts.
    const useGrid = frames ? site.fieldSite().grid : null;
    const used = useGrid ? new Float32Array(useGrid.cellCount) : null;
    const samples = frames ? frames.samples : 0;
    const sampleEvery = frames ? Math.max(1, Math.floor(totalSteps / samples)) : 0;
    let sample = 0;
    const inspectEvery = (site.inspectionDays * daysPerYear) / 365;
    let inspection = Math.floor(ctx.day0 / inspectEvery);
    const feed: FeedContext = { ctx, kind: 0, perMetre: 0, residence: 0, clock: 0, timeLeft: 0, bite: { ctx, cell: 0, kind: 0, bites: 1 } };
    // Nothing to feed on this year: the walk needs no feeding along its path, and goes at full speed.
    const feeding = forage.occupiedCount > 0;
    // How far each cell lies from the nearest one with forage around it: paths in open country skip the cell-by-cell walk.
    const forageClearance = feeding ? clearanceFromForage(forage.nearby, grid.cols, grid.rows, kinds.length) : null;

    const zoneOfCell = site.zoneOfCell;
    const presence = tallies.presence;
    const grounds = site.ground;

    // Progress within the year, when asked for: eight reports, for herds large enough to take a while.
    const onPart = ctx.onPartOfYear;
    const reportEvery = onPart && herd.count * totalSteps >= PROGRESS_ANIMAL_STEPS ? Math.ceil(totalSteps / 8) : 0;
    for (let step = 0; step < totalSteps; step++) {
      if (reportEvery > 0 && step > 0 && step % reportEvery === 0) onPart!(step / totalSteps);
      const day = ctx.day0 + step * dt;
      if (Math.floor(day / inspectEvery) !== inspection) {
        inspection = Math.floor(day / inspectEvery);
        clearExclosures(ctx, rng);
      }
      const X = herd.x;
      const Y = herd.y;
      const H = herd.heading;
      const run = herd.runLeft;
      for (let a = 0, n = herd.count; a < n; a++) {
        const kind = herd.kind[a];
        let x = X[a];
        let y = Y[a];
        const cell = grid.cellAt(x, y);
        if (cell < 0) continue;

        // Time spent here: presence, counted where the step starts.
        const zone = zoneOfCell[cell];
        presence[0]++;
        if (zone > 0) presence[zone]++;
        if (used) used[useGrid!.cellOfSite[cell]] += dt;

        // Then move on for the step's time. It walks more slowly where forage around holds it, cell by
        // cell, and feeds where it walks.
        const v = speed[kind];
        feed.kind = kind;
        feed.perMetre = v > 0 ? 1 / v : 0;
        feed.residence = residence[kind];
        feed.clock = feeding ? -Math.log(1 - rng.next()) : 0;
        let heading = H[a];
        // The step is walked in legs. A run ends where its drawn length runs out and the animal takes a
        // new heading; avoided ground or a fence that stops it ends a leg where it is met, and the animal
        // turns away and walks on for the rest of the step's time. Beyond the home range, each leg first
        // turns the animal towards its centre by a share of the angle that grows with the leg's length
        // and how far out the animal is; legs are kept short against the home radius so that turn is
        // followed closely.
        const ground = grounds[herd.population[a]];
        const R = homeRadius[kind];
        const maxLeg = R * MAX_LEG_OF_HOME_RADIUS;
        let timeLeft = v > 0 ? dt : 0;
        let at = cell;
        let bounces = 0;
        // (A step's last millionth of a day is not walked: rounding could leave it too short to move.)
        while (timeLeft > 1e-6 * dt) {
          let leg = run[a] < maxLeg ? run[a] : maxLeg;
          // No longer than the time left allows at the pace where it stands, so the turn home (per metre)
          // is taken for the metres it walks.
          const here = feeding ? forage.nearby[kind * grid.cellCount + at] * forage.perNearbyM2 : 0;
          const reach = (timeLeft * v) / (1 + residence[kind] * (here > 0 ? here : 0));
          if (leg > reach) leg = reach;
          const dx = herd.homeX[a] - x;
          const dy = herd.homeY[a] - y;
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
          const stopped = t >= 0 || wall;
          // The stretch walked: the whole leg, or up to where the fence or avoided ground turned it back.
          const walked = stopped ? (t < 0 ? share : share * t) * leg : leg;
          const ahead = stopped ? Math.max(0, walked - FENCE_STANDOFF) / leg : 1;
          const nx = x + ahead * (ex - x);
          const ny = y + ahead * (ey - y);
          // Time along it, cell by cell; it ends where the step's time runs out.
          feed.timeLeft = timeLeft;
          const done = feeding && !clear(forageClearance, at, x, y, nx, ny, grid.cellSize) ? walkAlong(feed, x, y, nx, ny, rng) : plainWalk(feed, x, y, nx, ny);
          timeLeft = feed.timeLeft;
          x += done * (nx - x);
          y += done * (ny - y);
          run[a] -= done * walked;
          if (done < 1) break;
          if (stopped) {
            heading = t < 0 ? diffuseHeading(ground.normalX, ground.normalY, rng) : fences.turnAwayHeading(x, y, rng);
            if (++bounces === MAX_BOUNCES) break;
          } else if (run[a] <= 0) {
            heading = rng.next() * 2 * Math.PI;
            run[a] = persistence[kind] * -Math.log(1 - rng.next());
          }
          at = grid.cellAt(x, y);
          if (at < 0) break;
        }
        // Time the step did not walk (turned back too often, or standing still) is spent where it stopped.
        if (feeding && timeLeft > 0) feedAt(feed, grid.cellAt(x, y), timeLeft, rng);
        X[a] = x;
        Y[a] = y;
        H[a] = heading;
      }
      if (frames && step % sampleEvery === 0 && sample < samples) {
        const base = sample * herd.count * 2;
        const positions = frames.positions;
        for (let a = 0; a < herd.count && base + 2 * a + 1 < positions.length; a++) {
          positions[base + 2 * a] = herd.x[a];
          positions[base + 2 * a + 1] = herd.y[a];
        }
        sample++;
      }
    }
    if (frames && useGrid && used) {
      const haPerCell = (useGrid.cellSize * useGrid.cellSize) / 10_000;
      for (let c = 0; c < used.length; c++) used[c] /= haPerCell;
      frames.use = { cols: useGrid.cols, rows: useGrid.rows, cellSize: useGrid.cellSize, west: useGrid.west, north: useGrid.north, perHa: used };
    }
  }
}

/**
 * A fence inspection (every `Site.inspectionDays`, when breaches are found and mended): animals that
 * got into an exclosure through a breach are driven out to open ground, and a home range inside an
 * exclosure moves out with them. Only kinds the fence is built to stop are driven out; a fence they
 * cross at will is no exclosure for them.
 */
function clearExclosures(ctx: YearContext, rng: Rng): void {
  const { site, herd, fences, year } = ctx;
  if (site.closedFences.length === 0) return;
  for (let a = 0; a < herd.count; a++) {
    const kind = herd.kind[a];
    const pop = herd.population[a];
    const homeInside = herd.insideExclosure(fences, pop, kind, year, herd.homeX[a], herd.homeY[a]);
    if (!homeInside && !herd.insideExclosure(fences, pop, kind, year, herd.x[a], herd.y[a])) continue;
    const at = herd.randomPlace(pop, kind, fences, year, rng);
    if (!at) continue;
    herd.x[a] = at[0];
    herd.y[a] = at[1];
    if (homeInside) {
      herd.homeX[a] = at[0];
      herd.homeY[a] = at[1];
    }
  }
}

/**
 * An animal walking and feeding through a step: its kind, days per metre at full speed, how much forage
 * around slows it, the hazard left before its next feeding visit, and the days left in the step.
 */
export interface FeedContext {
  ctx: YearContext;
  kind: number;
  perMetre: number;
  residence: number;
  clock: number;
  timeLeft: number;
  bite: BiteContext;
}

/** Whether a straight path from (x0, y0) to (x1, y1) starting in `cell` stays clear of every cell with forage around it. */
function clear(clearance: Uint16Array | null, cell: number, x0: number, y0: number, x1: number, y1: number, cellSize: number): boolean {
  if (!clearance || cell < 0) return false;
  const span = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
  return Math.floor(span / cellSize) + 1 < clearance[cell];
}

/** Walking a straight stretch at full speed (no forage around it): the share of it walked before the step's time runs out. */
function plainWalk(f: FeedContext, x0: number, y0: number, x1: number, y1: number): number {
  const days = Math.hypot(x1 - x0, y1 - y0) * f.perMetre;
  if (days <= f.timeLeft) {
    f.timeLeft -= days;
    return 1;
  }
  const share = f.timeLeft / days;
  f.timeLeft = 0;
  return share;
}

/**
 * Walking a straight stretch cell by cell: each site-grid cell crossed takes its length times the days
 * per metre, times 1 + residence × the offer around the cell (forage holds the animal), and that time is
 * fed in the cell (`feedAt`). Returns the share of the stretch walked before the step's time runs out.
 */
export function walkAlong(f: FeedContext, x0: number, y0: number, x1: number, y1: number, rng: Rng): number {
  const { site, forage } = f.ctx;
  const grid = site.grid;
  const cs = grid.cellSize;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length = Math.hypot(dx, dy);
  if (length === 0) return 1;
  let col = Math.floor((x0 - grid.west) / cs);
  let row = Math.floor((grid.north - y0) / cs);
  const stepCol = dx > 0 ? 1 : -1;
  const stepRow = dy < 0 ? 1 : -1;
  const fx = (x0 - grid.west) / cs;
  const fy = (grid.north - y0) / cs;
  const ux = Math.abs(dx) / cs;
  const uy = Math.abs(dy) / cs;
  const deltaX = ux > 0 ? 1 / ux : Infinity;
  const deltaY = uy > 0 ? 1 / uy : Infinity;
  let nextX = ux > 0 ? (stepCol > 0 ? col + 1 - fx : fx - col) * deltaX : Infinity;
  let nextY = uy > 0 ? (stepRow > 0 ? row + 1 - fy : fy - row) * deltaY : Infinity;
  const base = f.kind * grid.cellCount;
  let t = 0;
  for (;;) {
    const t1 = Math.min(1, nextX, nextY);
    const inside = col >= 0 && row >= 0 && col < grid.cols && row < grid.rows;
    const cell = inside ? row * grid.cols + col : -1;
    const around = inside ? forage.nearby[base + cell] * forage.perNearbyM2 : 0;
    const perShare = length * f.perMetre * (1 + f.residence * (around > 0 ? around : 0));
    const days = (t1 - t) * perShare;
    if (days >= f.timeLeft) {
      const share = t + f.timeLeft / perShare;
      feedAt(f, cell, f.timeLeft, rng);
      f.timeLeft = 0;
      return share;
    }
    feedAt(f, cell, days, rng);
    f.timeLeft -= days;
    if (t1 >= 1) return 1;
    t = t1;
    if (nextX < nextY) {
      col += stepCol;
      nextX += deltaX;
    } else {
      row += stepRow;
      nextY += deltaY;
    }
  }
}

/**
 * `days` spent in a cell: feeding visits on its saplings at the kind's type II rate b·o/(o + h) of the
 * offer o left (feed weight per m²), in continuous time: the hazard to the next visit carries over from
 * cell to cell, and each visit falls on a sapling drawn by feed weight (`browseAround`).
 */
export function feedAt(f: FeedContext, cell: number, days: number, rng: Rng): void {
  if (cell < 0 || days <= 0) return;
  const { site, forage } = f.ctx;
  const at = f.kind * site.grid.cellCount + cell;
  let offer = forage.weight[at] * forage.perM2;
  if (offer <= 0) return;
  const kind = site.kinds[f.kind];
  let left = days;
  for (;;) {
    const rate = (kind.saplingsBrowsedPerDay * offer) / (offer + kind.browseHalfSaturation);
    if (f.clock > rate * left) {
      f.clock -= rate * left;
      return;
    }
    left -= f.clock / rate;
    f.clock = -Math.log(1 - rng.next());
    f.bite.cell = cell;
    f.bite.kind = f.kind;
    browseAround(f.bite, rng);
    offer = forage.weight[at] * forage.perM2;
    if (offer <= 0) return;
  }
}

/** For each cell, how many cells (Chebyshev) it lies from the nearest cell with forage around it for any kind. */
function clearanceFromForage(window: Float32Array, cols: number, rows: number, kinds: number): Uint16Array {
  const cells = cols * rows;
  const open = new Uint8Array(cells).fill(1);
  for (let k = 0; k < kinds; k++) for (let c = 0; c < cells; c++) if (window[k * cells + c] > 0) open[c] = 0;
  return chebyshevClearance(open, cols, rows);
}

/** Where an animal browses: the year's context, the grid cell it stands in, its kind and how many saplings it takes. */
export interface BiteContext {
  ctx: YearContext;
  cell: number;
  kind: number;
  bites: number;
}

/**
 * Takes `bites` feeding visits on the saplings of the cell an animal stands in (live, not yet browsed
 * this year, within its reach and taller than any shelter), each visit on a sapling drawn in proportion
 * to its feed weight (its species' palatability), so preferred species are eaten more. A visit takes the
 * leader with the kind's leader-browsing chance at the sapling's height; a sapling whose leader is taken
 * is off the offer for the rest of the year, for every kind. Returns how many leaders were browsed.
 */
export function browseAround(b: BiteContext, rng: Rng): number {
  const { site, trees, index, forage, tallies, year } = b.ctx;
  const at = b.cell;
  const cells = site.grid.cellCount;
  const start = index.start[at];
  const end = index.start[at + 1];
  let leaders = 0;
  for (let bite = 0; bite < b.bites; bite++) {
    const offer = forage.weight[b.kind * cells + at];
    if (offer <= 0) break;
    // The sapling the visit falls on: a point drawn along the cell's saplings laid end to end by weight.
    let u = rng.next() * offer;
    let chosen = -1;
    for (let j = start; j < end; j++) {
      const i = index.order[j];
      if (trees.status[i] !== TreeStatus.Alive || trees.browsedYear[i] === year) continue;
      const h = trees.height[i];
      if (h <= trees.shelterHeight[i]) continue;
      const w = site.feedWeight(b.kind, trees.species[i], h);
      if (w <= 0) continue;
      chosen = i;
      u -= w;
      if (u < 0) break;
    }
    if (chosen < 0) break;
    const h = trees.height[chosen];
    if (rng.next() >= site.leaderChance(b.kind, h)) continue;
    trees.browsedYear[chosen] = year;
    trees.browseCount[chosen]++;
    forage.take(at, trees.species[chosen], h);
    leaders++;
    tallies.browsed[0]++;
    if (trees.zone[chosen] > 0) tallies.browsed[trees.zone[chosen]]++;
  }
  return leaders;
}
