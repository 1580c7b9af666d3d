import type { ForecastFigure, ForecastQuantity } from '../../sim/hostApi/api.js';
import { TOLD_APART, toldApart } from '../../sim/shared/surveyForecast.js';
import { fixed } from './chartSeries.js';
import { appendColumnHeadings, heading } from './tableParts.js';

/** A figure with as many decimals as its size needs: stems/ha whole, shares and heights to hundredths. */
function figureFormat(v: number): string {
  const a = Math.abs(v);
  return fixed(a >= 100 ? 0 : a >= 10 ? 1 : 2)(v);
}

/** "median (p10–p90)" of a triple. */
const band = (t: readonly number[], format: (v: number) => string) => `${format(t[1])} (${format(t[0])}–${format(t[2])})`;

function caption(table: HTMLTableElement, text: string): void {
  table.createCaption().textContent = text;
}

/**
 * What the survey told of each quantity the forecast conditions: its prior median (p10–p90) and its
 * posterior, as multipliers on the plan's own figure; a quantity whose posterior interval is not
 * narrower than TOLD_APART of the prior's is said to be one the survey could not tell apart.
 */
export function renderQuantities(box: HTMLElement, quantities: readonly ForecastQuantity[]): void {
  const table = document.createElement('table');
  table.className = 'forecast-table forecast-quantities';
  caption(table, 'What the survey told: each quantity as a multiplier on the plan’s figure, median (p10–p90)');
  appendColumnHeadings(table, ['Quantity', 'Before the survey (prior)', 'After it (posterior)', 'Interval width, posterior/prior', '']);
  const body = table.createTBody();
  const x2 = fixed(2);
  for (const q of quantities) {
    const row = body.insertRow();
    row.dataset.quantity = q.key;
    const told = toldApart(q.widthRatio);
    row.dataset.toldApart = String(told);
    row.append(heading(q.label, 'row'));
    row.insertCell().textContent = band(q.prior, x2);
    row.insertCell().textContent = `→ ${band(q.posterior, x2)}`;
    row.insertCell().textContent = x2(q.widthRatio);
    const verdict = row.insertCell();
    verdict.className = told ? 'told-apart' : 'not-told-apart';
    verdict.textContent = told ? 'told apart by the survey' : 'the survey could not tell it apart';
  }
  const note = document.createElement('p');
  note.className = 'hint';
  note.textContent = `Widths of the 80% intervals on the log scale; below ${x2(TOLD_APART)} the survey told the quantity apart from the prior.`;
  box.replaceChildren(table, note);
}

/** Each figure of the survey: what it found, and what the plots were expected to find before it (prior predictive) and after (posterior predictive). */
export function renderFigures(box: HTMLElement, figures: readonly ForecastFigure[]): void {
  const table = document.createElement('table');
  table.className = 'forecast-table forecast-figures';
  caption(table, 'The survey’s figures against what its plots were expected to find, median (p10–p90)');
  appendColumnHeadings(table, ['Figure', 'Observed', 'Expected before (prior predictive)', 'Expected after (posterior predictive)']);
  const body = table.createTBody();
  for (const f of figures) {
    const row = body.insertRow();
    row.dataset.figure = f.name;
    row.append(heading(f.name, 'row'));
    row.insertCell().textContent = figureFormat(f.observed);
    row.insertCell().textContent = band(f.prior, figureFormat);
    row.insertCell().textContent = band(f.posterior, figureFormat);
  }
  box.replaceChildren(table);
}
