import type { BreachTimeline } from './breachTimeline.js';
import { ExchangeSolver } from './exchange.js';
import type { HomeGroup } from './groups.js';
import type { HomeKernel } from './kernel.js';
import type { PopulationYear } from './populationYear.js';

/**
 * Each group's moves between the areas of its population's ground over an interval, as a Markov chain
 * over the areas it can be in (where it is, and what it can cross into from there) solved exactly
 * (`ExchangeSolver`): across intact fences by the group's crossing strengths, through open breaches by
 * its kernel at the breach, both over its kernel × habitat in the area it leaves.
 */
export class GroupExchange {
  private readonly solver = new ExchangeSolver();
  private localOf = new Int32Array(0);
  private rates = new Float64Array(0);
  private share = new Float64Array(0);
  private time = new Float64Array(0);
  private active: number[] = [];
  /**
   * When set (the validation's checks of fences and breaches), the expected crossings between areas of
   * the first population's ground are added here, [from · areas + to].
   */
  crossings: Float64Array | null = null;

  constructor(private readonly kernels: readonly HomeKernel[]) {}

  /** A group's moves between areas over `days` from day `from`, with the breaches open then (`breaches.open`). */
  advance(g: HomeGroup, py: PopulationYear, from: number, days: number, breaches: BreachTimeline): void {
    const open = breaches.open;
    const openCount = breaches.openCount;
    const map = py.map;
    // Most often the group is all in its home area, and nothing it can cross is open to it.
    if (g.share[g.homeArea] === 1 && g.crossable[g.homeArea] === 0) {
      let closed = true;
      for (let k = 0; k < openCount && closed; k++) {
        const br = py.breaches[open[k]];
        if ((br.a === g.homeArea || br.b === g.homeArea) && g.breachK[open[k]] > 0) closed = false;
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
      for (let k = 0; k < openCount; k++) {
        const br = py.breaches[open[k]];
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
    const kernel = this.kernels[g.kind];
    for (let k = 0; k < openCount; k++) {
      const br = py.breaches[open[k]];
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
  inspect(py: PopulationYear): void {
    for (const g of py.groups) {
      for (let a = 0; a < py.map.count; a++) {
        if (py.exclosure[a] === 0 || a === g.homeArea || g.share[a] === 0) continue;
        g.share[g.homeArea] += g.share[a];
        g.share[a] = 0;
      }
    }
  }
}
