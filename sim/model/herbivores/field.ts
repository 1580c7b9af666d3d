import type { HerbivoreModel, YearContext } from '../year/context.js';
import type { AreaMap } from './areas.js';
import { FieldDisplay, useGrid } from './display.js';
import { ExchangeSolver } from './exchange.js';
import type { FieldSite } from './fieldSite.js';
import { groupKey, HomeGroup } from './groups.js';
import { SaplingClocks } from './saplingClocks.js';

/** Kernel values kept per site (groups × pieces of their ground); beyond, each year's are worked out afresh. */
const KEPT_KERNEL_VALUES = 20_000_000;

/** An open breach between two areas of a population's ground, as the exchange sees it. */
interface BreachLink {
  a: number;
  b: number;
  x: number;
  y: number;
  open: number;
  close: number;
  /** speed/π × gap width × the share of crossings the intact fence would have refused. */
  strength: number;
}

/** One population's ground and groups for the year, and the cells the field needs on it. */
interface PopulationYear {
  pop: number;
  kind: number;
  map: AreaMap;
  key: string;
  /** 1 for an area inside an exclosure standing this year (a closed fence built to keep the kind out). */
  exclosure: Uint8Array;
  breaches: BreachLink[];
  groups: HomeGroup[];
  /** Site-grid cells with saplings on offer (where browsing happens), on this population's ground. */
  cells: Int32Array;
  /** Index into the offer pieces of each of those cells. */
  cellPiece: Int32Array;
  /** The map's pieces that hold offer cells, their areas, and the forage on offer in each this sub-step. */
  pieces: Int32Array;
  pieceArea: Int32Array;
  /** The offer pieces of area a are `areaStart[a] .. areaStart[a + 1]`. */
  areaStart: Int32Array;
  offerSum: Float64Array;
  /** Animal-days per m² of the kernels (before the habitat's weight) on each offer piece, this sub-step. */
  kbar: Float64Array;
}

/**
 * The herbivore field (`herbivoreModel: "field"`, the default): where the herd spends its time and what
 * it browses, computed rather than traced.
 *
 * Within a year each animal samples its home range a hundred times over (a hind's walk mixes across a
 * range of 1 km radius in about two days), so its time is spread as the walk's stationary distribution:
 * its kind's home-range kernel (measured on the walk), times the habitat (the walk slows where saplings
 * are on offer, so its time there rises by 1 + residence × offer), over the fenced area it is in (its
 * ground cut by the standing fences it does not cross freely). Between areas it moves as a Markov chain,
 * solved exactly over each interval: across an intact fence at speed/π × its density at the fence ×
 * passability per metre (the flux of a walker meeting a line), through an open breach likewise over the
 * gap's width; a fence inspection drives animals out of an exclosure, as the walk's does. The year is cut
 * into sub-steps only so that saplings browsed are taken off the offer as they are eaten; browsing is
 * drawn sapling by sapling from the animal-days around it, the kind's intake with the walk's
 * half-saturation, the sapling's palatability and its leader-browsing chance at its height
 * (`SaplingClocks`).
 */
export class FieldModel implements HerbivoreModel {
  private readonly solver = new ExchangeSolver();
  private readonly clocks = new SaplingClocks();
  private groups = new Map<string, HomeGroup>();
  /** The groups as a list, and each animal's place in it (for the view). */
  private groupList: HomeGroup[] = [];
  private groupOf = new Int32Array(0);
  private display: FieldDisplay | null = null;
  /**
   * When set (the validation's checks of fences and breaches), the expected crossings between areas of
   * the first population's ground are added here, [from · areas + to].
   */
  crossings: Float64Array | null = null;
  /** Per kind and site-grid cell: animal-days per m² of the kernels in the cell over the sub-step. */
  private use = new Float64Array(0);
  private cells = 0;
  private localOf = new Int32Array(0);
  private pieceIndex = new Int32Array(0);
  private coef = new Float64Array(0);
  private rates = new Float64Array(0);
  private share = new Float64Array(0);
  private time = new Float64Array(0);
  private active: number[] = [];

  constructor(private readonly field: FieldSite) {}

  browseYear(ctx: YearContext): void {
    const { site } = ctx;
    if (site.kinds.length === 0 || ctx.herd.count === 0) return;
    const sc = site.scenario.scenario;
    const daysPerYear = sc.herbivoreSteps.daysPerYear;
    this.cells = site.grid.cellCount;
    if (this.use.length < this.cells * site.kinds.length) this.use = new Float64Array(this.cells * site.kinds.length);
    const populations = sc.herbivores.map((_, pop) => this.populationYear(ctx, pop));
    this.syncGroups(ctx, populations);
    for (const py of populations) this.offerCells(ctx, py);
    this.clocks.start(ctx);
    const inspectEvery = (site.inspectionDays * daysPerYear) / 365;
    // Sub-steps only take browsed saplings off the offer; with none on offer the year is one step
    // (the moves between areas are exact over any interval).
    const steps = ctx.forage.occupiedCount > 0 ? sc.herbivoreField.subStepsPerYear : 1;
    const span = daysPerYear / steps;
    const frames = ctx.frames;
    if (frames) {
      frames.reserveTracks(ctx.herd.count);
      this.display ??= new FieldDisplay(ctx);
    }
    let sample = 0;
    for (let s = 0; s < steps; s++) {
      const t0 = ctx.day0 + s * span;
      const t1 = s === steps - 1 ? ctx.day0 + daysPerYear : t0 + span;
      for (const py of populations) this.spread(ctx, py, t0, t1, inspectEvery);
      this.clocks.step(ctx, this.use, t1 - t0);
      for (const py of populations) for (let j = 0; j < py.cells.length; j++) this.use[py.kind * this.cells + py.cells[j]] = 0;
      // The view's moments that fall in this sub-step.
      if (frames && this.display) {
        const maps = populations.map((py) => py.map);
        for (; sample < frames.samples && ctx.day0 + (sample * daysPerYear) / frames.samples < t1; sample++) {
          this.display.place(ctx, sample, this.groupList, this.groupOf, maps, this.field.kernels);
        }
      }
    }
    if (frames) frames.use = useGrid(this.field.grid, populations.map((py) => ({ groups: py.groups, map: py.map, kernel: this.field.kernels[py.kind] })));
  }

  /** The population's areas this year, which of them are exclosures, and the breaches between them. */
  private populationYear(ctx: YearContext, pop: number): PopulationYear {
    const { site, herd, fences, year } = ctx;
    const kind = site.populationKind[pop];
    const { key, map } = this.field.areasFor(pop, fences);
    const exclosure = new Uint8Array(map.count);
    for (let a = 0; a < map.count; a++) exclosure[a] = herd.insideExclosure(fences, pop, kind, year, map.pointX[a], map.pointY[a]) ? 1 : 0;
    const speed = site.kinds[kind].dailyMovement;
    const breaches: BreachLink[] = [];
    for (let b = 0; b < fences.breachCount; b++) {
      const { segment, pos, open, close } = fences.breach(b);
      const f = fences.segFence[segment];
      if (!fences.isStanding(f)) continue;
      const t = pos / fences.segLength[segment];
      const seg = { ax: fences.ax[segment], ay: fences.ay[segment], bx: fences.bx[segment], by: fences.by[segment] };
      const x = seg.ax + t * (seg.bx - seg.ax);
      const y = seg.ay + t * (seg.by - seg.ay);
      const [a, other] = map.sides(seg, x, y);
      if (a < 0 || other < 0 || a === other) continue;
      breaches.push({ a, b: other, x, y, open, close, strength: (speed / Math.PI) * fences.gapWidth[f] * (1 - fences.passFor(f, kind)) });
    }
    const none = new Int32Array(0);
    return { pop, kind, map, key, exclosure, breaches, groups: [], cells: none, cellPiece: none, pieces: none, pieceArea: none, areaStart: none, offerSum: new Float64Array(0), kbar: new Float64Array(0) };
  }

  /**
   * Groups the herd by population and home-range centre. An animal whose home lies in an exclosure
   * standing this year (one put up over its range) is driven out to a home on open ground first, as the
   * walk's first inspection of the year would.
   */
  private syncGroups(ctx: YearContext, populations: PopulationYear[]): void {
    const { herd, site, fences, year } = ctx;
    const rng = ctx.rng.herbivores;
    for (let a = 0; a < herd.count; a++) {
      const py = populations[herd.population[a]];
      const area = py.map.areaAt(herd.homeX[a], herd.homeY[a]);
      if (area < 0 || py.exclosure[area] === 0) continue;
      const at = herd.randomPlace(py.pop, py.kind, fences, year, rng);
      if (!at) continue;
      herd.x[a] = herd.homeX[a] = at[0];
      herd.y[a] = herd.homeY[a] = at[1];
    }
    const next = new Map<string, HomeGroup>();
    const list: HomeGroup[] = [];
    if (this.groupOf.length < herd.count) this.groupOf = new Int32Array(herd.x.length);
    for (let a = 0; a < herd.count; a++) {
      const pop = herd.population[a];
      const key = groupKey(pop, herd.homeX[a], herd.homeY[a]);
      let g = next.get(key);
      if (!g) {
        g = this.groups.get(key) ?? new HomeGroup(pop, herd.kind[a], herd.homeX[a], herd.homeY[a]);
        g.count = 0;
        g.index = list.length;
        next.set(key, g);
        list.push(g);
        populations[pop].groups.push(g);
      }
      g.count++;
      this.groupOf[a] = g.index;
    }
    this.groups = next;
    this.groupList = list;
    for (const py of populations) {
      const kind = site.kinds[py.kind];
      const kernel = this.field.kernels[py.kind];
      for (const g of py.groups) {
        g.fit(py.key, py.map, kernel, kind.dailyMovement, this.field.grid, site.zoneCount + 1, py.groups.length * py.map.pieceCell.length <= KEPT_KERNEL_VALUES);
        g.yearDays.fill(0);
        g.breachK = Float64Array.from(py.breaches, (b) => kernel.atPoint(g.homeX, g.homeY, b.x, b.y));
      }
    }
  }

  /** The cells with saplings on offer around them on the population's ground this year, their pieces, and each group's kernel there. */
  private offerCells(ctx: YearContext, py: PopulationYear): void {
    const { forage } = ctx;
    const map = py.map;
    // The cells holding saplings, on the ground.
    const list: number[] = [];
    for (let j = 0; j < forage.occupiedCount; j++) {
      const c = forage.occupied[j];
      if (map.label[c] >= 0) list.push(c);
    }
    if (this.pieceIndex.length < map.pieceCell.length) this.pieceIndex = new Int32Array(map.pieceCell.length).fill(-1);
    const pieceIndex = this.pieceIndex;
    // The pieces holding them, ordered by area, so that each area's pieces are one run.
    const pieces: number[] = [];
    for (const c of list) {
      const p = map.pieceOfCell[c];
      if (pieceIndex[p] < 0) {
        pieceIndex[p] = 0;
        pieces.push(p);
      }
    }
    pieces.sort((a, b) => map.pieceArea[a] - map.pieceArea[b] || a - b);
    pieces.forEach((p, q) => (pieceIndex[p] = q));
    py.cells = Int32Array.from(list);
    py.cellPiece = new Int32Array(list.length);
    for (let j = 0; j < list.length; j++) py.cellPiece[j] = pieceIndex[map.pieceOfCell[list[j]]];
    for (const p of pieces) pieceIndex[p] = -1;
    const n = pieces.length;
    py.pieces = Int32Array.from(pieces);
    py.pieceArea = new Int32Array(n);
    for (let q = 0; q < n; q++) py.pieceArea[q] = map.pieceArea[pieces[q]];
    py.areaStart = new Int32Array(map.count + 1);
    for (let q = 0; q < n; q++) py.areaStart[py.pieceArea[q] + 1]++;
    for (let a = 0; a < map.count; a++) py.areaStart[a + 1] += py.areaStart[a];
    py.offerSum = new Float64Array(n);
    py.kbar = new Float64Array(n);
    const kernel = this.field.kernels[py.kind];
    const grid = this.field.grid;
    for (const g of py.groups) {
      if (g.kNeeded.length !== n) g.kNeeded = new Float64Array(n);
      const kn = g.kNeeded;
      if (g.kPieces.length > 0) {
        for (let q = 0; q < n; q++) kn[q] = g.kPieces[pieces[q]];
        continue;
      }
      for (let q = 0; q < n; q++) {
        const fc = map.pieceCell[pieces[q]];
        const dx = grid.centreX[fc] - g.homeX;
        const dy = grid.centreY[fc] - g.homeY;
        kn[q] = kernel.at2(dx * dx + dy * dy);
      }
    }
  }

  /**
   * One sub-step of a population: the habitat's weight on each group's kernel, the groups' moves between
   * areas, and their animal-days: on the zones (presence) and on the offer cells (browsing pressure).
   */
  private spread(ctx: YearContext, py: PopulationYear, t0: number, t1: number, inspectEvery: number): void {
    const { site, forage, tallies } = ctx;
    const k = site.kinds[py.kind];
    const offer = forage.weight;
    const base = py.kind * this.cells;
    const map = py.map;
    const residence = k.forageResidence;

    // Forage on offer in each offer piece, and each group's kernel × habitat over each area.
    const { offerSum, kbar, cells, cellPiece } = py;
    offerSum.fill(0);
    for (let j = 0; j < cells.length; j++) offerSum[cellPiece[j]] += offer[base + cells[j]];
    for (const g of py.groups) {
      const z = g.z;
      const kn = g.kNeeded;
      z.set(g.zconst);
      for (let a = 0; a < map.count; a++) {
        let sum = 0;
        for (let q = py.areaStart[a]; q < py.areaStart[a + 1]; q++) sum += kn[q] * offerSum[q];
        z[a] += residence * sum;
      }
      // The offer falls through the sub-step as it is eaten: the kernel's weight at its middle is taken
      // from the fall over the sub-step before (none at the year's first).
      for (let a = 0; a < map.count; a++) {
        const now = z[a];
        if (t0 > ctx.day0 && g.zStart[a] > now) z[a] = Math.max(g.zconst[a], now - (g.zStart[a] - now) / 2);
        g.zStart[a] = now;
      }
      g.days.fill(0);
    }

    // Moves between areas, interval by interval between breaches opening or closing and inspections.
    let from = t0;
    while (from < t1) {
      let to = t1;
      for (const b of py.breaches) {
        if (b.open > from && b.open < to) to = b.open;
        if (b.close > from && b.close < to) to = b.close;
      }
      const inspection = (Math.floor(from / inspectEvery + 1e-9) + 1) * inspectEvery;
      const inspect = inspection < to;
      if (inspect) to = inspection;
      for (const g of py.groups) this.exchange(g, py, from, to - from);
      if (inspect) this.inspect(py);
      from = to;
    }

    // Animal-days: the groups' kernels over the pieces, times the habitat (1 + residence × offer).
    kbar.fill(0);
    if (this.coef.length < map.count) this.coef = new Float64Array(map.count);
    const coef = this.coef;
    const presence = tallies.presence;
    const zones = site.zoneCount + 1;
    for (const g of py.groups) {
      const days = g.days;
      const z = g.z;
      for (let a = 0; a < map.count; a++) {
        const d = days[a];
        g.yearDays[a] += d;
        coef[a] = d > 0 && z[a] > 0 ? (g.count * d) / z[a] : 0;
        if (d === 0) continue;
        presence[0] += g.count * d;
        // The zones' ground without forage; the forage's extra is added cell by cell below.
        for (let zone = 1; zone < zones; zone++) presence[zone] += coef[a] * g.zoneK[a * zones + zone];
      }
      const kn = g.kNeeded;
      for (let a = 0; a < map.count; a++) {
        const ca = coef[a];
        if (ca > 0) for (let q = py.areaStart[a]; q < py.areaStart[a + 1]; q++) kbar[q] += ca * kn[q];
      }
    }
    // Each offer cell's share of the kernels; the clocks add what forage holds the animals there.
    const use = this.use;
    for (let j = 0; j < cells.length; j++) use[base + cells[j]] += kbar[cellPiece[j]];
  }

  /** A group's moves between areas over `days` from day `from`, with the breaches open then. */
  private exchange(g: HomeGroup, py: PopulationYear, from: number, days: number): void {
    const map = py.map;
    // Most often the group is all in its home area, and nothing it can cross is open to it.
    if (g.share[g.homeArea] === 1 && g.crossable[g.homeArea] === 0) {
      let closed = true;
      for (let b = 0; b < py.breaches.length && closed; b++) {
        const br = py.breaches[b];
        if ((br.a === g.homeArea || br.b === g.homeArea) && br.open <= from && from < br.close && g.breachK[b] > 0) closed = false;
      }
      if (closed) {
        g.days[g.homeArea] += days;
        return;
      }
    }
    // The areas the group can be in over the interval: where it is, and what it can cross into from there.
    if (this.localOf.length < map.count) this.localOf = new Int32Array(map.count).fill(-1);
    const localOf = this.localOf;
    const active = this.active;
    active.length = 0;
    for (let a = 0; a < map.count; a++) {
      if (g.share[a] > 0) {
        localOf[a] = active.length;
        active.push(a);
      }
    }
    for (let i = 0; i < active.length; i++) {
      const a = active[i];
      for (let q = map.areaPairStart[a]; q < map.areaPairStart[a + 1]; q++) {
        const p = map.areaPairs[q];
        const b = map.across(p, a);
        if (g.pairs[p] > 0 && localOf[b] < 0 && g.z[b] > 0) {
          localOf[b] = active.length;
          active.push(b);
        }
      }
      for (const br of py.breaches) {
        if (br.open > from || from >= br.close) continue;
        const b = br.a === a ? br.b : br.b === a ? br.a : -1;
        if (b >= 0 && localOf[b] < 0 && g.z[b] > 0) {
          localOf[b] = active.length;
          active.push(b);
        }
      }
    }
    const n = active.length;
    if (n === 1) {
      g.days[active[0]] += g.share[active[0]] * days;
      localOf[active[0]] = -1;
      return;
    }
    if (this.rates.length < n * n) this.rates = new Float64Array(n * n);
    if (this.share.length < n) {
      this.share = new Float64Array(n);
      this.time = new Float64Array(n);
    }
    const rates = this.rates;
    rates.fill(0, 0, n * n);
    for (let i = 0; i < n; i++) {
      const a = active[i];
      for (let q = map.areaPairStart[a]; q < map.areaPairStart[a + 1]; q++) {
        const p = map.areaPairs[q];
        const j = localOf[map.across(p, a)];
        if (j >= 0 && g.pairs[p] > 0) rates[i * n + j] += g.pairs[p] / g.z[a];
      }
    }
    const kernel = this.field.kernels[g.kind];
    for (const br of py.breaches) {
      if (br.open > from || from >= br.close) continue;
      const i = localOf[br.a];
      const j = localOf[br.b];
      if (i < 0 || j < 0) continue;
      const flux = kernel.atPoint(g.homeX, g.homeY, br.x, br.y) * br.strength;
      rates[i * n + j] += flux / g.z[br.a];
      rates[j * n + i] += flux / g.z[br.b];
    }
    const share = this.share;
    const time = this.time;
    for (let i = 0; i < n; i++) {
      share[i] = g.share[active[i]];
      time[i] = 0;
    }
    this.solver.advance(n, rates, share, days, time);
    if (this.crossings && py.pop === 0) {
      // Crossings from i to j over the interval: the time spent in i times the rate out to j.
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) if (i !== j) this.crossings[active[i] * map.count + active[j]] += g.count * time[i] * rates[i * n + j];
      }
    }
    for (let i = 0; i < n; i++) {
      const a = active[i];
      g.share[a] = share[i];
      g.days[a] += time[i];
      localOf[a] = -1;
    }
    // A share too small to matter goes home, so the group is back to one area once the breach is mended.
    for (let i = 0; i < n; i++) {
      const a = active[i];
      if (a !== g.homeArea && g.share[a] > 0 && g.share[a] < 1e-9) {
        g.share[g.homeArea] += g.share[a];
        g.share[a] = 0;
      }
    }
  }

  /** A fence inspection: the time of animals found in an exclosure goes back to their home area. */
  private inspect(py: PopulationYear): void {
    for (const g of py.groups) {
      for (let a = 0; a < py.map.count; a++) {
        if (py.exclosure[a] === 0 || a === g.homeArea || g.share[a] === 0) continue;
        g.share[g.homeArea] += g.share[a];
        g.share[a] = 0;
      }
    }
  }
}
