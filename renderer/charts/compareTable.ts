/**
 * The final-year comparison of two runs as a small table: A, B and B − A for carbon, survival, cost
 * and cost per tonne of CO2e, all medians across replicates.
 */
import { chartDefinition, formatWhole, type ComparedRatio, type CompareSummary } from './chartSeries.js';

export interface CompareTableOptions {
  summary: CompareSummary;
  /** Column headings for the two runs. */
  labels: { a: string; b: string };
}

type RowId = 'carbon' | 'survival' | 'cost' | 'cost_per_tco2e';

interface Row {
  id: RowId;
  label: string;
  unit: string;
  values: ComparedRatio;
  format: (value: number) => string;
}

/** Replaces the container's content with `table.compare-summary`; rows carry `data-row`. */
export function renderCompareTable(container: HTMLElement, options: CompareTableOptions): HTMLTableElement {
  const { summary, labels } = options;
  const carbon = chartDefinition('carbon');
  const survival = chartDefinition('survival');
  const rows: Row[] = [
    { id: 'carbon', label: 'Carbon', unit: carbon.unit, values: summary.carbon, format: carbon.format },
    // The difference of two percentages is in points, not per cent of A.
    { id: 'survival', label: 'Survival', unit: '%', values: summary.survival, format: survival.format },
    { id: 'cost', label: 'Cost', unit: '', values: summary.cost, format: formatWhole },
    { id: 'cost_per_tco2e', label: 'Cost per t CO₂e', unit: '', values: summary.costPerTco2e, format: formatWhole },
  ];

  const table = document.createElement('table');
  table.className = 'compare-summary';
  const caption = table.createCaption();
  caption.textContent = summary.year.a === summary.year.b
    ? `Year ${summary.year.a}, median of replicates`
    : `Final years ${summary.year.a} (A) and ${summary.year.b} (B), median of replicates`;

  const head = table.createTHead().insertRow();
  for (const text of ['', labels.a, labels.b, 'Difference']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  }

  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.row = row.id;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = row.unit ? `${row.label} (${row.unit})` : row.label;
    tr.append(th);
    const cell = (value: number | null, column: string, signed: boolean) => {
      const td = tr.insertCell();
      td.dataset.column = column;
      td.textContent = value === null ? '–' : signed ? withSign(row.format(value), value) : row.format(value);
    };
    cell(row.values.a, 'a', false);
    cell(row.values.b, 'b', false);
    cell(row.values.diff, 'diff', true);
  }

  container.replaceChildren(table);
  return table;
}

function withSign(text: string, value: number): string {
  // Intl already writes a minus; only a positive difference needs its sign spelled out.
  return value > 0 ? `+${text}` : text;
}
