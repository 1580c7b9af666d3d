import polygonClipping from 'polygon-clipping';
import { polygonArea, polygonsOverlap, type Point } from '../shared/polygon.js';

/** Overlaps smaller than this share of the smaller zone are rounding in snapped outlines, not ground planted twice. */
const NEGLIGIBLE_SHARE = 1e-9;

/**
 * The area two zones share, m² (0 when they only touch): every stem belongs to one zone, so ground
 * in two is planted twice. Computed by clipping one outline with the other, so zones drawn by snapping
 * to each other's vertices and edges, overlapping along a shared edge, are found as surely as crossing
 * ones. Null when the outlines cannot be clipped (degenerate rings); `polygonsOverlap` then says whether
 * they overlap at all.
 */
export function zoneOverlapM2(a: readonly Point[], b: readonly Point[]): number | null {
  let shared: number;
  try {
    shared = polygonClipping.intersection([a as Point[]], [b as Point[]]).reduce((sum, polygon) => sum + polygon.reduce((s, ring, i) => s + (i === 0 ? 1 : -1) * polygonArea(ring), 0), 0);
  } catch {
    return polygonsOverlap(a, b) ? null : 0;
  }
  return shared > NEGLIGIBLE_SHARE * Math.min(polygonArea(a), polygonArea(b)) ? shared : 0;
}
