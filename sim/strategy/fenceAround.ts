import { convexHull, type Point } from '../shared/polygon.js';
import type { Fence } from '../scenario/schema.js';

/** How far outside its zone a fence a strategy puts round a zone runs, m (as the optimiser's default). */
export const ENCLOSURE_BUFFER_M = 5;

/** A closed fence `buffer` metres outside the convex hull of zones' vertices. */
export function fenceAround(zones: readonly string[], vertices: readonly Point[], type: string, buffer: number): Fence {
  const spread: Point[] = [];
  // Octagon corners round each vertex: the hull then stays at least `buffer` off the zones.
  const r = buffer / Math.cos(Math.PI / 8);
  for (const [x, y] of vertices) {
    for (let k = 0; k < 8; k++) {
      const a = (k * Math.PI) / 4 + Math.PI / 8;
      spread.push([Number((x + r * Math.cos(a)).toFixed(2)), Number((y + r * Math.sin(a)).toFixed(2))]);
    }
  }
  return { name: `${zones.join(' + ')} fence`, type, path: convexHull(spread), closed: true, installYear: 0, protects: [...zones] };
}
