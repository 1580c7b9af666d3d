import { escapeXml } from '../output/format.js';
import type { PlotStanding } from '../shared/surveyForecast.js';
import type { Survey } from '../survey/format.js';
import type { MapOverlay } from './map.js';
import type { PlotOnMap } from './monitoringRun.js';

/** Fill of a plot by how its stems/ha stand against its zone's band: the page's colours (renderer/scene/surveyLayer.ts). */
export const PLOT_FILL: Readonly<Record<PlotStanding, string>> = {
  below: '#d6301f',
  within: '#2b85d9',
  above: '#8c42b3',
  unknown: '#f5f5f5',
};

export const STANDING_WORDS: Readonly<Record<PlotStanding, string>> = {
  below: 'below p10',
  within: 'within p10–p90',
  above: 'above p90',
  unknown: 'outside the zones',
};

/** The least radius a plot is drawn at, in map pixels: a plot of a few metres on a site-wide map is a dot. */
const MIN_RADIUS_PX = 2.5;

/**
 * A survey's plots over the site map: each at its radius (or as its polygon), no smaller than a dot,
 * filled by how its live stems/ha stand against its zone's forecast before the survey, with a legend
 * entry for each standing and how many plots have it.
 */
export function surveyPlotOverlay(survey: Survey, plots: readonly PlotOnMap[]): MapOverlay {
  const count = (s: PlotStanding) => plots.filter((p) => p.standing === s).length;
  const standings: PlotStanding[] = ['below', 'within', 'above', ...(count('unknown') > 0 ? (['unknown'] as const) : [])];
  const swatch = (s: PlotStanding) =>
    `<g data-legend="plots-${s}"><circle cx="7" cy="5" r="4.5" fill="${PLOT_FILL[s]}" stroke="#111" stroke-width="0.8"/><text x="20" y="9" font-size="11">plot ${STANDING_WORDS[s]} (${count(s)})</text></g>`;
  return {
    legend: standings.map(swatch),
    marks: (X, Y, px) =>
      `<g class="survey-plots">` +
      survey.plots
        .map((plot, i) => {
          const { standing, stemsPerHa } = plots[i];
          const attrs = `data-plot="${escapeXml(plot.id)}" data-standing="${standing}" data-stems-per-ha="${stemsPerHa}" fill="${PLOT_FILL[standing]}" stroke="#111" stroke-width="0.8"`;
          if (plot.ring && plot.ring.length >= 3 && Math.sqrt(plot.areaM2) * px >= 2 * MIN_RADIUS_PX) {
            return `<polygon ${attrs} points="${plot.ring.map(([x, y]) => `${X(x)},${Y(y)}`).join(' ')}"/>`;
          }
          const r = Math.max(MIN_RADIUS_PX, (plot.radius ?? Math.sqrt(plot.areaM2 / Math.PI)) * px);
          return `<circle ${attrs} cx="${X(plot.x)}" cy="${Y(plot.y)}" r="${r.toFixed(1)}"/>`;
        })
        .join('') +
      '</g>',
  };
}
