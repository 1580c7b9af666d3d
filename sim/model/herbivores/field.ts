import type { HerbivoreModel, YearContext } from '../year/context.js';
import { BreachTimeline } from './breachTimeline.js';
import { FieldDisplay, useGrid } from './display.js';
import { GroupExchange } from './groupExchange.js';
import type { FieldSite } from './fieldSite.js';
import { groupKey, HomeGroup } from './groups.js';
import { offerCells, populationYear, type PopulationYear } from './populationYear.js';
import { SaplingClocks } from './saplingClocks.js';

/** Kernel values kept per site (groups × pieces of their ground); beyond, each year's are worked out afresh. */
const KEPT_KERNEL_VALUES = 20_000_000;

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
  private readonly exchange: GroupExchange;
  private readonly clocks = new SaplingClocks();
  private readonly timeline = new BreachTimeline();
  private groups = new Map<string, HomeGroup>();
  /** The groups as a list, and each animal's place in it (for the view). */
  private groupList: HomeGroup[] = [];
  private groupOf = new Int32Array(0);
  private display: FieldDisplay | null = null;
  /** Per kind and site-grid cell: animal-days per m² of the kernels in the cell over the sub-step. */
  private use = new Float64Array(0);
  private cells = 0;
  private pieceIndex = new Int32Array(0);
  private coef = new Float64Array(0);

  constructor(private readonly field: FieldSite) {
    this.exchange = new GroupExchange(field.kernels);
  }

  /**
   * When set (the validation's checks of fences and breaches), the expected crossings between areas of
   * the first population's ground are added here, [from · areas + to].
   */
  set crossings(to: Float64Array | null) {
    this.exchange.crossings = to;
  }

  get crossings(): Float64Array | null {
    return this.exchange.crossings;
  }

  browseYear(ctx: YearContext): void {
    const { site } = ctx;
    if (site.kinds.length === 0 || ctx.herd.count === 0) return;
    const sc = site.scenario.scenario;
    const daysPerYear = sc.herbivoreSteps.daysPerYear;
    this.cells = site.grid.cellCount;
    if (this.use.length < this.cells * site.kinds.length) this.use = new Float64Array(this.cells * site.kinds.length);
    const populations = sc.herbivores.map((_, pop) => populationYear(ctx, this.field, pop));
    this.syncGroups(ctx, populations);
    const pieces = Math.max(0, ...populations.map((py) => py.map.pieceCell.length));
    if (this.pieceIndex.length < pieces) this.pieceIndex = new Int32Array(pieces).fill(-1);
    for (const py of populations) offerCells(ctx, this.field, py, this.pieceIndex);
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
    const timeline = this.timeline;
    timeline.start(py.breaches, t0, t1);
    let from = t0;
    while (from < t1) {
      timeline.moveTo(from);
      let to = timeline.end(from, t1);
      const inspection = (Math.floor(from / inspectEvery + 1e-9) + 1) * inspectEvery;
      const inspect = inspection < to;
      if (inspect) to = inspection;
      for (const g of py.groups) this.exchange.advance(g, py, from, to - from, timeline);
      if (inspect) this.exchange.inspect(py);
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

}
