import { describe, expect, it } from 'vitest';
import { TerrainError } from '../../sim/terrain/errors.js';
import { copyWindow, cropToExtent, type GridGeometry } from '../../sim/terrain/extent.js';

const grid: GridGeometry = { cols: 10, rows: 8, cellSize: 5, west: 100, north: 240 };

describe('cropToExtent', () => {
  it('returns the whole raster without an extent', () => {
    expect(cropToExtent(grid, undefined)).toEqual({ col0: 0, row0: 0, cols: 10, rows: 8, west: 100, north: 240 });
  });

  it('snaps outward to whole cells', () => {
    const w = cropToExtent(grid, { minX: 107, minY: 212, maxX: 118, maxY: 231 });
    expect(w).toEqual({ col0: 1, row0: 1, cols: 3, rows: 5, west: 105, north: 235 });
  });

  it('does not take an extra cell when the extent lies on cell edges', () => {
    const w = cropToExtent(grid, { minX: 105, minY: 220, maxX: 115, maxY: 235 });
    expect(w).toEqual({ col0: 1, row0: 1, cols: 2, rows: 3, west: 105, north: 235 });
  });

  it('clips to the raster', () => {
    const w = cropToExtent(grid, { minX: 0, minY: 0, maxX: 1000, maxY: 1000 });
    expect(w).toEqual({ col0: 0, row0: 0, cols: 10, rows: 8, west: 100, north: 240 });
  });

  it('refuses an extent that does not overlap, naming it and the raster bounds', () => {
    expect(() => cropToExtent(grid, { minX: 150, minY: 0, maxX: 160, maxY: 10 }, 'dem.tif')).toThrow(
      'dem.tif: extent (minX 150, minY 0, maxX 160, maxY 10) does not overlap the raster, which covers x 100 to 150, y 200 to 240',
    );
    expect(() => cropToExtent(grid, { minX: 120, minY: 210, maxX: 110, maxY: 220 })).toThrow(TerrainError);
  });

  it('copies a window out of a raster', () => {
    const src = Float32Array.from({ length: 80 }, (_, i) => i);
    const w = cropToExtent(grid, { minX: 107, minY: 212, maxX: 118, maxY: 231 });
    const out = copyWindow(src, grid.cols, w);
    expect(Array.from(out.subarray(0, 3))).toEqual([11, 12, 13]);
    expect(out[out.length - 1]).toBe(5 * 10 + 3);
  });
});
