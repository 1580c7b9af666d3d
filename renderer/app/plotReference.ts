import type { ForecastResults, SurveyPlotView } from '../../sim/hostApi/api.js';
import { M, metricIndex } from '../../sim/shared/metrics.js';
import { quantileSorted, type RunResult } from '../../sim/shared/runResult.js';
import { plotStanding, plotStemsPerHa, type PlotStanding } from '../../sim/shared/surveyForecast.js';

/** A zone's stems/ha band in the survey year: what a plot's own stems/ha is compared with. */
export interface StemsBand {
  p10: number;
  p90: number;
}

/** What the survey's plots are measured against, and how the legend says so. */
export interface PlotReference {
  /** In words, for the legend and the Inspect panel. */
  label: string;
  bandOf(zone: string): StemsBand | null;
}

/**
 * The forecast before the survey: each zone's stems/ha p10–p90 across the prior's particles in the
 * survey year, from the bands the host computed as forecast.csv gives them.
 */
export function forecastReference(results: ForecastResults): PlotReference {
  const year = results.survey.year;
  return {
    label: `the forecast before the survey: p10–p90 of its particles' stems/ha in year ${year}`,
    bandOf: (zone) => {
      const band = results.bands.find((b) => b.zone === zone && b.metric === 'stems_per_ha');
      return band ? { p10: band.prior[0][year], p90: band.prior[2][year] } : null;
    },
  };
}

/** The plan's own run (A): each zone's stems/ha p10–p90 across its replicates in the survey year; null when it ran fewer years. */
export function runReference(result: RunResult, year: number): PlotReference | null {
  if (year > result.years || result.perReplicate.length === 0) return null;
  const zc = result.zones.length;
  return {
    label: `run A: p10–p90 of its ${result.replicates} replicates' stems/ha in year ${year}`,
    bandOf: (zone) => {
      const z = result.zones.indexOf(zone);
      if (z < 1) return null;
      const at = metricIndex(zc, year, z, M.stems_per_ha);
      const sorted = Float64Array.from(result.perReplicate, (v) => v[at]).sort();
      return { p10: quantileSorted(sorted, 0.1), p90: quantileSorted(sorted, 0.9) };
    },
  };
}

/** Each plot's stems/ha and where it stands against its zone's band (unknown outside the zones or without a reference). */
export function plotStandings(plots: readonly SurveyPlotView[], reference: PlotReference | null): { stemsPerHa: number; standing: PlotStanding; band: StemsBand | null }[] {
  return plots.map((plot) => {
    const stemsPerHa = plotStemsPerHa(plot);
    const band = reference && plot.zone !== null ? reference.bandOf(plot.zone) : null;
    return { stemsPerHa, standing: plotStanding(stemsPerHa, band), band };
  });
}
