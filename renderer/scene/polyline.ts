/** Plane geometry on flat [x0, y0, x1, y1, ...] point lists: sampling along edges, containment, distance. */

/** Points along the line (closed: back to the start) no more than `step` apart, flat [x, y, ...]. */
export function densify(points: ArrayLike<number>, closed: boolean, step: number): Float64Array {
  const n = points.length / 2;
  const out: number[] = [];
  const edges = closed ? n : n - 1;
  for (let k = 0; k < edges; k++) {
    const x0 = points[2 * k];
    const y0 = points[2 * k + 1];
    const x1 = points[(2 * (k + 1)) % (2 * n)];
    const y1 = points[(2 * (k + 1) + 1) % (2 * n)];
    const parts = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let p = 0; p < parts; p++) out.push(x0 + ((x1 - x0) * p) / parts, y0 + ((y1 - y0) * p) / parts);
  }
  if (n > 0) {
    const last = closed ? 0 : n - 1;
    out.push(points[2 * last], points[2 * last + 1]);
  }
  return Float64Array.from(out);
}

/** Even-odd rule. */
export function pointInPolygon(poly: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  const n = poly.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[2 * i];
    const yi = poly[2 * i + 1];
    const xj = poly[2 * j];
    const yj = poly[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Shortest distance from a point to the line (closed: including the edge back to the start). */
export function distanceToPolyline(points: ArrayLike<number>, closed: boolean, x: number, y: number): number {
  const n = points.length / 2;
  if (n === 1) return Math.hypot(points[0] - x, points[1] - y);
  let best = Infinity;
  const edges = closed ? n : n - 1;
  for (let k = 0; k < edges; k++) {
    const ax = points[2 * k];
    const ay = points[2 * k + 1];
    const bx = points[(2 * (k + 1)) % (2 * n)];
    const by = points[(2 * (k + 1) + 1) % (2 * n)];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(ax + dx * t - x, ay + dy * t - y));
  }
  return best;
}
