/**
 * What a field survey may find different from the plan's assumptions, as multipliers on the model's
 * own figures for one replicate: the herbivores present (every population's numbers, and the capacity
 * they grow to), the chance a transplant fails, the speed of height growth on the site, and the rate
 * at which fences are breached. A plan's own runs use NEUTRAL_DRAW, which leaves every figure as it is
 * (each multiplier is exactly 1), so their results do not change by a bit. Conditioning on a survey
 * (sim/forecast) draws them per replicate from a prior and weighs them by the survey.
 */
export interface SiteDraw {
  /** Multiplies each herbivore population's starting number and its capacity. */
  herbivores: number;
  /** Multiplies each species' planting failure (the chance a transplant dies in its first year), capped at MAX_PLANTING_FAILURE. */
  plantingFailure: number;
  /** Multiplies the year's height growth of every tree along its species' curve. */
  growth: number;
  /** Multiplies every fence's breach rate. */
  fenceBreaches: number;
}

export const SITE_DRAW_KEYS = ['herbivores', 'plantingFailure', 'growth', 'fenceBreaches'] as const satisfies readonly (keyof SiteDraw)[];

export const NEUTRAL_DRAW: Readonly<SiteDraw> = Object.freeze({ herbivores: 1, plantingFailure: 1, growth: 1, fenceBreaches: 1 });

/** The most a drawn planting failure may reach: some transplants always take. */
export const MAX_PLANTING_FAILURE = 0.95;
