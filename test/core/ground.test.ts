import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentsIntersect } from '../../sim/shared/polygon.js';
import { chebyshevClearance, fenceCells, WalkableGround } from '../../sim/model/ground.js';

// The path test of herbivore movement against brute force: a path sampled every millimetre finds
// the same first avoided cell, and the clearance map is the true Chebyshev distance.

const grid = (cols: number, rows: number, cellSize: number) => ({ cols, rows, cellSize, west: 100, north: 900 });

function cellOf(g: ReturnType<typeof grid>, x: number, y: number): number {
  const c = Math.floor((x - g.west) / g.cellSize);
  const r = Math.floor((g.north - y) / g.cellSize);
  return c < 0 || r < 0 || c >= g.cols || r >= g.rows ? -1 : r * g.cols + c;
}

const maskArb = fc
  .record({ cols: fc.integer({ min: 1, max: 12 }), rows: fc.integer({ min: 1, max: 12 }) })
  .chain(({ cols, rows }) =>
    fc.record({ cols: fc.constant(cols), rows: fc.constant(rows), cells: fc.array(fc.boolean(), { minLength: cols * rows, maxLength: cols * rows }) }),
  );

describe('walkable ground', () => {
  it('clearance is the Chebyshev distance to the nearest avoided cell or the grid edge', () => {
    fc.assert(
      fc.property(maskArb, ({ cols, rows, cells }) => {
        const mask = Uint8Array.from(cells, (b) => (b ? 1 : 0));
        const d = chebyshevClearance(mask, cols, rows);
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            if (!mask[r * cols + c]) {
              expect(d[r * cols + c]).toBe(0);
              continue;
            }
            let best = Math.min(r + 1, c + 1, rows - r, cols - c);
            for (let r2 = 0; r2 < rows; r2++) {
              for (let c2 = 0; c2 < cols; c2++) if (!mask[r2 * cols + c2]) best = Math.min(best, Math.max(Math.abs(r - r2), Math.abs(c - c2)));
            }
            expect(d[r * cols + c]).toBe(best);
          }
        }
      }),
    );
  });

  it('a path stops where it first enters avoided ground, and the normal faces back', () => {
    fc.assert(
      fc.property(
        maskArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        ({ cols, rows, cells }, u, v, heading, length) => {
          const g = grid(cols, rows, 5);
          const mask = Uint8Array.from(cells, (b) => (b ? 1 : 0));
          // Starts at least 1 cm inside the grid: a start on its very edge is a tie that rounding decides.
          const x0 = g.west + 0.01 + u * (cols * g.cellSize - 0.02);
          const y0 = g.north - 0.01 - v * (rows * g.cellSize - 0.02);
          const start = cellOf(g, x0, y0);
          fc.pre(start >= 0 && mask[start] === 1);
          const x1 = x0 + length * Math.sin(heading);
          const y1 = y0 + length * Math.cos(heading);
          const ground = new WalkableGround(g, mask);
          const share = ground.blockedShare(x0, y0, x1, y1, start);

          // Brute force: walk the path in 1 mm steps.
          const n = Math.max(1, Math.ceil(length / 0.001));
          let first = 2;
          for (let k = 1; k <= n; k++) {
            const t = k / n;
            const cell = cellOf(g, x0 + t * (x1 - x0), y0 + t * (y1 - y0));
            if (cell < 0 || mask[cell] === 0) {
              first = t;
              break;
            }
          }
          if (first > 1) {
            // A path that touches a corner may be reported blocked within the sampling error only.
            if (share <= 1) expect(share * length).toBeGreaterThan(length - 0.002);
            return;
          }
          expect(share).toBeLessThanOrEqual(1);
          expect(Math.abs(share - first) * length).toBeLessThan(0.002);
          // Just short of the edge the animal is on usable ground; just past it, it is not.
          const back = cellOf(g, x0 + (share - 1e-4 / Math.max(length, 1e-9)) * (x1 - x0), y0 + (share - 1e-4 / Math.max(length, 1e-9)) * (y1 - y0));
          if (share * length > 1e-3) expect(back >= 0 && mask[back] === 1).toBe(true);
          // The normal points back along the path.
          expect(ground.normalX * (x1 - x0) + ground.normalY * (y1 - y0)).toBeLessThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a path judged open meets neither avoided ground nor any fence, and open country is judged open', () => {
    // Shares of the field drawn evenly (doubles would crowd the corners).
    const coord = fc.integer({ min: 0, max: 10_000 }).map((k) => k / 10_000);
    // Walkable fields with a few avoided cells, large enough for open country to exist.
    const fieldArb = fc.record({
      cols: fc.integer({ min: 8, max: 30 }),
      rows: fc.integer({ min: 8, max: 30 }),
      avoided: fc.array(fc.nat(), { maxLength: 6 }),
    });
    let open = 0;
    fc.assert(
      fc.property(
        fieldArb,
        fc.array(fc.tuple(coord, coord, coord, coord), { maxLength: 2 }),
        coord,
        coord,
        coord.map((k) => k * 2 * Math.PI),
        coord.map((k) => k * 25),
        ({ cols, rows, avoided }, rawFences, u, v, heading, length) => {
          const g = grid(cols, rows, 5);
          const mask = new Uint8Array(cols * rows).fill(1);
          for (const k of avoided) mask[k % mask.length] = 0;
          const w = cols * g.cellSize;
          const h = rows * g.cellSize;
          const fences = rawFences.map(([a, b, c, d]): [number, number, number, number] => [g.west + a * w, g.north - b * h, g.west + c * w, g.north - d * h]);
          const x0 = g.west + 0.01 + u * (w - 0.02);
          const y0 = g.north - 0.01 - v * (h - 0.02);
          const start = cellOf(g, x0, y0);
          fc.pre(start >= 0 && mask[start] === 1);
          const x1 = x0 + length * Math.sin(heading);
          const y1 = y0 + length * Math.cos(heading);
          const ground = new WalkableGround(g, mask, fenceCells(g, fences));
          if (!ground.isOpen(x0, y0, x1, y1, start)) return;
          open++;
          expect(ground.blockedShare(x0, y0, x1, y1, start)).toBe(2);
          for (const [ax, ay, bx, by] of fences) expect(segmentsIntersect(x0, y0, x1, y1, ax, ay, bx, by)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
    // The test has teeth only if some paths were judged open.
    expect(open).toBeGreaterThan(20);

    // A short step in the middle of a large open field, far from the only fence, needs no further test.
    const field = grid(100, 100, 5);
    const ground = new WalkableGround(field, new Uint8Array(100 * 100).fill(1), fenceCells(field, [[110, 890, 150, 890]]));
    expect(ground.isOpen(350, 650, 360, 640, cellOf(field, 350, 650))).toBe(true);
    expect(ground.isOpen(130, 880, 130, 900, cellOf(field, 130, 880))).toBe(false);
  });
});
