/**
 * Two runs of one zone side by side: A, B and A − B for every figure the strategy comparison gives
 * (cost, per ha, stocking and the chance of meeting the target, survival, carbon at years 25, 50 and
 * the horizon, cost per surviving tree and per tCO2e), then the marginal cost per extra tonne of the
 * run holding more carbon. Means across replicates, computed by the core's own appraisal.
 */
import { csvFormatRows } from 'd3';
import type { RunResult } from '../../sim/shared/runResult.js';
import { appraiseZone, horizonYear, marginalCostPerTco2e, type ZoneAppraisal } from '../../sim/shared/strategyComparison.js';
import { csvCells } from '../../sim/shared/csvCell.js';

export interface CompareTableOptions {
  a: RunResult;
  b: RunResult;
  /** Each run's index of the zone shown (0 is the whole site). */
  zones: { a: number; b: number };
  /** Column headings for the two runs. */
  labels: { a: string; b: string };
  /** The zone's name as the page shows it. */
  zoneName: string;
}

interface Row {
  id: string;
  label: string;
  value: (z: ZoneAppraisal) => number | null;
  decimals: number;
  /** A difference of fractions shown as percentage points. */
  points?: boolean;
}

export function renderCompareTable(container: HTMLElement, options: CompareTableOptions): HTMLTableElement {
  const { a, b, labels } = options;
  const za = appraiseZone(a, options.zones.a);
  const zb = appraiseZone(b, options.zones.b);
  const cur = a.currency === b.currency ? a.currency : `${a.currency} (A), ${b.currency} (B)`;
  const H = horizonYear(a.years) === horizonYear(b.years) ? `year ${horizonYear(a.years)}` : `years ${horizonYear(a.years)} (A), ${horizonYear(b.years)} (B)`;
  const S = a.stocking.year === b.stocking.year ? `year ${a.stocking.year}` : `years ${a.stocking.year} (A), ${b.stocking.year} (B)`;
  const all: Row[] = [
    { id: 'cost', label: `Cost to ${H} (${cur})`, value: (z) => z.cost.mean, decimals: 2 },
    { id: 'cost_per_ha', label: `Cost per ha (${cur}/ha)`, value: (z) => z.costPerHa, decimals: 2 },
    { id: 'stocking', label: `Stems per ha, ${S}`, value: (z) => z.stocking.mean, decimals: 0 },
    { id: 'p_stocking', label: `Chance of ≥ ${a.stocking.targetPerHa.toLocaleString('en-GB')} stems/ha (%)`, value: (z) => z.pStockingTarget * 100, decimals: 0, points: true },
    { id: 'survival', label: `Survival, ${S} (%)`, value: (z) => z.survival * 100, decimals: 1, points: true },
    { id: 'carbon_y25', label: 'Carbon, year 25 (tCO2e)', value: (z) => z.carbonY25?.mean ?? null, decimals: 0 },
    { id: 'carbon_y50', label: 'Carbon, year 50 (tCO2e)', value: (z) => z.carbonY50?.mean ?? null, decimals: 0 },
    { id: 'carbon', label: `Carbon, ${H} (tCO2e)`, value: (z) => z.carbonHorizon.mean, decimals: 0 },
    { id: 'cost_per_tree', label: `Cost per surviving tree, ${S} (${cur})`, value: (z) => z.costPerSurvivingTree, decimals: 2 },
    { id: 'cost_per_tco2e', label: `Cost per tCO2e, ${H} (${cur}/t)`, value: (z) => z.costPerTco2e, decimals: 2 },
  ];
  // At a 50-year horizon the horizon's carbon is year 50's: one row, not the same figure twice.
  const rows = all.filter((row) => row.id !== 'carbon' || horizonYear(a.years) !== 50 || horizonYear(b.years) !== 50);

  const table = document.createElement('table');
  table.className = 'compare-summary';
  table.dataset.zone = options.zoneName;
  table.createCaption().textContent = `Zone ${options.zoneName}: ${labels.a} against ${labels.b}, mean across replicates; money in ${cur}`;
  const head = table.createTHead().insertRow();
  for (const text of ['', labels.a, labels.b, 'A − B']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  const format = (v: number, decimals: number) => v.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.row = row.id;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = row.label;
    tr.append(th);
    const va = row.value(za);
    const vb = row.value(zb);
    const diff = va !== null && vb !== null ? va - vb : null;
    const cell = (value: number | null, column: string, text: string) => {
      const td = tr.insertCell();
      td.dataset.column = column;
      if (value !== null) td.dataset.value = String(value);
      td.textContent = text;
    };
    cell(va, 'a', va === null ? '–' : format(va, row.decimals));
    cell(vb, 'b', vb === null ? '–' : format(vb, row.decimals));
    cell(diff, 'diff', diff === null ? '–' : `${diff > 0 ? '+' : ''}${format(diff, row.decimals)}${row.points ? ' pp' : ''}`);
  }
  // The price of the extra carbon: whichever run holds more, over the other.
  const aMore = za.carbonHorizon.mean >= zb.carbonHorizon.mean;
  const marginal = aMore ? marginalCostPerTco2e(za, zb) : marginalCostPerTco2e(zb, za);
  const tr = body.insertRow();
  tr.dataset.row = 'marginal';
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = `Marginal cost per extra tCO2e of ${aMore ? 'A over B' : 'B over A'} (${cur}/t)`;
  tr.append(th);
  const td = tr.insertCell();
  td.colSpan = 3;
  td.dataset.column = 'diff';
  if (marginal !== null) td.dataset.value = String(marginal);
  td.textContent = marginal === null ? 'no extra carbon' : format(marginal, 2);

  container.replaceChildren(table);
  return table;
}

/** The comparison as CSV, read back from its table: zone, figure, A, B, A − B at full precision. */
export function compareTableCsv(table: HTMLTableElement): string {
  const heads = [...table.tHead!.rows[0].cells].map((c) => c.textContent ?? '');
  const out = [['zone', 'figure', 'id', heads[1], heads[2], 'A - B']];
  for (const tr of table.tBodies[0].rows) {
    const cell = (column: string) => tr.querySelector<HTMLElement>(`td[data-column="${column}"]`)?.dataset.value ?? '';
    out.push([table.dataset.zone ?? '', tr.cells[0].textContent ?? '', tr.dataset.row ?? '', tr.dataset.row === 'marginal' ? '' : cell('a'), tr.dataset.row === 'marginal' ? '' : cell('b'), cell('diff')]);
  }
  return csvFormatRows(csvCells(out)) + '\n';
}
