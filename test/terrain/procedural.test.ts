import { describe, expect, it } from 'vitest';
import { TerrainError } from '../../sim/terrain/errors.js';
import { proceduralTerrain, type ProceduralOptions } from '../../sim/terrain/procedural.js';
import { terrainStats } from '../../sim/terrain/stats.js';
import { terrainHeight, terrainSouth, terrainWidth } from '../../sim/terrain/terrain.js';

const base: ProceduralOptions = { seed: 42, width: 2000, height: 1200, cellSize: 10, relief: 150, baseElevation: 100, shape: 'glen' };

function rowMean(z: Float32Array, cols: number, r: number): number {
  let s = 0;
  for (let c = 0; c < cols; c++) s += z[r * cols + c];
  return s / cols;
}

describe('proceduralTerrain', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    for (const shape of ['glen', 'hills'] as const) {
      const a = proceduralTerrain({ ...base, shape });
      const b = proceduralTerrain({ ...base, shape });
      const c = proceduralTerrain({ ...base, shape, seed: 43 });
      expect(Array.from(a.elevation)).toEqual(Array.from(b.elevation));
      expect(Array.from(a.twi)).toEqual(Array.from(b.twi));
      let differing = 0;
      for (let i = 0; i < a.elevation.length; i++) if (a.elevation[i] !== c.elevation[i]) differing++;
      expect(differing).toBeGreaterThan(a.elevation.length / 2);
    }
  });

  it('places a LOCAL grid with its south-west corner at (0, 0), rounding the size to whole cells', () => {
    const t = proceduralTerrain({ ...base, width: 1004, height: 996, cellSize: 10 });
    expect([t.cols, t.rows]).toEqual([100, 100]);
    expect(t.crs).toBe('LOCAL');
    expect(t.source).toBe('procedural');
    expect(t.west).toBe(0);
    expect(terrainSouth(t)).toBe(0);
    expect(t.north).toBe(1000);
    expect(terrainWidth(t)).toBe(1000);
    expect(terrainHeight(t)).toBe(1000);
    for (const a of [t.elevation, t.slope, t.aspect, t.twi]) expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('makes a glen: a west–east valley lower in the middle rows than at the north and south edges', () => {
    const t = proceduralTerrain(base);
    const middle = (rowMean(t.elevation, t.cols, Math.floor(t.rows / 2) - 1) + rowMean(t.elevation, t.cols, Math.floor(t.rows / 2))) / 2;
    const north = rowMean(t.elevation, t.cols, 0);
    const south = rowMean(t.elevation, t.cols, t.rows - 1);
    expect(north - middle).toBeGreaterThan(0.6 * base.relief);
    expect(south - middle).toBeGreaterThan(0.6 * base.relief);
    const s = terrainStats(t);
    expect(s.elevation.min).toBeCloseTo(base.baseElevation, 3);
    // The sides rise about `relief` above the floor.
    expect(s.elevation.max - s.elevation.min).toBeGreaterThan(0.8 * base.relief);
    expect(s.elevation.max - s.elevation.min).toBeLessThan(1.6 * base.relief);
    // Water gathers on the floor: the middle rows are wetter than the edges.
    const twiMiddle = rowMean(t.twi, t.cols, Math.floor(t.rows / 2));
    expect(twiMiddle).toBeGreaterThan(rowMean(t.twi, t.cols, 1));
    expect(twiMiddle).toBeGreaterThan(rowMean(t.twi, t.cols, t.rows - 2));
    // Every direction of slope is present and there is fractal detail: not every row is uniform.
    let rowSpread = 0;
    for (let c = 0; c < t.cols; c++) rowSpread = Math.max(rowSpread, Math.abs(t.elevation[c] - north));
    expect(rowSpread).toBeGreaterThan(1);
  });

  it('makes hills spanning exactly the relief above the base elevation', () => {
    const t = proceduralTerrain({ ...base, shape: 'hills', relief: 80, baseElevation: 250 });
    const s = terrainStats(t);
    expect(s.elevation.min).toBeCloseTo(250, 3);
    expect(s.elevation.max).toBeCloseTo(330, 3);
    expect(s.slope.max).toBeGreaterThan(0);
  });

  it('makes flat terrain at the base elevation', () => {
    const t = proceduralTerrain({ ...base, shape: 'flat', baseElevation: 75 });
    expect(Array.from(t.elevation).every((z) => z === 75)).toBe(true);
    expect(Array.from(t.slope).every((s) => s === 0)).toBe(true);
    expect(Array.from(t.aspect).every((a) => a === -1)).toBe(true);
    expect(Array.from(t.twi).every((v) => Number.isFinite(v) && v === t.twi[0])).toBe(true);
  });

  it('refuses impossible sizes with a TerrainError', () => {
    expect(() => proceduralTerrain({ ...base, cellSize: 0 })).toThrow(TerrainError);
    expect(() => proceduralTerrain({ ...base, width: -5 })).toThrow(/width must be a positive number/);
    expect(() => proceduralTerrain({ ...base, width: 100_000, height: 100_000, cellSize: 1 })).toThrow(/too large/);
  });
});
