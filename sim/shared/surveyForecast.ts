/**
 * What the core and the page both judge of a survey and a forecast conditioned on it: when the survey
 * told a quantity apart, what a plot found per hectare, how a plot stands against a forecast band, and
 * the recommendation of the decisions from the posterior in words.
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

/** Chance of holding the stocking target at the next check that an action must reach in every zone to be recommended. */
export const STOCKING_CONFIDENCE = 0.8;

/** What the recommendation is worded from: each action's mean cost from the survey on, the one recommended and why. */
export interface RecommendationFacts {
  outcomes: readonly { action: string; costMean: number }[];
  recommended: string;
  reason: string;
}

/**
 * The recommendation of the decisions from the posterior in one sentence, as `reforest forecast`
 * prints it and the page shows it: "Recommended: beatup — GBP 1,234 from the survey to year 50, GBP 250
 * more than doing nothing; <reason>." The comparison with doing nothing is left out where `none` was
 * not weighed or is the one recommended.
 */
export function recommendationSentence(d: RecommendationFacts, currency: string, endYear: number): string {
  const money = (v: number) => `${currency} ${Math.round(v).toLocaleString('en')}`;
  const best = d.outcomes.find((o) => o.action === d.recommended);
  const none = d.outcomes.find((o) => o.action === 'none');
  if (!best) return `Recommended: ${d.recommended}; ${d.reason}.`;
  const more = best.costMean - (none?.costMean ?? 0);
  const extra = none && best !== none ? `, ${money(Math.abs(more))} ${more >= 0 ? 'more' : 'less'} than doing nothing` : '';
  return `Recommended: ${d.recommended} — ${money(best.costMean)} from the survey to year ${endYear}${extra}; ${d.reason}.`;
}
