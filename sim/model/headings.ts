import type { Rng } from '../random/rng.js';

/**
 * Headings of walking animals, in radians clockwise from north: a step of length s at heading h
 * moves (s·sin h, s·cos h).
 */

/** Signed angle from heading `from` to heading `to`, in (-π, π]. */
export function angleBetween(from: number, to: number): number {
  let d = to - from;
  // The remainder only when needed: it is the slowest part of a turn, and exact (d itself) within a circle.
  if (d >= 2 * Math.PI || d <= -2 * Math.PI) d %= 2 * Math.PI;
  if (d > Math.PI) d -= 2 * Math.PI;
  else if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/**
 * A heading away from a barrier whose unit normal (nx, ny) points to the animal's side: drawn from that
 * half-plane, cosine-weighted about the normal (Lambert's law). A diffuse turn of this kind keeps a walk
 * that fills an area evenly still even next to the barrier, so a wall adds no crowding of its own.
 */
export function diffuseHeading(nx: number, ny: number, rng: Rng): number {
  const sin = 2 * rng.next() - 1;
  const cos = Math.sqrt(1 - sin * sin);
  return Math.atan2(nx * cos - ny * sin, ny * cos + nx * sin);
}

/** Sine and cosine from a 4096-entry table: headings need no more than a tenth of a degree. */
const SINE_STEPS = 4096;
const SINE_TABLE = Float64Array.from({ length: SINE_STEPS }, (_, i) => Math.sin((i * 2 * Math.PI) / SINE_STEPS));
const TO_STEPS = SINE_STEPS / (2 * Math.PI);

export function sine(angle: number): number {
  return SINE_TABLE[Math.round(angle * TO_STEPS) & (SINE_STEPS - 1)];
}

export function cosine(angle: number): number {
  return SINE_TABLE[(Math.round(angle * TO_STEPS) + SINE_STEPS / 4) & (SINE_STEPS - 1)];
}
