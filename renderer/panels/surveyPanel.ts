import type { SurveyPlotView, SurveyView } from '../../sim/hostApi/api.js';
import type { PlotStanding } from '../../sim/shared/surveyForecast.js';
import type { StemsBand } from '../app/plotReference.js';

const fmt = (v: number, digits = 0) => v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (v: number | null) => (v === null ? '–' : `${fmt(v * 100)}%`);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/**
 * A checked survey in the Monitoring panel: when it was made and against which year of the plan, its
 * plots zone by zone with what each zone shows (as `reforest survey check` prints it), and the notes.
 */
export function showSurveySummary(box: HTMLElement, survey: SurveyView): void {
  const head = el('p');
  head.append(el('strong', survey.name), ` · ${survey.plots.length} plots in year ${survey.year} since planting (${survey.plantedOn})`);
  const table = el('table', undefined, 'survey-zones');
  const header = table.createTHead().insertRow();
  for (const h of ['Zone', 'Plots', 'Live stems/ha', 'Dead', 'Browsed', 'Mean height']) header.append(el('th', h));
  const body = table.createTBody();
  for (const z of survey.zones) {
    const row = body.insertRow();
    row.dataset.zone = z.zone;
    for (const v of [z.zone, String(z.plots), fmt(z.stemsPerHa), pct(z.deadShare), pct(z.browsedShare), z.meanHeight === null ? '–' : `${fmt(z.meanHeight, 2)} m`]) row.insertCell().textContent = v;
  }
  const parts: HTMLElement[] = [head, table];
  if (survey.herbivoresPerKm2 !== null) parts.push(el('p', `Herbivores counted: ${fmt(survey.herbivoresPerKm2, 1)} per km²`, 'hint'));
  for (const note of survey.notes) parts.push(el('p', `Note: ${note}.`, 'hint'));
  box.replaceChildren(...parts);
  box.dataset.plots = String(survey.plots.length);
  box.dataset.year = String(survey.year);
}

const STANDING_WORDS: Record<PlotStanding, string> = {
  below: 'below p10',
  within: 'within p10–p90',
  above: 'above p90',
  unknown: 'not compared',
};

/** What a plot shows when inspected: where and when it was counted, and each species' tally, against the band of its zone. */
export function inspectPlot(
  box: HTMLElement,
  plot: SurveyPlotView,
  judged: { stemsPerHa: number; standing: PlotStanding; band: StemsBand | null; against: string | null },
  speciesName: (id: string) => string,
): void {
  const entries: [string, string][] = [
    ['Zone', plot.zone ?? 'outside the planting zones'],
    ['Surveyed', plot.date],
    ['Plot', plot.radius !== null ? `circle of ${fmt(plot.radius, 2)} m radius (${fmt(plot.areaM2)} m²)` : `polygon of ${fmt(plot.areaM2)} m²`],
    ['Live stems/ha', fmt(judged.stemsPerHa)],
    ['Against', judged.band && judged.against ? `${STANDING_WORDS[judged.standing]} (${fmt(judged.band.p10)}–${fmt(judged.band.p90)} stems/ha, ${judged.against})` : STANDING_WORDS.unknown],
  ];
  const dl = el('dl');
  for (const [k, v] of entries) dl.append(el('dt', k), el('dd', v));
  const table = el('table', undefined, 'plot-tallies');
  const header = table.createTHead().insertRow();
  for (const h of ['Species', 'Live', 'Dead', 'Browsed', 'Mean height']) header.append(el('th', h));
  const body = table.createTBody();
  for (const t of plot.tallies) {
    const row = body.insertRow();
    row.dataset.species = t.species;
    for (const v of [speciesName(t.species), String(t.live), String(t.dead), String(t.browsed), t.meanHeight === null ? '–' : `${fmt(t.meanHeight, 2)} m`]) row.insertCell().textContent = v;
  }
  if (plot.tallies.length === 0) body.insertRow().insertCell().textContent = 'nothing found';
  box.replaceChildren(el('h3', `Survey plot ${plot.id}`), dl, table);
  box.dataset.plot = plot.id;
}
