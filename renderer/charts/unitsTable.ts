/**
 * A run's carbon units as the Woodland Carbon Code issues them, for one zone: at each verification
 * year (vintage), carbon sequestered since planting, the baseline the land would have taken up, the
 * project's net of it, the buffer held back, the units claimable and those issued, each as the median
 * with p10–p90 across replicates below it. Computed by the core's own schedule (`carbonUnitSchedule`),
 * so the figures are those `reforest run --units` writes.
 */
import { CARBON_UNIT_FIELDS, carbonUnitSchedule, type CarbonUnitField, type CarbonUnitRules } from '../../sim/shared/carbonUnits.js';
import type { RunResult } from '../../sim/shared/runResult.js';
import { appendColumnHeadings, heading } from './tableParts.js';

export interface UnitsTableOptions {
  result: RunResult;
  rules: CarbonUnitRules;
  /** The run's index of the zone (0 is the whole site) and its name as the page shows it. */
  zone: number;
  zoneName: string;
  /** The run's label (A, B: baseline …). */
  label: string;
}

const HEADINGS: Record<CarbonUnitField, string> = {
  sequestered: 'Sequestered since planting',
  baseline: 'Baseline',
  net: 'Project − baseline',
  buffer: 'Buffer',
  claimable: 'Claimable (net of buffer)',
  issued: 'Pending Issuance Units, this vintage',
  issued_to_date: 'Issued to date',
};

const tonnes = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 0 });

export function renderUnitsTable(container: HTMLElement, options: UnitsTableOptions): HTMLTableElement | null {
  const { result, rules, zone } = options;
  const rows = carbonUnitSchedule(result, rules).filter((r) => r.verification && r.zone === result.zones[zone]);
  if (rows.length === 0) {
    container.replaceChildren();
    return null;
  }
  const table = document.createElement('table');
  table.className = 'units-summary';
  table.dataset.zone = options.zoneName;
  table.createCaption().textContent =
    `Carbon units of ${options.label}, zone ${options.zoneName}, by vintage (Woodland Carbon Code): tCO2e, median with p10–p90 across ${result.replicates} replicates; ` +
    `baseline ${rules.baselineTco2ePerHaPerYear.toLocaleString('en-GB')} tCO2e/ha/year, buffer ${Math.round(rules.buffer * 100)}%. 1 unit = 1 tCO2e.`;
  appendColumnHeadings(table, ['Year', ...CARBON_UNIT_FIELDS.map((f) => HEADINGS[f])]);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.year = String(row.year);
    tr.append(heading(String(row.year), 'row'));
    for (const field of CARBON_UNIT_FIELDS) {
      const [p10, p50, p90] = row.values[field];
      const td = tr.insertCell();
      td.dataset.field = field;
      td.dataset.value = String(p50);
      td.textContent = tonnes(p50);
      const band = document.createElement('span');
      band.className = 'band';
      band.textContent = `${tonnes(p10)}–${tonnes(p90)}`;
      td.append(band);
    }
  }
  container.replaceChildren(table);
  return table;
}
