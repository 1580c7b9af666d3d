/**
 * What the core and the page both judge of a survey and a forecast conditioned on it: when the survey
 * told a quantity apart, what a plot found per hectare, and how a plot stands against a forecast band.
 */

/** Below this ratio of interval widths (posterior's 80% over the prior's, on the log scale) the survey is said to have told a quantity apart. */
export const TOLD_APART = 0.7;

/** Whether a quantity whose posterior interval is `widthRatio` of its prior's was told apart by the survey. */
export function toldApart(widthRatio: number): boolean {
  return widthRatio < TOLD_APART;
}

/** Live stems per hectare a plot found: every species' live stems over its area. */
export function plotStemsPerHa(plot: { areaM2: number; tallies: readonly { live: number }[] }): number {
  const live = plot.tallies.reduce((n, t) => n + t.live, 0);
  return plot.areaM2 > 0 ? (live * 10_000) / plot.areaM2 : 0;
}

/** Where a plot's figure lies against a band: below its p10, within p10–p90, above its p90; unknown without a band. */
export type PlotStanding = 'below' | 'within' | 'above' | 'unknown';

export function plotStanding(value: number, band: { p10: number; p90: number } | null): PlotStanding {
  if (!band || !Number.isFinite(band.p10) || !Number.isFinite(band.p90)) return 'unknown';
  if (value < band.p10) return 'below';
  if (value > band.p90) return 'above';
  return 'within';
}
