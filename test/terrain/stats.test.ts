import { describe, expect, it } from 'vitest';
import { makeTerrain } from '../../sim/terrain/derive.js';
import { terrainStats } from '../../sim/terrain/stats.js';

describe('terrainStats', () => {
  it('summarises every surface, leaving NODATA out', () => {
    const cols = 5;
    const rows = 4;
    const elevation = Float32Array.from({ length: cols * rows }, (_, i) => 100 + 2 * (i % cols));
    elevation[0] = NaN;
    elevation[7] = NaN;
    const t = makeTerrain({ cols, rows, cellSize: 10, west: 0, north: 40, crs: 'LOCAL', source: 'test', elevation });
    const s = terrainStats(t);
    expect([s.cols, s.rows, s.cellSize, s.crs]).toEqual([5, 4, 10, 'LOCAL']);
    expect(s.validCells).toBe(18);

    const valid = (a: Float32Array) => Array.from(a).filter((v) => !Number.isNaN(v));
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const z = valid(t.elevation);
    expect(s.elevation).toEqual({ min: Math.min(...z), max: Math.max(...z), mean: expect.closeTo(mean(z), 9) });
    const slopes = valid(t.slope).sort((a, b) => a - b);
    expect(slopes.length).toBe(18);
    expect(s.slope.mean).toBeCloseTo(mean(slopes), 9);
    expect(s.slope.max).toBe(slopes[slopes.length - 1]);
    expect(s.slope.p50).toBeCloseTo((slopes[8] + slopes[9]) / 2, 6);
    expect(s.slope.p95).toBeGreaterThanOrEqual(slopes[16]);
    expect(s.slope.p95).toBeLessThanOrEqual(slopes[17]);
    const twi = valid(t.twi);
    expect(s.twi.min).toBe(Math.min(...twi));
    expect(s.twi.max).toBe(Math.max(...twi));
    expect(s.twi.mean).toBeCloseTo(mean(twi), 9);
  });
});
