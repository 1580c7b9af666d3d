import { metricLabel, type MetricName } from './metrics.js';

/** What a search of plans maximises: a metric in a zone at a year, as a quantile across replicates. */
export interface ObjectiveTerms {
  metric: MetricName;
  year: number;
  /** "all" for the whole site, else a planting zone's name. */
  zone: string;
  /** 0–1, e.g. 0.1 for a cautious figure. */
  quantile: number;
}

/** The quantile in words: "p10", or "median (p50)". */
export function quantileWords(quantile: number): string {
  const p = Math.round(quantile * 100);
  return p === 50 ? 'median (p50)' : `p${p}`;
}

/**
 * The objective in words with its unit, for people rather than CSV columns, e.g.
 * "Carbon, tCO2e at year 50, whole site, p10 across replicates".
 */
export function objectiveLabel(o: ObjectiveTerms): string {
  const where = o.zone === 'all' ? 'whole site' : `zone "${o.zone}"`;
  return `${metricLabel(o.metric)} at year ${o.year}, ${where}, ${quantileWords(o.quantile)} across replicates`;
}
