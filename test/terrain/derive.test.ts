import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSurfaces, makeTerrain, MIN_TAN_SLOPE, sharedFloat32 } from '../../sim/terrain/derive.js';
import { TerrainError } from '../../sim/terrain/errors.js';

const DEG = 180 / Math.PI;

/** Elevations z(x, y) sampled at cell centres, x east and y north from the south-west corner, row 0 north. */
function grid(cols: number, rows: number, cell: number, z: (x: number, y: number, c: number, r: number) => number): Float32Array {
  const out = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = z((c + 0.5) * cell, (rows - r - 0.5) * cell, c, r);
  }
  return out;
}

const isCorner = (c: number, r: number, cols: number, rows: number) => (c === 0 || c === cols - 1) && (r === 0 || r === rows - 1);

describe('slope and aspect (Horn, as gdaldem)', () => {
  it('a plane tilted 10° facing east has slope 10° and aspect 90°, edges included', () => {
    const cols = 9;
    const rows = 7;
    const tan10 = Math.tan(10 / DEG);
    const z = grid(cols, rows, 10, (x) => 500 - tan10 * x);
    const { slope, aspect } = deriveSurfaces(z, cols, rows, 10);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (isCorner(c, r, cols, rows)) continue; // gdaldem repeats the centre column at corners
        expect(slope[r * cols + c]).toBeCloseTo(10, 3);
        expect(aspect[r * cols + c]).toBeCloseTo(90, 3);
      }
    }
  });

  it('a flat plane has slope 0 and aspect -1 everywhere', () => {
    const { slope, aspect, twi } = deriveSurfaces(new Float32Array(30).fill(120), 6, 5, 25);
    expect(Array.from(slope).every((s) => s === 0)).toBe(true);
    expect(Array.from(aspect).every((a) => a === -1)).toBe(true);
    expect(Array.from(twi).every(Number.isFinite)).toBe(true);
  });

  it('aspect is the azimuth the slope faces: north 0, east 90, south 180, west 270', () => {
    const cases: Array<[string, (x: number, y: number) => number, number]> = [
      ['north', (_x, y) => -0.2 * y, 0],
      ['east', (x) => -0.2 * x, 90],
      ['south', (_x, y) => 0.2 * y, 180],
      ['west', (x) => 0.2 * x, 270],
      ['north-east', (x, y) => -0.2 * (x + y), 45],
    ];
    for (const [, f, expected] of cases) {
      const { aspect } = deriveSurfaces(grid(5, 5, 10, (x, y) => 300 + f(x, y)), 5, 5, 10);
      expect(aspect[12]).toBeCloseTo(expected, 3);
    }
  });

  it('any plane: slope = atan |∇z|, aspect = azimuth of −∇z', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (p, q, cell) => {
          fc.pre(Math.hypot(p, q) > 0.01);
          const cols = 6;
          const rows = 5;
          const z = grid(cols, rows, cell, (x, y) => 1000 + p * x + q * y);
          const { slope, aspect } = deriveSurfaces(z, cols, rows, cell);
          const expectedSlope = Math.atan(Math.hypot(p, q)) * DEG;
          let expectedAspect = Math.atan2(-p, -q) * DEG;
          if (expectedAspect < 0) expectedAspect += 360;
          for (let r = 0; r < rows; r++) {
            for (let c = 0; c < cols; c++) {
              if (isCorner(c, r, cols, rows)) continue;
              const i = r * cols + c;
              expect(Math.abs(slope[i] - expectedSlope)).toBeLessThan(0.01);
              const diff = Math.abs(aspect[i] - expectedAspect);
              expect(Math.min(diff, 360 - diff)).toBeLessThan(0.05);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('NODATA cells stay NaN and their neighbours use the centre value in their place', () => {
    const cols = 7;
    const rows = 7;
    const z = grid(cols, rows, 10, (x) => 100 + 0.1 * x);
    const hole = 3 * cols + 3;
    z[hole] = NaN;
    const { slope, aspect, twi } = deriveSurfaces(z, cols, rows, 10);
    expect(Number.isNaN(slope[hole]) && Number.isNaN(aspect[hole]) && Number.isNaN(twi[hole])).toBe(true);
    // West of the hole (z rises 1 m per cell eastwards): its east neighbour, weight 2, is replaced by the
    // centre value, so the east-west difference is 4·1 + (1 + 0·2 + 1) = 6 instead of 8: slope atan(6 / 80).
    const west = hole - 1;
    expect(slope[west]).toBeCloseTo(Math.atan(6 / 80) * DEG, 4);
    expect(slope[hole - 2]).toBeCloseTo(Math.atan(8 / 80) * DEG, 4);
    expect(Number.isFinite(twi[west])).toBe(true);
  });
});

describe('topographic wetness index', () => {
  /** Two valleys (columns 10 and 30) either side of a ridge (column 20), all falling gently south. */
  function valleysAndRidge(): { z: Float32Array; cols: number; rows: number; cell: number } {
    const cols = 41;
    const rows = 60;
    const cell = 10;
    const z = grid(cols, rows, cell, (_x, y, c) => 200 + 3 * Math.abs((c % 20) - 10) + 0.05 * y);
    return { z, cols, rows, cell };
  }

  it('is higher on a valley floor than on a ridge', () => {
    const { z, cols, rows, cell } = valleysAndRidge();
    const { twi } = deriveSurfaces(z, cols, rows, cell);
    for (const r of [15, 30, 45]) {
      const ridge = twi[r * cols + 20];
      expect(twi[r * cols + 10]).toBeGreaterThan(ridge + 2);
      expect(twi[r * cols + 30]).toBeGreaterThan(ridge + 2);
    }
  });

  it('grows down a valley as its catchment grows', () => {
    const { z, cols, rows, cell } = valleysAndRidge();
    const { twi } = deriveSurfaces(z, cols, rows, cell);
    expect(twi[50 * cols + 10]).toBeGreaterThan(twi[10 * cols + 10]);
  });

  it('drains a closed pit instead of stopping in it, and is deterministic', () => {
    const cols = 30;
    const rows = 30;
    // A bowl with a pit in the middle, on a slope falling east.
    const z = grid(cols, rows, 10, (x, y) => 50 + 0.1 * (300 - x) - 5 * Math.exp(-((x - 150) ** 2 + (y - 150) ** 2) / 800));
    const a = deriveSurfaces(z, cols, rows, 10);
    const b = deriveSurfaces(z, cols, rows, 10);
    expect(Array.from(a.twi)).toEqual(Array.from(b.twi));
    // Cells east of the pit receive the water that fell upslope of it.
    const upslope = a.twi[15 * cols + 5];
    const beyond = a.twi[15 * cols + 25];
    expect(beyond).toBeGreaterThan(upslope);
  });

  it('is finite on flats, with tan β floored at tan 0.1°', () => {
    // A wholly flat raster routes nothing: every cell is ln(cell / tan 0.1°).
    const { twi } = deriveSurfaces(new Float32Array(9).fill(10), 3, 3, 10);
    for (const v of twi) expect(v).toBeCloseTo(Math.log(10 / MIN_TAN_SLOPE), 4);
    // A flat valley floor inside sloping terrain still passes its water on (Priority-Flood+ε), and stays finite.
    const cols = 20;
    const rows = 30;
    const z = grid(cols, rows, 10, (x, y) => 100 + 0.05 * y + Math.max(0, Math.abs(x - 100) - 30) * 0.3);
    for (let i = 0; i < z.length; i++) z[i] = Math.round(z[i]); // integer heights, as in SRTM: flats everywhere
    const wet = deriveSurfaces(z, cols, rows, 10).twi;
    expect(Array.from(wet).every(Number.isFinite)).toBe(true);
    expect(wet[(rows - 2) * cols + 10]).toBeGreaterThan(wet[2 * cols + 10]);
  });

  it('derives every surface of a raster the size of the real DEM', () => {
    const cols = 1197;
    const rows = 643;
    const z = grid(cols, rows, 30, (x, y) => 1000 + 200 * Math.sin(x / 900) * Math.cos(y / 700) + 0.01 * x);
    const { slope, twi } = deriveSurfaces(z, cols, rows, 30);
    expect(slope.length).toBe(cols * rows);
    expect(Array.from(twi).every(Number.isFinite)).toBe(true);
  });
});

describe('makeTerrain', () => {
  it('uses shared elevation as is, copies other arrays into shared memory, and derives every surface', () => {
    const shared = sharedFloat32(12).fill(7);
    const t = makeTerrain({ cols: 4, rows: 3, cellSize: 5, west: 10, north: 40, crs: 'LOCAL', source: 'test', elevation: shared });
    expect(t.elevation).toBe(shared);
    for (const a of [t.slope, t.aspect, t.twi]) expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);

    const plain = new Float32Array(12).fill(7);
    const u = makeTerrain({ cols: 4, rows: 3, cellSize: 5, west: 10, north: 40, crs: 'LOCAL', source: 'test', elevation: plain });
    expect(u.elevation).not.toBe(plain);
    expect(u.elevation.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(u.elevation)).toEqual(Array.from(plain));
  });

  it('refuses an elevation array of the wrong length', () => {
    expect(() =>
      makeTerrain({ cols: 4, rows: 3, cellSize: 5, west: 0, north: 15, crs: 'LOCAL', source: 'test', elevation: new Float32Array(11) }),
    ).toThrow(TerrainError);
    expect(() => deriveSurfaces(new Float32Array(4), 2, 2, 0)).toThrow(/positive cell size/);
  });
});
