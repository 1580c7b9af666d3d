import type { Rng } from '../../random/rng.js';
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
 * rest of the step. Intake is a rate per day spread over the path (`browseAround`).
 */
export class WalkModel implements HerbivoreModel {
  browseYear(ctx: YearContext): void {
    const { site, herd, fences, forage, tallies, frames } = ctx;
    const rng = ctx.rng.herbivores;
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
    const offers = forage.offer;
    frames?.reserveTracks(herd.count);
    const samples = frames ? frames.samples : 0;
    const sampleEvery = frames ? Math.max(1, Math.floor(totalSteps / samples)) : 0;
    let sample = 0;
    const inspectEvery = (site.inspectionDays * daysPerYear) / 365;
    let inspection = Math.floor(ctx.day0 / inspectEvery);
    const bite: BiteContext = { ctx, cell: 0, kind: 0, bites: 0 };

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
          if (whole > 0) {
            bite.cell = cell;
            bite.kind = kind;
            bite.bites = whole;
            browseAround(bite, rng);
          }
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
        const ground = grounds[herd.population[a]];
        const R = homeRadius[kind];
        const maxLeg = R * MAX_LEG_OF_HOME_RADIUS;
        let left = s;
        let at = cell;
        let bounces = 0;
        while (left > 0) {
          let leg = left < run[a] ? left : run[a];
          if (leg > maxLeg) leg = maxLeg;
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

/** Where an animal browses: the year's context, the grid cell it stands in, its kind and how many saplings it takes. */
export interface BiteContext {
  ctx: YearContext;
  cell: number;
  kind: number;
  bites: number;
}

/**
 * Browses up to `bites` saplings around an animal: in its grid cell and the eight around it, live, not
 * yet browsed this year, within its reach and taller than any shelter. Each sapling met is taken with
 * its browse weight (palatability times the kind's height profile), so preferred species and heights are
 * browsed first. Cells with nothing on offer are passed over, and what is browsed is taken off the offer
 * for every kind. Returns how many were browsed.
 */
export function browseAround(b: BiteContext, rng: Rng): number {
  const { site, trees, index, forage, tallies, year } = b.ctx;
  const grid = site.grid;
  const cells = grid.cellCount;
  const base = b.kind * cells;
  const col = b.cell % grid.cols;
  const row = (b.cell - col) / grid.cols;
  const weight = forage.weight;
  const first = rng.int(9);
  let taken = 0;
  for (let k = 0; k < 9 && taken < b.bites; k++) {
    const nb = (first + k) % 9;
    const r = row + ((nb / 3) | 0) - 1;
    const c = col + (nb % 3) - 1;
    if (r < 0 || c < 0 || r >= grid.rows || c >= grid.cols) continue;
    const at = r * grid.cols + c;
    if (weight[base + at] <= 1e-6) continue;
    const start = index.start[at];
    const end = index.start[at + 1];
    for (let j = start; j < end && taken < b.bites; j++) {
      const i = index.order[j];
      if (trees.status[i] !== TreeStatus.Alive || trees.browsedYear[i] === year) continue;
      const h = trees.height[i];
      if (h <= trees.shelterHeight[i]) continue;
      const s = trees.species[i];
      const w = site.browseWeight(b.kind, s, h);
      if (w <= 0 || rng.next() >= w) continue;
      trees.browsedYear[i] = year;
      trees.browseCount[i]++;
      forage.take(at, s, h);
      taken++;
      tallies.browsed[0]++;
      if (trees.zone[i] > 0) tallies.browsed[trees.zone[i]]++;
    }
  }
  return taken;
}
