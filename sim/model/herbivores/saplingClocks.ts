import { keyedUniform, Stream } from '../../random/rng.js';
import type { YearContext } from '../year/context.js';

/**
 * Leader browsing of each sapling as an exponential clock, run in continuous time cell by cell.
 *
 * At the start of a year every sapling within some kind's reach draws a threshold E = −ln(1 − u) from a
 * keyed draw (seed, replicate, year, tree); its leader is browsed when its browsing hazard, summed over
 * the year, passes E. This is the same law as a fresh chance at every moment, but a small change in
 * hazard (a fence moved, a density nudged) changes the outcome of few saplings, not of all those after
 * it in some order: plans compared on common random numbers differ by their effect, not by noise.
 *
 * Animals feed on the saplings of the cell they stand in. With `use` animal-days per m² of the kernels in
 * the cell over an interval of `days`, forage around the cell (the offer of its 3×3 window, o₁₅) holds
 * them there 1 + residence·o₁₅ times as long, and they feed at the kind's type II rate b·o/(o + h) of the
 * cell's own offer o (feed weight per m²): per unit of feed weight, use/days·(1 + residence·o₁₅)·b/(o + h)
 * a day. A sapling's hazard rate is that times its feed weight times its leader-browsing chance. Between
 * two browsings in the cell nothing of its own changes, so each cell is followed from event to event:
 * its offer falls as each leader is taken, exactly, however long the interval; the window's offer is
 * read as it stands, so neighbours browsed earlier in the interval count as browsed.
 */
export class SaplingClocks {
  private kinds = 0;
  /** Saplings of the year by cell: `trees[first[c] .. end[c])` are the unbrowsed saplings of cell c. */
  private first = new Int32Array(0);
  private end = new Int32Array(0);
  private trees = new Int32Array(0);
  private threshold = new Float64Array(0);
  private hazard = new Float64Array(0);
  /** Per listed sapling and kind: feed weight × leader-browsing chance (heights do not change within a year). */
  private weight = new Float32Array(0);
  /** Cells with saplings listed. */
  private cellList = new Int32Array(0);
  private cellCount = 0;
  private rate = new Float64Array(0);

  /** Lists the saplings on offer to some kind this year (live, within reach, above any shelter) by cell, and draws their thresholds. */
  start(ctx: YearContext): void {
    const { trees, site, year, replicate, forage } = ctx;
    const seed = site.scenario.scenario.seed;
    const reach = site.maxBrowseHeight;
    const kinds = site.kinds.length;
    const cells = site.grid.cellCount;
    this.kinds = kinds;
    if (this.first.length < cells) {
      this.first = new Int32Array(cells);
      this.end = new Int32Array(cells);
    }
    if (this.trees.length < trees.liveCount) {
      const cap = Math.max(trees.liveCount, this.trees.length * 2);
      this.trees = new Int32Array(cap);
      this.threshold = new Float64Array(cap);
      this.hazard = new Float64Array(cap);
      this.weight = new Float32Array(cap * kinds);
    }
    if (this.rate.length < kinds) this.rate = new Float64Array(kinds);
    // The cells holding saplings (the forage's), each with room for its saplings.
    this.cellList = forage.occupied;
    this.cellCount = forage.occupiedCount;
    const end = this.end;
    for (let j = 0; j < this.cellCount; j++) end[this.cellList[j]] = 0;
    const live = trees.live;
    for (let j = 0, m = trees.liveCount; j < m; j++) {
      const i = live[j];
      const h = trees.height[i];
      if (h < reach && h > trees.shelterHeight[i]) end[trees.cell[i]]++;
    }
    let at = 0;
    for (let j = 0; j < this.cellCount; j++) {
      const c = this.cellList[j];
      this.first[c] = at;
      at += end[c];
      end[c] = this.first[c];
    }
    const stream = replicate * 64 + Stream.Browsing;
    for (let j = 0, m = trees.liveCount; j < m; j++) {
      const i = live[j];
      const h = trees.height[i];
      if (h >= reach || h <= trees.shelterHeight[i]) continue;
      let any = 0;
      const n = end[trees.cell[i]];
      for (let k = 0; k < kinds; k++) {
        const w = site.feedWeight(k, trees.species[i], h) * site.leaderChance(k, h);
        this.weight[n * kinds + k] = w;
        any += w;
      }
      if (any === 0) continue;
      this.trees[n] = i;
      this.threshold[n] = -Math.log(1 - keyedUniform(seed, stream, year, i));
      this.hazard[n] = 0;
      end[trees.cell[i]]++;
    }
  }

  /**
   * Runs every cell's clocks over an interval of `days`: `use[k · cells + c]` holds the animal-days per m²
   * of kind k's kernels in cell c over the interval (before forage holds them). Browsed saplings are
   * marked, taken off the offer and tallied, and the days forage held animals in each zone beyond the
   * kernels' are added to the year's presence.
   */
  step(ctx: YearContext, use: Float64Array, days: number): void {
    const { site, forage, tallies } = ctx;
    const cells = site.grid.cellCount;
    const kinds = this.kinds;
    const perM2 = forage.perM2;
    const perWindowM2 = forage.perWindowM2;
    const rate = this.rate;
    const weight = this.weight;
    for (let j = 0; j < this.cellCount; j++) {
      const c = this.cellList[j];
      const from = this.first[c];
      let last = this.end[c];
      let any = false;
      for (let k = 0; k < kinds; k++) if (use[k * cells + c] > 0) any = true;
      if (!any) continue;
      const zone = site.zoneOfCell[c];
      let t = 0;
      for (;;) {
        // Rates per unit of feed weight, per day, at the offers now; and the extra days forage holds animals.
        let held = 0;
        for (let k = 0; k < kinds; k++) {
          const at = k * cells + c;
          const u = use[at] / days;
          const kind = site.kinds[k];
          const o = forage.weight[at] * perM2;
          const around = forage.window[at] * perWindowM2;
          const stay = 1 + kind.forageResidence * (around > 0 ? around : 0);
          rate[k] = u > 0 && o > 0 ? (u * stay * kind.saplingsBrowsedPerDay) / (o + kind.browseHalfSaturation) : 0;
          held += u * kind.forageResidence * forage.weight[at];
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
        if (zone > 0) tallies.presence[zone] += held * wait;
        t += wait;
        if (next < 0) break;
        this.browse(ctx, this.trees[next]);
        // The browsed sapling leaves the cell's list: the last unbrowsed one takes its place.
        last--;
        this.trees[next] = this.trees[last];
        this.threshold[next] = this.threshold[last];
        this.hazard[next] = this.hazard[last];
        for (let k = 0; k < kinds; k++) weight[next * kinds + k] = weight[last * kinds + k];
        if (last === from) {
          // No sapling left: the rest of the interval holds the animals no longer.
          break;
        }
      }
      this.end[c] = last;
    }
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
