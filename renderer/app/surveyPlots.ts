import type { SurveyView } from '../../sim/hostApi/api.js';
import { pointInPolygon } from '../../sim/shared/polygon.js';
import type { PlotStanding } from '../../sim/shared/surveyForecast.js';
import { inspectPlot } from '../panels/surveyPanel.js';
import { PLOT_COLORS } from '../scene/surveyLayer.js';
import type { MapView } from './mapView.js';
import { plotStandings, type PlotReference } from './plotReference.js';

export interface SurveyPlotsOptions {
  map: MapView;
  /** A species' name from its id, for a plot's tallies. */
  speciesName(id: string): string;
}

/** How far from a plot's rim a click still finds it, in pixels: a plot of a few metres is a dot on a site-wide map. */
const PICK_PX = 6;

/**
 * A survey's plots on the map: each coloured by how its live stems/ha stand against the band of its
 * zone in the survey year (below p10, within, above p90) of what it is measured against (the forecast
 * before the survey, or the plan's own run), with a legend section saying so. A click near a plot
 * finds it, and Inspect shows its tallies.
 */
export class SurveyPlots {
  private survey: SurveyView | null = null;
  private reference: PlotReference | null = null;
  private judged: ReturnType<typeof plotStandings> = [];

  constructor(private readonly options: SurveyPlotsOptions) {}

  /** The plots drawn now, with their standing, for the page's state and tests. */
  get shown(): { survey: SurveyView | null; standings: PlotStanding[] } {
    return { survey: this.survey, standings: this.judged.map((j) => j.standing) };
  }

  /** Draws a survey's plots (null clears them), measured against `reference` (null: uncoloured). */
  show(survey: SurveyView | null, reference: PlotReference | null): void {
    this.survey = survey;
    this.reference = reference;
    this.judged = survey ? plotStandings(survey.plots, reference) : [];
    const { map } = this.options;
    if (!survey) {
      map.showSurveyPlots([], null);
      return;
    }
    map.showSurveyPlots(
      survey.plots.map((p, i) => ({ x: p.x, y: p.y, radius: p.radius, ring: p.ring, standing: this.judged[i].standing })),
      {
        title: `Survey plots (${survey.plots.length}, year ${survey.year})`,
        entries: reference
          ? [
              { colour: PLOT_COLORS.below, label: `below p10 (${this.count('below')})` },
              { colour: PLOT_COLORS.within, label: `within p10–p90 (${this.count('within')})` },
              { colour: PLOT_COLORS.above, label: `above p90 (${this.count('above')})` },
              ...(this.count('unknown') ? [{ colour: PLOT_COLORS.unknown, label: `outside the zones (${this.count('unknown')})` }] : []),
            ]
          : [{ colour: PLOT_COLORS.unknown, label: `not compared: run the plan or forecast from the survey (${survey.plots.length})` }],
        note: reference ? `Live stems/ha of each plot against ${reference.label}.` : undefined,
      },
    );
  }

  /** Index of the plot under a canvas point (CSS pixels), the nearest where several are near; −1 for none. */
  plotAt(screenX: number, screenY: number): number {
    const survey = this.survey;
    const forest = this.options.map.forest;
    const ground = survey ? forest.groundPoint(screenX, screenY) : null;
    if (!survey || !ground) return -1;
    const slack = PICK_PX * forest.metresPerPixel();
    let best = -1;
    let bestGap = Infinity;
    survey.plots.forEach((p, i) => {
      const centre = Math.hypot(ground[0] - p.x, ground[1] - p.y);
      const gap = p.ring ? (pointInPolygon(p.ring, ground[0], ground[1]) ? 0 : centre) : Math.max(0, centre - p.radius!);
      if (gap <= slack && gap < bestGap) {
        best = i;
        bestGap = gap;
      }
    });
    return best;
  }

  /** Shows plot `index` in the Inspect box; returns where it lies, to ring it, or null when it is gone. */
  inspect(box: HTMLElement, index: number): [number, number] | null {
    const plot = this.survey?.plots[index];
    if (!plot) return null;
    inspectPlot(box, plot, { ...this.judged[index], against: this.reference?.label ?? null }, this.options.speciesName);
    return [plot.x, plot.y];
  }

  private count(standing: PlotStanding): number {
    return this.judged.filter((j) => j.standing === standing).length;
  }
}
