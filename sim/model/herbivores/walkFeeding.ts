import type { Rng } from '../../random/rng.js';
import { chebyshevClearance } from '../ground.js';
import { TreeStatus } from '../trees.js';
import type { YearContext } from '../year/context.js';

/**
 * How the walk feeds: the time a step spends in each site-grid cell it crosses (slower where forage
 * around holds the animal), feeding visits over that time at the kind's type II rate, each on a sapling
 * drawn by feed weight and taking its leader with the kind's leader-browsing chance.
 */

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
export function clearOfForage(clearance: Uint16Array | null, cell: number, x0: number, y0: number, x1: number, y1: number, cellSize: number): boolean {
  if (!clearance || cell < 0) return false;
  const span = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
  return Math.floor(span / cellSize) + 1 < clearance[cell];
}

/** Walking a straight stretch at full speed (no forage around it): the share of it walked before the step's time runs out. */
export function plainWalk(f: FeedContext, x0: number, y0: number, x1: number, y1: number): number {
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
export function clearanceFromForage(nearby: Float32Array, cols: number, rows: number, kinds: number): Uint16Array {
  const cells = cols * rows;
  const open = new Uint8Array(cells).fill(1);
  for (let k = 0; k < kinds; k++) for (let c = 0; c < cells; c++) if (nearby[k * cells + c] > 0) open[c] = 0;
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
