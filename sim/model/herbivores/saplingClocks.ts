import { KeyedDraws, Stream } from '../../random/rng.js';
import type { YearContext } from '../year/context.js';

/**
 * Leader browsing of each sapling as an exponential clock, run in continuous time cell by cell.
 *
 * Every sapling within some kind's reach has, each year, a threshold E = −ln(1 − u) from a keyed draw
 * (seed, replicate, year, tree); its leader is browsed when its browsing hazard, summed over the year,
 * passes E. This is the same law as a fresh chance at every moment, but a small change in hazard (a
 * fence moved, a density nudged) changes the outcome of few saplings, not of all those after it in some
 * order: plans compared on common random numbers differ by their effect, not by noise.
 *
 * Animals feed on the saplings of the cell they stand in. With `use` animal-days per m² of the kernels in
 * the cell over an interval of `days`, forage around the cell (the offer of its 3×3 window, o₁₅) holds
 * them there 1 + residence·o₁₅ times as long, and they feed at the kind's type II rate b·o/(o + h) of the
 * cell's own offer o (feed weight per m²): per unit of feed weight, use/days·(1 + residence·o₁₅)·b/(o + h)
 * a day. A sapling's hazard rate is that times its feed weight times its leader-browsing chance. Between
 * two browsings in the cell nothing of its own changes, so each cell is followed from event to event:
 * its offer falls as each leader is taken, exactly, however long the interval; the window's offer is
 * read as it stands, so neighbours browsed earlier in the interval count as browsed.
 *
 * With one kind every sapling of a cell sees the same rate, so a cell's saplings are kept in order of
 * E / weight and the cell's summed rate says which have been browsed: the work is per cell and per
 * browsing, not per sapling. Thresholds are drawn when a cell is first reached in the year.
 */
export class SaplingClocks {
  private kinds = 0;
  /** Saplings of the year by cell: `trees[first[c] .. end[c])` are the unbrowsed saplings of cell c. */
  private first = new Int32Array(0);
  private end = new Int32Array(0);
  /** 1 once a cell's thresholds are drawn this year. */
  private ready = new Uint8Array(0);
  /** One kind: the rate per unit weight summed over the year so far, per cell. */
  private summed = new Float64Array(0);
  private trees = new Int32Array(0);
  /** One kind: E / weight, ascending within the cell. Several kinds: E. */
  private threshold = new Float64Array(0);
  /** Several kinds: hazard so far. */
  private hazard = new Float64Array(0);
  /** Per listed sapling and kind: feed weight × leader-browsing chance (heights do not change within a year). */
  private weight = new Float32Array(0);
  /** One kind: each listed sapling's feed weight (what its browsing takes off the offer). */
  private feed = new Float32Array(0);
  /** Cells with saplings listed. */
  private cellList = new Int32Array(0);
  private cellCount = 0;
  private rate = new Float64Array(0);
  private year = 0;
  private draws = new KeyedDraws(0);
  private drawsKey = '';

  /** Lists the saplings on offer to some kind this year (live, within reach, above any shelter) by cell. */
  start(ctx: YearContext): void {
    const { trees, site, forage } = ctx;
    const kinds = site.kinds.length;
    const cells = site.grid.cellCount;
    this.kinds = kinds;
    this.year = ctx.year;
    const key = `${site.scenario.scenario.seed}:${ctx.replicate}`;
    if (key !== this.drawsKey) {
      this.drawsKey = key;
      this.draws = new KeyedDraws(site.scenario.scenario.seed, ctx.replicate, Stream.Browsing);
    }
    if (this.first.length < cells) {
      this.first = new Int32Array(cells);
      this.end = new Int32Array(cells);
      this.ready = new Uint8Array(cells);
      this.summed = new Float64Array(cells);
    }
    if (this.trees.length < trees.liveCount) {
      const cap = Math.max(trees.liveCount, this.trees.length * 2);
      this.trees = new Int32Array(cap);
      this.threshold = new Float64Array(cap);
      this.hazard = new Float64Array(cap);
      this.weight = new Float32Array(cap * kinds);
      this.feed = new Float32Array(cap);
    }
    if (this.rate.length < kinds) this.rate = new Float64Array(kinds);
    // The cells holding saplings (the forage's), each with room for its saplings.
    this.cellList = forage.occupied;
    this.cellCount = forage.occupiedCount;
    const end = this.end;
    let at = 0;
    for (let j = 0; j < this.cellCount; j++) {
      const c = this.cellList[j];
      this.first[c] = at;
      end[c] = at;
      at += forage.saplingsInCell[c];
      this.ready[c] = 0;
      this.summed[c] = 0;
    }
    const list = forage.saplings;
    for (let j = 0, m = forage.saplingCount; j < m; j++) {
      const i = list[j];
      const h = trees.height[i];
      let any = 0;
      const n = end[trees.cell[i]];
      for (let k = 0; k < kinds; k++) {
        const feed = site.feedWeight(k, trees.species[i], h);
        const w = feed * site.leaderChance(k, h);
        this.weight[n * kinds + k] = w;
        if (k === 0) this.feed[n] = feed;
        any += w;
      }
      if (any === 0) continue;
      this.trees[n] = i;
      end[trees.cell[i]]++;
    }
  }

  /** Draws the thresholds of a cell's saplings, the first time animals reach it in the year; with one kind, sorts them. */
  private prepare(c: number): void {
    const from = this.first[c];
    const to = this.end[c];
    const one = this.kinds === 1;
    for (let n = from; n < to; n++) {
      const e = -Math.log(1 - this.draws.at(this.trees[n], this.year));
      this.threshold[n] = one ? e / this.weight[n] : e;
      this.hazard[n] = 0;
    }
    if (one) {
      // A few saplings a cell: insertion sort by threshold.
      for (let j = from + 1; j < to; j++) {
        const t = this.threshold[j];
        const i = this.trees[j];
        const w = this.weight[j];
        const f = this.feed[j];
        let k = j - 1;
        while (k >= from && this.threshold[k] > t) {
          this.threshold[k + 1] = this.threshold[k];
          this.trees[k + 1] = this.trees[k];
          this.weight[k + 1] = this.weight[k];
          this.feed[k + 1] = this.feed[k];
          k--;
        }
        this.threshold[k + 1] = t;
        this.trees[k + 1] = i;
        this.weight[k + 1] = w;
        this.feed[k + 1] = f;
      }
    }
    this.ready[c] = 1;
  }

  /**
   * Runs every cell's clocks over an interval of `days`: `use[k · cells + c]` holds the animal-days per m²
   * of kind k's kernels in cell c over the interval (before forage holds them). Browsed saplings are
   * marked, taken off the offer and tallied, and the days forage held animals in each zone beyond the
   * kernels' are added to the year's presence.
   */
  step(ctx: YearContext, use: Float64Array, days: number): void {
    const cells = ctx.site.grid.cellCount;
    if (this.kinds === 1) {
      this.oneKind(ctx, use, days);
      return;
    }
    for (let j = 0; j < this.cellCount; j++) {
      const c = this.cellList[j];
      let any = false;
      for (let k = 0; k < this.kinds; k++) if (use[k * cells + c] > 0) any = true;
      if (!any) continue;
      if (!this.ready[c]) this.prepare(c);
      this.severalKinds(ctx, c, use, days);
    }
  }

  /** Feeding rate per unit of feed weight per day of kind k in cell c, with `u` kernel animal-days per m² a day. */
  private rateOf(ctx: YearContext, k: number, c: number, u: number): number {
    const { site, forage } = ctx;
    const at = k * site.grid.cellCount + c;
    const kind = site.kinds[k];
    const o = forage.weight[at] * forage.perM2;
    const around = forage.nearby[at] * forage.perNearbyM2;
    const stay = 1 + kind.forageResidence * (around > 0 ? around : 0);
    return u > 0 && o > 0 ? (u * stay * kind.saplingsBrowsedPerDay) / (o + kind.browseHalfSaturation) : 0;
  }

  /** The extra animal-days a day that forage in cell c holds animals of kind k for, beyond the kernels' `u`. */
  private heldOf(ctx: YearContext, k: number, c: number, u: number): number {
    return u * ctx.site.kinds[k].forageResidence * ctx.forage.weight[k * ctx.site.grid.cellCount + c];
  }

  /**
   * One kind, every cell: the cell's saplings are browsed in the order of their thresholds as its summed
   * rate passes them; each browsing lowers the cell's offer (and its neighbours' windows), and with it
   * the rate. The hot loop of the field, written out in full.
   */
  private oneKind(ctx: YearContext, use: Float64Array, days: number): void {
    const { site, forage, trees, tallies } = ctx;
    const { cols, rows } = site.grid;
    const kind = site.kinds[0];
    const bites = kind.saplingsBrowsedPerDay;
    const half = kind.browseHalfSaturation;
    const residence = kind.forageResidence;
    const perM2 = forage.perM2;
    const perNearbyM2 = forage.perNearbyM2;
    const weight = forage.weight;
    const nearby = forage.nearby;
    const zoneOfCell = site.zoneOfCell;
    const presence = tallies.presence;
    const browsed = tallies.browsed;
    const { browsedYear, browseCount, zone: zoneOf } = trees;
    const year = ctx.year;
    const threshold = this.threshold;
    const summed = this.summed;
    const feed = this.feed;
    const list = this.trees;
    for (let j = 0; j < this.cellCount; j++) {
      const c = this.cellList[j];
      const u = use[c] / days;
      if (!(u > 0)) continue;
      if (!this.ready[c]) this.prepare(c);
      const zone = zoneOfCell[c];
      let next = this.first[c];
      const end = this.end[c];
      let t = 0;
      while (t < days) {
        const o = weight[c] * perM2;
        const around = nearby[c] * perNearbyM2;
        const rate = o > 0 ? (u * (1 + residence * (around > 0 ? around : 0)) * bites) / (o + half) : 0;
        const need = next < end && rate > 0 ? (threshold[next] - summed[c]) / rate : Infinity;
        const wait = need < days - t ? need : days - t;
        summed[c] += rate * wait;
        if (zone > 0 && o > 0) presence[zone] += u * residence * weight[c] * wait;
        t += wait;
        if (need > wait) break;
        // The next sapling's leader is taken: off the cell's offer and its neighbours' windows.
        summed[c] = threshold[next];
        const i = list[next];
        const w = feed[next];
        next++;
        browsedYear[i] = year;
        browseCount[i]++;
        const left = weight[c] - w;
        weight[c] = left > 1e-6 ? left : 0;
        const col = c % cols;
        const row = (c - col) / cols;
        if (col > 0 && row > 0 && col < cols - 1 && row < rows - 1) {
          nearby[c - cols - 1] -= w;
          nearby[c - cols] -= w;
          nearby[c - cols + 1] -= w;
          nearby[c - 1] -= w;
          nearby[c] -= w;
          nearby[c + 1] -= w;
          nearby[c + cols - 1] -= w;
          nearby[c + cols] -= w;
          nearby[c + cols + 1] -= w;
        } else {
          forage.spread(0, c, -w);
        }
        browsed[0]++;
        if (zoneOf[i] > 0) browsed[zoneOf[i]]++;
      }
      this.first[c] = next;
    }
  }

  private severalKinds(ctx: YearContext, c: number, use: Float64Array, days: number): void {
    const kinds = this.kinds;
    const cells = ctx.site.grid.cellCount;
    const zone = ctx.site.zoneOfCell[c];
    const rate = this.rate;
    const weight = this.weight;
    const from = this.first[c];
    let last = this.end[c];
    let t = 0;
    while (t < days) {
      let held = 0;
      for (let k = 0; k < kinds; k++) {
        const u = use[k * cells + c] / days;
        rate[k] = this.rateOf(ctx, k, c, u);
        if (zone > 0) held += this.heldOf(ctx, k, c, u);
      }
      // The next sapling whose clock runs out, if within the interval.
      let next = -1;
      let wait = days - t;
      for (let n = from; n < last; n++) {
        let lambda = 0;
        for (let k = 0; k < kinds; k++) lambda += weight[n * kinds + k] * rate[k];
        if (lambda <= 0) continue;
        const dt = (this.threshold[n] - this.hazard[n]) / lambda;
        if (dt < wait) {
          wait = dt;
          next = n;
        }
      }
      for (let n = from; n < last; n++) {
        let lambda = 0;
        for (let k = 0; k < kinds; k++) lambda += weight[n * kinds + k] * rate[k];
        this.hazard[n] += lambda * wait;
      }
      if (held > 0) ctx.tallies.presence[zone] += held * wait;
      t += wait;
      if (next < 0) break;
      this.browse(ctx, this.trees[next]);
      // The browsed sapling leaves the cell's list: the last unbrowsed one takes its place.
      last--;
      this.trees[next] = this.trees[last];
      this.threshold[next] = this.threshold[last];
      this.hazard[next] = this.hazard[last];
      for (let k = 0; k < kinds; k++) weight[next * kinds + k] = weight[last * kinds + k];
    }
    this.end[c] = last;
  }

  private browse(ctx: YearContext, i: number): void {
    const { trees, forage, tallies, year } = ctx;
    trees.browsedYear[i] = year;
    trees.browseCount[i]++;
    forage.take(trees.cell[i], trees.species[i], trees.height[i]);
    tallies.browsed[0]++;
    if (trees.zone[i] > 0) tallies.browsed[trees.zone[i]]++;
  }
}
