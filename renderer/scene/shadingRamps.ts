import type { ColorRamp } from './colorRamp.js';

/** How the ground is shaded, and the colour ramp of each mode: shared by the terrain and its legend. */
export type ShadingMode = 'elevation' | 'slope' | 'suitability';

/** Elevation as a share of the site's range, 0 (lowest) to 1 (highest). */
export const ELEVATION_RAMP: ColorRamp = [
  [0, [0.33, 0.47, 0.24]],
  [0.45, [0.52, 0.58, 0.32]],
  [0.75, [0.55, 0.47, 0.34]],
  [1, [0.86, 0.85, 0.82]],
];
// Degrees: gentle ground green, planting gets hard past ~25°, red where machines cannot go.
export const SLOPE_RAMP: ColorRamp = [
  [0, [0.45, 0.6, 0.32]],
  [12, [0.78, 0.78, 0.36]],
  [25, [0.86, 0.55, 0.25]],
  [40, [0.7, 0.2, 0.16]],
];
/** Suitability 0–255 for 0–1. */
export const SUITABILITY_RAMP: ColorRamp = [
  [0, [0.55, 0.27, 0.2]],
  [128, [0.86, 0.78, 0.35]],
  [255, [0.2, 0.55, 0.25]],
];

/** A mode's scale as a legend draws it: the ramp's stops placed along the scale, with labelled ends in the mode's unit. */
export interface ShadingScale {
  title: string;
  /** CSS linear-gradient stops, left to right. */
  gradient: string;
  ticks: { at: number; label: string }[];
}

const css = ([r, g, b]: readonly number[]) => `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;

export function shadingScale(mode: ShadingMode, range: { minElevation: number; maxElevation: number }): ShadingScale {
  const ramp = mode === 'elevation' ? ELEVATION_RAMP : mode === 'slope' ? SLOPE_RAMP : SUITABILITY_RAMP;
  const [lo, hi] = [ramp[0][0], ramp[ramp.length - 1][0]];
  const gradient = ramp.map(([v, c]) => `${css(c)} ${(((v - lo) / (hi - lo)) * 100).toFixed(1)}%`).join(', ');
  if (mode === 'elevation') {
    const { minElevation: a, maxElevation: b } = range;
    const m = (t: number) => `${Math.round(a + (b - a) * t).toLocaleString('en-GB')} m`;
    return { title: 'Elevation', gradient, ticks: [0, 0.5, 1].map((t) => ({ at: t, label: m(t) })) };
  }
  if (mode === 'slope') return { title: 'Slope', gradient, ticks: ramp.map(([v]) => ({ at: v / hi, label: `${v}°${v === hi ? '+' : ''}` })) };
  return { title: 'Site suitability (best of the plan\'s species)', gradient, ticks: [0, 0.5, 1].map((t) => ({ at: t, label: t.toFixed(1) })) };
}
