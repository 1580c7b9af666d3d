import type { FinalTrees } from '../results/trees.js';
import type { Scenario } from '../scenario/schema.js';
import { pointInPolygon } from '../shared/polygon.js';
import type { Survey, SurveyPlot } from './format.js';

/**
 * What a survey says of each zone it has plots in, and what the same plots would say of a simulated
 * stand: the figures a forecast is conditioned on. A simulated survey lays the survey's own plots on
 * the replicate's trees in the survey year, so it carries the same sampling error as the real one.
 */
export interface ZoneFigures {
  zone: string;
  plots: number;
  /** Live stems per hectare of plot. */
  stemsPerHa: number;
  /** Dead planted stems over all planted stems found, 0–1. */
  deadShare: number;
  /** Live stems whose leader was browsed in the survey year, over live stems; null with none live. */
  browsedShare: number | null;
  /** Mean height of the live stems, m; null where the survey measured none. */
  meanHeight: number | null;
}

export interface SurveyFigures {
  zones: ZoneFigures[];
  /** Herbivores per km2 of every kind counted, added up; null without counts. */
  herbivoresPerKm2: number | null;
}

interface Sums {
  plots: number;
  areaM2: number;
  live: number;
  dead: number;
  browsed: number;
  heightSum: number;
  heightCount: number;
}

const emptySums = (): Sums => ({ plots: 0, areaM2: 0, live: 0, dead: 0, browsed: 0, heightSum: 0, heightCount: 0 });

function figuresOf(name: string, s: Sums): ZoneFigures {
  return {
    zone: name,
    plots: s.plots,
    stemsPerHa: s.areaM2 > 0 ? (s.live * 10_000) / s.areaM2 : 0,
    deadShare: s.live + s.dead > 0 ? s.dead / (s.live + s.dead) : 0,
    browsedShare: s.live > 0 ? s.browsed / s.live : null,
    meanHeight: s.heightCount > 0 ? s.heightSum / s.heightCount : null,
  };
}

/** The zones with plots, in plan order. */
function surveyedZones(survey: Survey, sc: Scenario): number[] {
  return sc.plantings.map((_, z) => z).filter((z) => survey.plotZone.includes(z));
}

/** Mean density per kind counted, added over kinds. */
function countedDensity(survey: Survey): number | null {
  if (survey.herbivoreCounts.length === 0) return null;
  const byKind = new Map<string, number[]>();
  for (const c of survey.herbivoreCounts) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.densityPerKm2]);
  let total = 0;
  for (const values of byKind.values()) total += values.reduce((a, b) => a + b, 0) / values.length;
  return total;
}

/** The standard error of `countedDensity`: each kind's mean error (30% of its density when a count gives none), added in quadrature. */
export function countedDensityError(survey: Survey): number {
  const byKind = new Map<string, number[]>();
  for (const c of survey.herbivoreCounts) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.standardError ?? 0.3 * c.densityPerKm2]);
  let variance = 0;
  for (const errors of byKind.values()) variance += errors.reduce((a, e) => a + e * e, 0) / (errors.length * errors.length);
  return Math.sqrt(variance);
}

/** The survey's own figures. */
export function observedFigures(survey: Survey, sc: Scenario): SurveyFigures {
  const zones = surveyedZones(survey, sc).map((z) => {
    const s = emptySums();
    survey.plots.forEach((plot, i) => {
      if (survey.plotZone[i] !== z) return;
      s.plots++;
      s.areaM2 += plot.areaM2;
      for (const t of plot.tallies.values()) {
        s.live += t.live;
        s.dead += t.dead;
        s.browsed += t.browsed;
        if (t.meanHeight !== null) {
          s.heightSum += t.meanHeight * t.live;
          s.heightCount += t.live;
        }
      }
    });
    return figuresOf(sc.plantings[z].name, s);
  });
  return { zones, herbivoresPerKm2: countedDensity(survey) };
}

/** Trees by 25 m square, to find those on a plot without visiting them all. */
class TreeBuckets {
  private readonly size = 25;
  private readonly cells = new Map<number, number[]>();

  constructor(private readonly trees: FinalTrees) {
    for (let i = 0; i < trees.count; i++) {
      const key = this.key(Math.floor(trees.x[i] / this.size), Math.floor(trees.y[i] / this.size));
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    }
  }

  private key(cx: number, cy: number): number {
    return cx * 1_000_003 + cy;
  }

  /** Calls `visit` with each tree within `reach` of (x, y)'s square neighbourhood. */
  near(x: number, y: number, reach: number, visit: (i: number) => void): void {
    const lo = (v: number) => Math.floor((v - reach) / this.size);
    const hi = (v: number) => Math.floor((v + reach) / this.size);
    for (let cx = lo(x); cx <= hi(x); cx++) for (let cy = lo(y); cy <= hi(y); cy++) for (const i of this.cells.get(this.key(cx, cy)) ?? []) visit(i);
  }
}

function onPlot(plot: SurveyPlot, x: number, y: number): boolean {
  if (plot.ring) return pointInPolygon(plot.ring, x, y);
  const dx = x - plot.x;
  const dy = y - plot.y;
  return dx * dx + dy * dy <= plot.radius! * plot.radius!;
}

function reachOf(plot: SurveyPlot): number {
  if (!plot.ring) return plot.radius!;
  let r = 0;
  for (const [x, y] of plot.ring) r = Math.max(r, Math.hypot(x - plot.x, y - plot.y));
  return r;
}

/**
 * What the survey's plots would find on a simulated stand in the survey year (`trees` is the
 * replicate's state at the end of that year): live stems of any origin, dead planted stems, leaders
 * browsed that year and the live stems' mean height (only in zones where the survey measured height).
 * `herbivoresPerKm2` is the replicate's own density, for the caller to observe with the count's error.
 */
export function simulatedFigures(survey: Survey, sc: Scenario, trees: FinalTrees, herbivoresPerKm2: number): SurveyFigures {
  const buckets = new TreeBuckets(trees);
  const observed = observedFigures(survey, sc);
  const zones = surveyedZones(survey, sc).map((z, k) => {
    const s = emptySums();
    survey.plots.forEach((plot, p) => {
      if (survey.plotZone[p] !== z) return;
      s.plots++;
      s.areaM2 += plot.areaM2;
      buckets.near(plot.x, plot.y, reachOf(plot), (i) => {
        if (!onPlot(plot, trees.x[i], trees.y[i])) return;
        if (trees.status[i] === 1) {
          s.live++;
          if (trees.browsedYear[i] === survey.year) s.browsed++;
          s.heightSum += trees.height[i];
          s.heightCount++;
        } else if (trees.status[i] === 2 && trees.origin[i] === 0) s.dead++;
      });
    });
    const figures = figuresOf(sc.plantings[z].name, s);
    return observed.zones[k].meanHeight === null ? { ...figures, meanHeight: null } : figures;
  });
  return { zones, herbivoresPerKm2: observed.herbivoresPerKm2 === null ? null : herbivoresPerKm2 };
}

/**
 * The figures as one vector with their names, in a fixed order. Which figures it holds is decided by
 * `shape` (the survey's own figures): those the survey did not take are left out, and a figure a
 * simulated survey could not take (no live stem found) counts as 0.
 */
export function figureVector(figures: SurveyFigures, shape: SurveyFigures = figures): { names: string[]; values: number[] } {
  const names: string[] = [];
  const values: number[] = [];
  figures.zones.forEach((z, k) => {
    names.push(`${z.zone}: stems/ha`, `${z.zone}: dead share`);
    values.push(z.stemsPerHa, z.deadShare);
    if (shape.zones[k].browsedShare !== null) {
      names.push(`${z.zone}: browsed share`);
      values.push(z.browsedShare ?? 0);
    }
    if (shape.zones[k].meanHeight !== null) {
      names.push(`${z.zone}: mean height, m`);
      values.push(z.meanHeight ?? 0);
    }
  });
  if (shape.herbivoresPerKm2 !== null) {
    names.push('herbivores per km2');
    values.push(figures.herbivoresPerKm2 ?? 0);
  }
  return { names, values };
}
