import type { ForecastDecisions } from '../../sim/hostApi/api.js';
import { STOCKING_CONFIDENCE, recommendationSentence } from '../../sim/shared/surveyForecast.js';
import { appendColumnHeadings, heading } from './tableParts.js';

const whole = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 0 });

/** Tonnes as a column of them needs: whole where its largest is 100 or more, else to tenths (a young planting's units). */
function tonnesFormat(values: readonly number[]): (v: number) => string {
  const digits = Math.max(0, ...values.map(Math.abs)) >= 100 ? 0 : 1;
  return (v) => v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A cell of a figure with its p10–p90 below it, as the units table shows them; the range is left out
 * where every particle gave the same (costs vary only with beating up and deer control).
 */
function figureCell(row: HTMLTableRowElement, field: string, value: number, range: readonly [number, number] | null, format: (v: number) => string): void {
  const td = row.insertCell();
  td.dataset.field = field;
  td.dataset.value = String(value);
  td.textContent = format(value);
  if (range && range[0] !== range[1]) {
    const band = document.createElement('span');
    band.className = 'band';
    band.textContent = `${format(range[0])}–${format(range[1])}`;
    td.append(band);
  }
}

/**
 * The decisions from the posterior: the recommendation in one sentence (as `reforest forecast` prints
 * it), then a row per action: its cost from the survey to the plan's last year in the plan's currency
 * (weighted mean, p10–p90 below), the chance of holding the stocking target at the next check in each
 * zone, carbon at the end and the carbon units issued at each vintage after the survey (median,
 * p10–p90 below); the recommended row marked ★.
 */
export function renderDecisions(box: HTMLElement, d: ForecastDecisions, survey: { year: number }, endYear: number): void {
  const sentence = document.createElement('p');
  sentence.className = 'recommendation';
  sentence.dataset.action = d.recommended;
  sentence.textContent = recommendationSentence(d, d.currency, endYear);

  const table = document.createElement('table');
  table.className = 'forecast-table forecast-decisions';
  const first = d.outcomes[0];
  const zones = first?.stocking.map((s) => s.zone) ?? [];
  const vintages = first?.units.map((u) => u.year) ?? [];
  table.createCaption().textContent =
    `Actions from year ${survey.year + 1}, each run on the particles the survey kept and weighted as the posterior weighs them: ` +
    `cost of the whole site in ${d.currency}, mean (p10–p90); carbon and units in tCO2e, median (p10–p90); ★ recommended`;
  appendColumnHeadings(table, [
    'Action',
    `Cost, year ${survey.year} to ${endYear} (${d.currency})`,
    ...zones.map((z) => `P(≥ ${whole(d.targetPerHa)} stems/ha at year ${d.checkYear}), ${z}`),
    `Carbon at year ${endYear}, tCO2e`,
    ...vintages.map((y) => `Units issued, vintage ${y}`),
  ]);
  const carbon = tonnesFormat(d.outcomes.map((o) => o.carbonEnd[2]));
  const units = vintages.map((_, i) => tonnesFormat(d.outcomes.map((o) => o.units[i].issued[2])));
  const body = table.createTBody();
  for (const o of d.outcomes) {
    const row = body.insertRow();
    row.dataset.action = o.action;
    const best = o.action === d.recommended;
    row.dataset.recommended = String(best);
    if (best) row.classList.add('recommended');
    row.append(heading(best ? `${o.action} ★` : o.action, 'row'));
    figureCell(row, 'cost', o.costMean, [o.cost[0], o.cost[2]], whole);
    o.stocking.forEach((s) => {
      const td = row.insertCell();
      td.dataset.field = `p_stocking_${s.zone}`;
      td.dataset.value = String(s.chance);
      td.textContent = `${whole(s.chance * 100)}%`;
    });
    figureCell(row, 'carbon_end', o.carbonEnd[1], [o.carbonEnd[0], o.carbonEnd[2]], carbon);
    o.units.forEach((u, i) => figureCell(row, `units_${u.year}`, u.issued[1], [u.issued[0], u.issued[2]], units[i]));
  }
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent =
    `Recommended is the cheapest action that holds ${whole(d.targetPerHa)} stems/ha at year ${d.checkYear} with at least ${whole(STOCKING_CONFIDENCE * 100)}% chance in every zone; ` +
    'where none does, the one that comes nearest.';
  box.replaceChildren(sentence, table, note);
}
