import type { Rng } from '../random/rng.js';
import type { FinalTrees } from '../results/trees.js';
import type { Scenario } from '../scenario/schema.js';
import { boundsOf, openRing, pointInPolygon } from '../shared/polygon.js';
import type { PlotTally, SurveyPlot } from './format.js';

/**
 * Surveys made on a simulated stand, as a surveyor would make them on a real one: circular plots laid
 * at random in each zone, each counting the live stems of every species, the dead planted ones, the
 * live ones browsed in the survey year, and their mean height measured with an error. They make the
 * worked example (assets/surveys) and the synthetic truths the conditioning is checked against.
 */

export interface PlotPlace {
  id: string;
  x: number;
  y: number;
}

/** `perZone` plot centres at random inside each zone, at least a plot's radius in from its edge where the zone allows. */
export function placePlots(sc: Scenario, perZone: number, radius: number, rng: Rng): PlotPlace[] {
  const out: PlotPlace[] = [];
  sc.plantings.forEach((p, z) => {
    const ring = openRing(p.polygon);
    const b = boundsOf(ring);
    for (let k = 0, tries = 0; k < perZone && tries < 100_000; tries++) {
      const x = b.minX + rng.next() * (b.maxX - b.minX);
      const y = b.minY + rng.next() * (b.maxY - b.minY);
      const inner = [0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2].every((a) => pointInPolygon(ring, x + radius * Math.cos(a), y + radius * Math.sin(a)));
      if (!pointInPolygon(ring, x, y) || (!inner && tries < 50_000)) continue;
      out.push({ id: `Z${z + 1}-P${String(k + 1).padStart(2, '0')}`, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 });
      k++;
    }
  });
  return out;
}

export interface TallyOptions {
  /** The survey year (model year) the trees are at the end of. */
  year: number;
  date: string;
  radius: number;
  /** Standard deviation of a height measurement, m (0: exact). */
  heightError: number;
  rng: Rng;
}

/** What each plot finds on the stand `trees` (a replicate's state at the end of the survey year). */
export function tallyPlots(places: readonly PlotPlace[], trees: FinalTrees, options: TallyOptions): SurveyPlot[] {
  const r2 = options.radius * options.radius;
  return places.map((place, n) => {
    const sums = new Map<string, PlotTally & { heightSum: number }>();
    for (let i = 0; i < trees.count; i++) {
      const dx = trees.x[i] - place.x;
      const dy = trees.y[i] - place.y;
      if (dx * dx + dy * dy > r2) continue;
      const alive = trees.status[i] === 1;
      const deadPlanted = trees.status[i] === 2 && trees.origin[i] === 0;
      if (!alive && !deadPlanted) continue;
      const id = trees.speciesIds[trees.species[i]];
      const t = sums.get(id) ?? { live: 0, dead: 0, browsed: 0, meanHeight: null, heightSum: 0 };
      if (alive) {
        t.live++;
        if (trees.browsedYear[i] === options.year) t.browsed++;
        t.heightSum += Math.max(0, trees.height[i] + options.heightError * options.rng.normal());
      } else t.dead++;
      sums.set(id, t);
    }
    const tallies = new Map<string, PlotTally>();
    for (const [id, t] of [...sums.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      tallies.set(id, { live: t.live, dead: t.dead, browsed: t.browsed, meanHeight: t.live > 0 ? Math.round((t.heightSum / t.live) * 100) / 100 : null });
    }
    return {
      id: place.id,
      date: options.date,
      x: place.x,
      y: place.y,
      radius: options.radius,
      ring: null,
      areaM2: Math.PI * r2,
      where: `plot ${n + 1}`,
      tallies,
    };
  });
}

/** Plots as a plots CSV (the columns of format.ts), one row per plot and species, a row with no species for an empty plot. */
export function plotsCsv(plots: readonly SurveyPlot[]): string {
  const lines = ['plot,date,x,y,radius_m,species,live,dead,browsed,mean_height_m'];
  for (const p of plots) {
    const head = `${p.id},${p.date},${p.x},${p.y},${p.radius}`;
    if (p.tallies.size === 0) lines.push(`${head},,0,0,0,`);
    for (const [id, t] of p.tallies) lines.push(`${head},${id},${t.live},${t.dead},${t.browsed},${t.meanHeight ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}
