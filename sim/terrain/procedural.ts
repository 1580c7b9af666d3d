/**
 * Procedural terrain: fractal relief from a seed, for scenarios without an elevation model and for tests.
 *
 * The relief is fractional Brownian motion (fBm) of 2-D gradient noise (Perlin 2002, "improved noise":
 * quintic fade, random unit gradients): octaves of halving wavelength and halving amplitude, the gradients
 * and the permutation table drawn from `Rng`, so the same seed always gives the same terrain.
 */
import { Rng } from '../random/rng.js';
import { makeTerrain, sharedFloat32 } from './derive.js';
import { TerrainError } from './errors.js';
import type { Terrain } from './terrain.js';

export type ProceduralShape = 'glen' | 'hills' | 'flat';

export interface ProceduralOptions {
  seed: number;
  /** Metres, west to east; rounded to whole cells. */
  width: number;
  /** Metres, south to north; rounded to whole cells. */
  height: number;
  /** Metres. */
  cellSize: number;
  /** Metres between the lowest and highest ground (glen: how far the sides rise above the floor). */
  relief: number;
  /** Elevation of the lowest ground, metres. */
  baseElevation: number;
  shape: ProceduralShape;
}

/** Largest procedural grid, cells (as for loaded rasters). */
export const MAX_PROCEDURAL_CELLS = 50_000_000;

/** Stream tag mixed into the seed so terrain relief never shares a random stream with a model step. */
const TERRAIN_STREAM = 0x54455252; // "TERR"

/**
 * A north-up terrain in a local metric CRS ("LOCAL") whose south-west corner is (0, 0): `west = 0`,
 * `north = rows × cellSize`.
 *
 * - `flat`: every cell at `baseElevation`.
 * - `hills`: fBm relief rescaled to span exactly `relief` metres above `baseElevation`.
 * - `glen`: a valley running west–east through the middle (its line meandering a little), U-shaped in
 *   cross-section — a gentle floor, steeper sides easing into shoulders — whose sides rise about `relief`
 *   metres above the floor; the floor falls gently eastwards (a tenth of the relief over the length) and
 *   fractal detail of about a quarter of the relief, damped on the floor, lies on top. The lowest cell is
 *   at `baseElevation`.
 */
export function proceduralTerrain(opts: ProceduralOptions): Terrain {
  const { width, height, cellSize, relief, baseElevation, shape } = opts;
  const bad = (what: string): never => {
    throw new TerrainError(`procedural terrain: ${what}`);
  };
  if (!(cellSize > 0) || !Number.isFinite(cellSize)) bad(`cellSize must be a positive number of metres (got ${cellSize})`);
  if (!(width > 0) || !Number.isFinite(width)) bad(`width must be a positive number of metres (got ${width})`);
  if (!(height > 0) || !Number.isFinite(height)) bad(`height must be a positive number of metres (got ${height})`);
  if (!(relief >= 0) || !Number.isFinite(relief)) bad(`relief must be zero or more metres (got ${relief})`);
  if (!Number.isFinite(baseElevation)) bad(`baseElevation must be a number of metres (got ${baseElevation})`);
  if (shape !== 'glen' && shape !== 'hills' && shape !== 'flat') bad(`unknown shape "${String(shape)}" (glen, hills or flat)`);
  if (!Number.isFinite(opts.seed)) bad(`seed must be a number (got ${opts.seed})`);

  const cols = Math.max(1, Math.round(width / cellSize));
  const rows = Math.max(1, Math.round(height / cellSize));
  if (cols * rows > MAX_PROCEDURAL_CELLS) {
    bad(
      `${cols.toLocaleString('en')} × ${rows.toLocaleString('en')} cells is too large; at most ` +
        `${MAX_PROCEDURAL_CELLS.toLocaleString('en')} cells (use a larger cellSize)`,
    );
  }
  const n = cols * rows;
  const elevation = sharedFloat32(n);

  if (shape === 'flat' || relief === 0) {
    elevation.fill(baseElevation);
  } else {
    const rng = new Rng(opts.seed, TERRAIN_STREAM);
    const W = cols * cellSize;
    const H = rows * cellSize;
    const noise = new GradientNoise(rng);
    const detail = fbmField(noise, rng, cols, rows, cellSize, Math.max(W, H) / 3);
    const z = new Float64Array(n);
    if (shape === 'hills') {
      for (let i = 0; i < n; i++) z[i] = relief * detail[i];
    } else {
      // The valley line: the middle of the raster, displaced by low-frequency noise of up to ~6% of its height.
      const meanderPhase = rng.uniform(0, 256);
      const meanderWave = Math.max(W, H) / 2;
      for (let c = 0; c < cols; c++) {
        const x = (c + 0.5) * cellSize;
        const centre = H / 2 + 0.06 * H * 1.4 * noise.at(x / meanderWave, meanderPhase);
        const fall = 0.1 * relief * (1 - x / W);
        for (let r = 0; r < rows; r++) {
          const y = H - (r + 0.5) * cellSize;
          let v = Math.abs(y - centre) / (H / 2);
          if (v > 1) v = 1;
          const profile = v * v * (3 - 2 * v);
          const i = r * cols + c;
          z[i] = relief * profile + fall + 0.25 * relief * (0.3 + 0.7 * v) * (detail[i] - 0.5);
        }
      }
    }
    let lo = Infinity;
    for (let i = 0; i < n; i++) if (z[i] < lo) lo = z[i];
    for (let i = 0; i < n; i++) elevation[i] = baseElevation + (z[i] - lo);
  }

  return makeTerrain({
    cols,
    rows,
    cellSize,
    west: 0,
    north: rows * cellSize,
    crs: 'LOCAL',
    source: 'procedural',
    elevation,
  });
}

/**
 * fBm of `noise` sampled at cell centres, rescaled to span [0, 1]: octaves from `baseWavelength` metres down
 * to about two cells (at most 8), amplitude halving with each, every octave shifted by a random offset.
 */
function fbmField(
  noise: GradientNoise,
  rng: Rng,
  cols: number,
  rows: number,
  cellSize: number,
  baseWavelength: number,
): Float64Array {
  const n = cols * rows;
  const out = new Float64Array(n);
  let wavelength = Math.max(baseWavelength, 4 * cellSize);
  let amplitude = 1;
  for (let octave = 0; octave < 8; octave++) {
    const ox = rng.uniform(0, 256);
    const oy = rng.uniform(0, 256);
    const f = 1 / wavelength;
    for (let r = 0; r < rows; r++) {
      const y = oy + (rows - r - 0.5) * cellSize * f;
      const row = r * cols;
      for (let c = 0; c < cols; c++) out[row + c] += amplitude * noise.at(ox + (c + 0.5) * cellSize * f, y);
    }
    wavelength /= 2;
    amplitude /= 2;
    if (wavelength < 2 * cellSize) break;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (out[i] < lo) lo = out[i];
    if (out[i] > hi) hi = out[i];
  }
  const span = hi - lo;
  for (let i = 0; i < n; i++) out[i] = span > 0 ? (out[i] - lo) / span : 0.5;
  return out;
}

/** 2-D gradient noise on a unit lattice with a 256-entry permutation, values roughly in [-0.7, 0.7]. */
class GradientNoise {
  private readonly perm = new Uint8Array(512);
  private readonly gx = new Float64Array(256);
  private readonly gy = new Float64Array(256);

  constructor(rng: Rng) {
    const p = new Uint8Array(256);
    for (let i = 0; i < 256; i++) p[i] = i;
    for (let i = 255; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    for (let i = 0; i < 512; i++) this.perm[i] = p[i & 255];
    for (let i = 0; i < 256; i++) {
      const a = rng.uniform(0, 2 * Math.PI);
      this.gx[i] = Math.cos(a);
      this.gy[i] = Math.sin(a);
    }
  }

  at(x: number, y: number): number {
    const xf = Math.floor(x);
    const yf = Math.floor(y);
    const X = xf & 255;
    const Y = yf & 255;
    const dx = x - xf;
    const dy = y - yf;
    const perm = this.perm;
    const aa = perm[perm[X] + Y];
    const ab = perm[perm[X] + Y + 1];
    const ba = perm[perm[X + 1] + Y];
    const bb = perm[perm[X + 1] + Y + 1];
    const n00 = this.gx[aa] * dx + this.gy[aa] * dy;
    const n10 = this.gx[ba] * (dx - 1) + this.gy[ba] * dy;
    const n01 = this.gx[ab] * dx + this.gy[ab] * (dy - 1);
    const n11 = this.gx[bb] * (dx - 1) + this.gy[bb] * (dy - 1);
    const u = dx * dx * dx * (dx * (dx * 6 - 15) + 10);
    const v = dy * dy * dy * (dy * (dy * 6 - 15) + 10);
    const nx0 = n00 + u * (n10 - n00);
    const nx1 = n01 + u * (n11 - n01);
    return nx0 + v * (nx1 - nx0);
  }
}
