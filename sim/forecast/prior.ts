import type { Rng } from '../random/rng.js';
import { SITE_DRAW_KEYS, type SiteDraw } from '../model/siteDraw.js';

export type DrawKey = (typeof SITE_DRAW_KEYS)[number];

/** One quantity a survey conditions: a multiplier on the plan's own figure, log-uniform between `low` and `high`. */
export interface PriorRange {
  key: DrawKey;
  /** In words, for tables and the report. */
  label: string;
  low: number;
  high: number;
  /** Why the range is as wide as it is. */
  basis: string;
}

/**
 * The prior of each quantity: log-uniform, so halving and doubling are equally likely a priori, and
 * wide enough that a survey, not the prior, decides. The ranges are judgement, set from how far such
 * figures are known to stray from a plan's assumptions; they are stated in the forecast's output.
 */
export const PRIOR: readonly PriorRange[] = [
  {
    key: 'herbivores',
    label: 'herbivores, times the plan',
    low: 0.25,
    high: 4,
    basis:
      'judgement: a plan often takes its density from a regional figure or a single count, counts by the methods of Mayle, Peace & Gill (1999) How many deer? (Forestry Commission Field Book 18) carry wide errors, and herds move in and out of a site between years',
  },
  {
    key: 'plantingFailure',
    label: 'planting failure, times the library',
    low: 1 / 3,
    high: 3,
    basis: 'judgement: first-year losses of transplants vary several-fold with stock handling, planting date and the weather after planting; a threefold range either way holds the library figures of a few per cent up to about a third',
  },
  {
    key: 'growth',
    label: 'height growth, times the model',
    low: 0.7,
    high: 1.43,
    basis:
      "judgement: before any tree grows on it, a site's yield class is predicted from site factors (Ecological Site Classification, Pyatt, Ray & Fletcher (2001) FC Bulletin 124), not measured; 30% of height growth either way spans the yield classes the WCC tables give for the native species planted",
  },
  {
    key: 'fenceBreaches',
    label: 'fence breaches, times the library',
    low: 0.25,
    high: 8,
    basis: 'judgement: the library breach rate is itself judgement (no published rate was located); a fence on a windblown or snowy site, or one rarely inspected, may be breached many times as often',
  },
];

/** A draw of every quantity from the prior. */
export function drawFromPrior(rng: Rng): SiteDraw {
  const out = {} as SiteDraw;
  for (const p of PRIOR) out[p.key] = Math.exp(Math.log(p.low) + rng.next() * (Math.log(p.high) - Math.log(p.low)));
  return out;
}

/** A multiplier as a number on the whole line (logit of its place on the prior's log scale), where regression adjustment works. */
export function toLine(p: PriorRange, value: number): number {
  const u = (Math.log(value) - Math.log(p.low)) / (Math.log(p.high) - Math.log(p.low));
  const c = Math.min(1 - 1e-9, Math.max(1e-9, u));
  return Math.log(c / (1 - c));
}

/** Back from the line to the multiplier: always within the prior's range. */
export function fromLine(p: PriorRange, z: number): number {
  const u = 1 / (1 + Math.exp(-z));
  return Math.exp(Math.log(p.low) + u * (Math.log(p.high) - Math.log(p.low)));
}

/** The q-quantile of the prior itself. */
export function priorQuantile(p: PriorRange, q: number): number {
  return Math.exp(Math.log(p.low) + q * (Math.log(p.high) - Math.log(p.low)));
}
