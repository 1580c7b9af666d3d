import type { Rng } from '../../random/rng.js';
import { angleBetween, cosine, diffuseHeading, sine } from '../headings.js';
import type { HerbivoreModel, YearContext } from '../year/context.js';
import { clearanceFromForage, clearOfForage, feedAt, plainWalk, walkAlong, type FeedContext } from './walkFeeding.js';

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
          const done = feeding && !clearOfForage(forageClearance, at, x, y, nx, ny, grid.cellSize) ? walkAlong(feed, x, y, nx, ny, rng) : plainWalk(feed, x, y, nx, ny);
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
