/** Piecewise-linear colour ramps, written into caller-owned buffers so shading loops allocate nothing. */

/** Stops in ascending order of value: [value, [r, g, b]] with channels 0–1. */
export type ColorRamp = readonly (readonly [number, readonly [number, number, number]])[];

/** Writes the ramp's colour at `value` (clamped to the end stops) as RGB at out[offset..offset+2]. */
export function rampColor(ramp: ColorRamp, value: number, out: Float32Array | Uint8Array, offset: number, scale = 1): void {
  let k = 0;
  while (k < ramp.length - 2 && value > ramp[k + 1][0]) k++;
  const [v0, c0] = ramp[k];
  const [v1, c1] = ramp[Math.min(k + 1, ramp.length - 1)];
  const t = v1 > v0 ? Math.min(1, Math.max(0, (value - v0) / (v1 - v0))) : 0;
  out[offset] = (c0[0] + (c1[0] - c0[0]) * t) * scale;
  out[offset + 1] = (c0[1] + (c1[1] - c0[1]) * t) * scale;
  out[offset + 2] = (c0[2] + (c1[2] - c0[2]) * t) * scale;
}
