import { openRing, polylineLength, segmentsIntersect } from '../shared/polygon.js';
import type { FenceType } from '../library/schema.js';
import type { Rng } from '../random/rng.js';
import { effectiveFence } from '../scenario/effective.js';
import type { Fence } from '../scenario/schema.js';
import { grown } from './arrays.js';
import { diffuseHeading } from './headings.js';

export interface FenceNetworkOptions {
  fences: readonly Fence[];
  fenceTypes: Readonly<Record<string, FenceType>>;
  /** Herbivore kind ids in kind-code order. */
  kinds: readonly string[];
  daysPerYear: number;
  /** Side of the index cells; at least the longest single movement step. */
  cellSize: number;
}

/**
 * The fences of a site as segments in a grid index. Answers what happens when a movement step meets
 * a fence (`encounter`), and keeps each fence's breaches: gaps that open during a year and are repaired
 * after a delay.
 */
export class FenceNetwork {
  readonly fenceCount: number;
  readonly segmentCount: number;
  /** Length of each fence, m. */
  readonly length: Float64Array;
  /** Segments: ends, length and fence. */
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly bx: Float64Array;
  readonly by: Float64Array;
  readonly segLength: Float64Array;
  readonly segFence: Int32Array;
  /** Passability per [fence * kinds + kind]: chance one attempt to cross the intact fence succeeds. */
  private readonly passability: Float64Array;
  private readonly kindCount: number;
  private readonly active: Uint8Array;
  private readonly installYear: Int32Array;
  private readonly removalYear: Int32Array;
  private readonly breachRate: Float64Array;
  private readonly breachRateIncrease: Float64Array;
  /** Years between rebuilds (Infinity: never); a rebuilt fence ages from new. */
  private readonly renewEvery: Float64Array;
  private readonly repairDays: Float64Array;
  /** Width of a breach in each fence, m. */
  readonly gapWidth: Float64Array;
  private readonly daysPerYear: number;

  // Grid index over segments.
  private readonly west: number;
  private readonly south: number;
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cellStart: Int32Array;
  private readonly cellSegments: Int32Array;

  /** Query stamp per segment: a segment listed in several cells a step touches is tested once. */
  private readonly seen: Int32Array;
  private query = 0;

  // Breaches: parallel arrays, compacted each year.
  breachCount = 0;
  private breachSegment = new Int32Array(16);
  private breachPos = new Float64Array(16);
  private breachOpen = new Float64Array(16);
  private breachClose = new Float64Array(16);

  constructor(opts: FenceNetworkOptions) {
    const { fences, fenceTypes, kinds } = opts;
    this.fenceCount = fences.length;
    this.kindCount = kinds.length;
    this.daysPerYear = opts.daysPerYear;
    this.length = new Float64Array(fences.length);
    this.passability = new Float64Array(fences.length * Math.max(1, kinds.length));
    this.active = new Uint8Array(fences.length);
    this.installYear = new Int32Array(fences.length);
    this.removalYear = new Int32Array(fences.length);
    this.breachRate = new Float64Array(fences.length);
    this.breachRateIncrease = new Float64Array(fences.length);
    this.renewEvery = new Float64Array(fences.length);
    this.repairDays = new Float64Array(fences.length);
    this.gapWidth = new Float64Array(fences.length);

    const segs: number[][] = [];
    fences.forEach((f, fi) => {
      const type = fenceTypes[f.type];
      const path = f.closed ? openRing(f.path) : f.path;
      this.length[fi] = polylineLength(path, f.closed);
      kinds.forEach((kind, ki) => {
        const v = type.passability[kind];
        this.passability[fi * kinds.length + ki] = typeof v === 'number' ? v : 0;
      });
      this.installYear[fi] = f.installYear;
      this.removalYear[fi] = f.removalYear ?? 1 << 30;
      const own = effectiveFence(f, type);
      this.breachRate[fi] = own.breachRatePerKmPerYear;
      this.breachRateIncrease[fi] = own.breachRateIncreasePerYear;
      this.renewEvery[fi] = own.renewEveryYears;
      this.repairDays[fi] = own.repairDelayDays;
      this.gapWidth[fi] = own.gapWidthM;
      const last = f.closed ? path.length : path.length - 1;
      for (let i = 0; i < last; i++) {
        const a = path[i];
        const b = path[(i + 1) % path.length];
        if (a[0] === b[0] && a[1] === b[1]) continue;
        segs.push([a[0], a[1], b[0], b[1], fi]);
      }
    });

    const n = segs.length;
    this.segmentCount = n;
    this.ax = Float64Array.from(segs, (s) => s[0]);
    this.ay = Float64Array.from(segs, (s) => s[1]);
    this.bx = Float64Array.from(segs, (s) => s[2]);
    this.by = Float64Array.from(segs, (s) => s[3]);
    this.segLength = Float64Array.from(segs, (s) => Math.hypot(s[2] - s[0], s[3] - s[1]));
    this.segFence = Int32Array.from(segs, (s) => s[4]);
    this.seen = new Int32Array(n);

    // Index: every cell a segment's bounding box touches lists it. A step no longer than a cell
    // spans at most 2x2 cells, so checking the cells of its bounding box finds every candidate.
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, this.ax[i], this.bx[i]);
      minY = Math.min(minY, this.ay[i], this.by[i]);
      maxX = Math.max(maxX, this.ax[i], this.bx[i]);
      maxY = Math.max(maxY, this.ay[i], this.by[i]);
    }
    this.cell = Math.max(1, opts.cellSize);
    if (n === 0) {
      minX = minY = 0;
      maxX = maxY = 1;
    }
    this.west = minX - this.cell;
    this.south = minY - this.cell;
    this.cols = Math.ceil((maxX - this.west) / this.cell) + 2;
    this.rows = Math.ceil((maxY - this.south) / this.cell) + 2;
    const lists: number[][] = Array.from({ length: this.cols * this.rows }, () => []);
    for (let i = 0; i < n; i++) {
      const c0 = this.colOf(Math.min(this.ax[i], this.bx[i]));
      const c1 = this.colOf(Math.max(this.ax[i], this.bx[i]));
      const r0 = this.rowOf(Math.min(this.ay[i], this.by[i]));
      const r1 = this.rowOf(Math.max(this.ay[i], this.by[i]));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          if (this.segmentTouchesCell(i, c, r)) lists[r * this.cols + c].push(i);
        }
      }
    }
    this.cellStart = new Int32Array(lists.length + 1);
    lists.forEach((l, i) => (this.cellStart[i + 1] = this.cellStart[i] + l.length));
    this.cellSegments = Int32Array.from(lists.flat());
  }

  private colOf(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.west) / this.cell)));
  }

  private rowOf(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.south) / this.cell)));
  }

  private segmentTouchesCell(i: number, c: number, r: number): boolean {
    const x0 = this.west + c * this.cell;
    const y0 = this.south + r * this.cell;
    const x1 = x0 + this.cell;
    const y1 = y0 + this.cell;
    const ax = this.ax[i];
    const ay = this.ay[i];
    const bx = this.bx[i];
    const by = this.by[i];
    if (ax >= x0 && ax <= x1 && ay >= y0 && ay <= y1) return true;
    return (
      segmentsIntersect(ax, ay, bx, by, x0, y0, x1, y0) ||
      segmentsIntersect(ax, ay, bx, by, x1, y0, x1, y1) ||
      segmentsIntersect(ax, ay, bx, by, x1, y1, x0, y1) ||
      segmentsIntersect(ax, ay, bx, by, x0, y1, x0, y0)
    );
  }

  /** Multiplies every fence's breach rate in the replicate under way (a site draw); reset sets it back to 1. */
  private breachScale = 1;

  /** Back to no fence standing and no breach, for another replicate. */
  reset(): void {
    this.active.fill(0);
    this.breachCount = 0;
    this.breachScale = 1;
  }

  /** Breaches come `scale` times as often in this replicate (a survey's conditioning draws it). */
  scaleBreaches(scale: number): void {
    this.breachScale = scale;
  }

  /** Chance that one attempt by an animal of this kind to cross intact fence f succeeds. */
  passFor(f: number, kind: number): number {
    return this.passability[f * this.kindCount + kind];
  }

  /** Whether fence f stands in the year `beginYear` last started. */
  isStanding(f: number): boolean {
    return this.active[f] === 1;
  }

  /** Breach b (0 .. breachCount): its segment, position along it (m), and the days it opens and is mended. */
  breach(b: number): { segment: number; pos: number; open: number; close: number } {
    return { segment: this.breachSegment[b], pos: this.breachPos[b], open: this.breachOpen[b], close: this.breachClose[b] };
  }

  /** Whether fence f is built to stop animals of this kind (it cannot be crossed when intact). */
  stops(f: number, kind: number): boolean {
    return this.passability[f * this.kindCount + kind] === 0;
  }

  /** Whether fence f stands during year `year` (the interval from year-1 to year). */
  standsDuring(f: number, year: number): boolean {
    return this.installYear[f] < year && year <= this.removalYear[f];
  }

  /**
   * Starts a year: sets which fences stand, drops breaches already repaired, and opens this year's
   * new breaches (Poisson in number, rate per km rising with the fence's age, uniform in place and time).
   */
  beginYear(year: number, rng: Rng): void {
    const yearStart = (year - 1) * this.daysPerYear;
    for (let f = 0; f < this.fenceCount; f++) this.active[f] = this.standsDuring(f, year) ? 1 : 0;

    let kept = 0;
    for (let b = 0; b < this.breachCount; b++) {
      if (this.breachClose[b] > yearStart && this.active[this.segFence[this.breachSegment[b]]]) {
        this.breachSegment[kept] = this.breachSegment[b];
        this.breachPos[kept] = this.breachPos[b];
        this.breachOpen[kept] = this.breachOpen[b];
        this.breachClose[kept] = this.breachClose[b];
        kept++;
      }
    }
    this.breachCount = kept;

    for (let f = 0; f < this.fenceCount; f++) {
      if (!this.active[f]) continue;
      // Years since it was put up or last rebuilt.
      const built = year - this.installYear[f] - 1;
      const age = Number.isFinite(this.renewEvery[f]) ? built % this.renewEvery[f] : built;
      const rate = this.breachRate[f] * this.breachScale * (1 + this.breachRateIncrease[f] * age) * (this.length[f] / 1000);
      const n = rng.poisson(rate);
      for (let k = 0; k < n; k++) {
        const along = rng.next() * this.length[f];
        const seg = this.segmentAt(f, along);
        if (seg < 0) continue;
        const open = yearStart + rng.next() * this.daysPerYear;
        this.addBreach(seg, rng.next() * this.segLength[seg], open, open + (this.repairDays[f] * this.daysPerYear) / 365);
      }
    }
  }

  /** Opens a breach by hand (tests, and what-if tools): a gap on `segment` at `pos` metres along it. */
  addBreach(segment: number, pos: number, openDay: number, closeDay: number): void {
    if (this.breachCount === this.breachSegment.length) {
      const cap = this.breachCount * 2;
      this.breachSegment = grown(this.breachSegment, cap);
      this.breachPos = grown(this.breachPos, cap);
      this.breachOpen = grown(this.breachOpen, cap);
      this.breachClose = grown(this.breachClose, cap);
    }
    this.breachSegment[this.breachCount] = segment;
    this.breachPos[this.breachCount] = pos;
    this.breachOpen[this.breachCount] = openDay;
    this.breachClose[this.breachCount] = closeDay;
    this.breachCount++;
  }

  private segmentAt(f: number, along: number): number {
    let acc = 0;
    let last = -1;
    for (let s = 0; s < this.segmentCount; s++) {
      if (this.segFence[s] !== f) continue;
      last = s;
      acc += this.segLength[s];
      if (along <= acc) return s;
    }
    return last;
  }

  /** Breaches open at `day` on fence f (all fences when f < 0). */
  openBreaches(day: number, f = -1): number {
    let n = 0;
    for (let b = 0; b < this.breachCount; b++) {
      if (this.breachOpen[b] <= day && day < this.breachClose[b] && (f < 0 || this.segFence[this.breachSegment[b]] === f)) n++;
    }
    return n;
  }

  /** Segment of the fence the last refused `encounter` met. */
  private lastSegment = -1;

  /**
   * An animal of kind `kind` walks from (x0, y0) towards (x1, y1) on `day`. Each standing fence the
   * step meets is an encounter: the animal passes through an open breach, or gets over the intact
   * fence with the type's per-encounter chance (passability). Returns -1 when the whole step may be
   * taken, else the share of the step (0–1) at which it meets the first fence that stops it
   * (`turnAwayHeading` then gives its new heading).
   */
  encounter(x0: number, y0: number, x1: number, y1: number, kind: number, day: number, rng: Rng): number {
    if (this.segmentCount === 0) return -1;
    // Most steps are nowhere near a fence: the index's outer ring of cells holds no segment.
    const west = this.west + this.cell;
    const south = this.south + this.cell;
    const east = this.west + (this.cols - 1) * this.cell;
    const north = this.south + (this.rows - 1) * this.cell;
    if ((x0 < west && x1 < west) || (x0 > east && x1 > east) || (y0 < south && y1 < south) || (y0 > north && y1 > north)) return -1;
    const stamp = ++this.query;
    const c0 = this.colOf(Math.min(x0, x1));
    const c1 = this.colOf(Math.max(x0, x1));
    const r0 = this.rowOf(Math.min(y0, y1));
    const r1 = this.rowOf(Math.max(y0, y1));
    let nearest = 2;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cellIdx = r * this.cols + c;
        for (let k = this.cellStart[cellIdx]; k < this.cellStart[cellIdx + 1]; k++) {
          const s = this.cellSegments[k];
          if (this.seen[s] === stamp) continue;
          this.seen[s] = stamp;
          const f = this.segFence[s];
          if (!this.active[f]) continue;
          const ax = this.ax[s];
          const ay = this.ay[s];
          const bx = this.bx[s];
          const by = this.by[s];
          if (!segmentsIntersect(x0, y0, x1, y1, ax, ay, bx, by)) continue;
          if (this.throughBreach(s, x0, y0, x1, y1, day)) continue;
          const pass = this.passability[f * this.kindCount + kind];
          if (pass > 0 && rng.next() < pass) continue;
          const t = crossingShare(x0, y0, x1, y1, ax, ay, bx, by);
          if (t < nearest) {
            nearest = t;
            this.lastSegment = s;
          }
        }
      }
    }
    return nearest <= 1 ? nearest : -1;
  }

  /**
   * A heading away from the fence last met, for an animal standing at (x, y) on its own side: a diffuse
   * turn (`diffuseHeading`), so an animal walks off rather than grazing along the wire.
   */
  turnAwayHeading(x: number, y: number, rng: Rng): number {
    const s = this.lastSegment;
    let nx = -(this.by[s] - this.ay[s]) / this.segLength[s];
    let ny = (this.bx[s] - this.ax[s]) / this.segLength[s];
    if ((x - this.ax[s]) * nx + (y - this.ay[s]) * ny < 0) {
      nx = -nx;
      ny = -ny;
    }
    return diffuseHeading(nx, ny, rng);
  }

  private throughBreach(s: number, x0: number, y0: number, x1: number, y1: number, day: number): boolean {
    if (this.breachCount === 0) return false;
    // Where along the fence segment the step crosses it.
    const ax = this.ax[s];
    const ay = this.ay[s];
    const ex = this.bx[s] - ax;
    const ey = this.by[s] - ay;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const denom = dx * ey - dy * ex;
    let along: number;
    if (denom === 0) {
      along = ((x0 - ax) * ex + (y0 - ay) * ey) / this.segLength[s];
    } else {
      const u = ((ax - x0) * dy - (ay - y0) * dx) / denom;
      along = u * this.segLength[s];
    }
    const half = this.gapWidth[this.segFence[s]] / 2;
    for (let b = 0; b < this.breachCount; b++) {
      if (this.breachSegment[b] !== s) continue;
      if (this.breachOpen[b] > day || day >= this.breachClose[b]) continue;
      if (Math.abs(along - this.breachPos[b]) <= half) return true;
    }
    return false;
  }

  /** Open breaches as [x, y] pairs, for the 3D view. */
  breachPositions(day: number): Float32Array {
    const out: number[] = [];
    for (let b = 0; b < this.breachCount; b++) {
      if (this.breachOpen[b] > day || day >= this.breachClose[b]) continue;
      const s = this.breachSegment[b];
      const t = this.breachPos[b] / this.segLength[s];
      out.push(this.ax[s] + t * (this.bx[s] - this.ax[s]), this.ay[s] + t * (this.by[s] - this.ay[s]));
    }
    return Float32Array.from(out);
  }
}

/** Share (0–1) of the way from (x0, y0) to (x1, y1) at which the step crosses segment a–b (they are known to meet). */
function crossingShare(x0: number, y0: number, x1: number, y1: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const ex = bx - ax;
  const ey = by - ay;
  const denom = dx * ey - dy * ex;
  if (denom === 0) return 0;
  const t = ((ax - x0) * ey - (ay - y0) * ex) / denom;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}
