import type { BreachLink } from './populationYear.js';

/**
 * The breaches of a population's ground open over a sub-step, interval by interval: the times within it
 * at which one opens or closes, in order, and those open at each interval's start (`open`, by rising
 * index, the order the exchange sums them in). Each change is applied once, so a fence breaking
 * thousands of times a year costs its breaches, not their square.
 */
export class BreachTimeline {
  /** Indices (into the population's breaches) of those open over the current interval, ascending. */
  open = new Int32Array(0);
  openCount = 0;
  private breaches: readonly BreachLink[] = [];
  /** The changes within the sub-step: time, breach index, and 1 for an opening, 0 for a closing. */
  private times: number[] = [];
  private which: number[] = [];
  private opens: number[] = [];
  private order: number[] = [];
  private next = 0;

  /** Starts a sub-step [t0, t1): the breaches open at t0, and the changes after it and before t1. */
  start(breaches: readonly BreachLink[], t0: number, t1: number): void {
    this.breaches = breaches;
    if (this.open.length < breaches.length) this.open = new Int32Array(breaches.length);
    this.openCount = 0;
    this.times.length = 0;
    this.which.length = 0;
    this.opens.length = 0;
    for (let b = 0; b < breaches.length; b++) {
      const br = breaches[b];
      if (br.open <= t0 && t0 < br.close) this.open[this.openCount++] = b;
      if (br.open > t0 && br.open < t1) this.push(br.open, b, 1);
      if (br.close > t0 && br.close < t1) this.push(br.close, b, 0);
    }
    const { times, opens } = this;
    this.order = times.map((_, i) => i).sort((i, j) => times[i] - times[j] || opens[j] - opens[i] || i - j);
    this.next = 0;
  }

  /** The end of the interval that starts at `from` (no later than `to`): the next opening or closing. */
  end(from: number, to: number): number {
    for (let k = this.next; k < this.order.length; k++) {
      const t = this.times[this.order[k]];
      if (t > from) return t < to ? t : to;
    }
    return to;
  }

  /** Moves to the interval starting at `from`: every opening and closing up to it is applied. */
  moveTo(from: number): void {
    while (this.next < this.order.length) {
      const e = this.order[this.next];
      if (this.times[e] > from) break;
      this.next++;
      const b = this.which[e];
      const br = this.breaches[b];
      // Open over [from, …) exactly when it opened by `from` and closes after it.
      if (br.open <= from && from < br.close) this.insert(b);
      else this.remove(b);
    }
  }

  private push(time: number, b: number, opening: number): void {
    this.times.push(time);
    this.which.push(b);
    this.opens.push(opening);
  }

  private insert(b: number): void {
    const open = this.open;
    let at = this.openCount;
    for (let k = 0; k < this.openCount; k++) {
      if (open[k] === b) return;
      if (open[k] > b) {
        at = k;
        break;
      }
    }
    open.copyWithin(at + 1, at, this.openCount);
    open[at] = b;
    this.openCount++;
  }

  private remove(b: number): void {
    const open = this.open;
    for (let k = 0; k < this.openCount; k++) {
      if (open[k] !== b) continue;
      open.copyWithin(k, k + 1, this.openCount);
      this.openCount--;
      return;
    }
  }
}
