/**
 * A run's carbon units as the Woodland Carbon Code issues them, for one zone: at each verification
 * year (vintage), carbon sequestered since planting with the Code's own lookup figure for the
 * zone's trees beside it, the emissions of preparing the site, the baseline the land would have taken
 * up, the project's net of them, the buffer held back, the units claimable and those issued, each as
 * the median with p10–p90 across replicates below it. Computed by the core's own schedule
 * (`carbonUnitSchedule`) and lookup (sent with the plan), so the figures are those `reforest run
 * --units` writes.
 */
import { CARBON_UNIT_FIELDS, carbonUnitSchedule, type CarbonUnitField, type CarbonUnitRules } from '../../sim/shared/carbonUnits.js';
import type { RunResult } from '../../sim/shared/runResult.js';
import { wccLookupAt, type WccLookup } from '../../sim/shared/wccLookup.js';
import { appendColumnHeadings, heading } from './tableParts.js';

export interface UnitsTableOptions {
  result: RunResult;
  rules: CarbonUnitRules;
  /** The Woodland Carbon Code lookup figure of the plan the run ran. */
  lookup?: WccLookup;
  /** The run's index of the zone (0 is the whole site) and its name as the page shows it. */
  zone: number;
  zoneName: string;
  /** The run's label (A, B: baseline …). */
  label: string;
}

const HEADINGS: Record<CarbonUnitField, string> = {
  sequestered: 'Sequestered since planting',
  establishment_emissions: 'Establishment emissions (vegetation removed, soil disturbance)',
  baseline: 'Baseline',
  net: 'Project − baseline',
  buffer: 'Buffer',
  claimable: 'Claimable (net of buffer)',
  issued: 'Pending Issuance Units, this vintage',
  issued_to_date: 'Issued to date',
};

const tonnes = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 0 });
const perHa = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 2 });
export const WCC_HEADING = 'WCC lookup (live trees), low–high yield class';

/** The lookup cell of a row: low–high tCO2e, or a dash saying why there is none. */
function lookupCell(tr: HTMLTableRowElement, lookup: WccLookup | undefined, zone: number, year: number): void {
  const td = tr.insertCell();
  td.dataset.field = 'wcc_lookup';
  const range = wccLookupAt(lookup, zone, year);
  if (!range) {
    td.textContent = '—';
    td.title = lookup?.tables[zone]?.startsWith('no WCC') ? lookup.tables[zone] : 'beyond the WCC lookup tables (100 years after planting)';
    return;
  }
  td.dataset.low = String(range[0]);
  td.dataset.high = String(range[1]);
  td.textContent = `${tonnes(range[0])}–${tonnes(range[1])}`;
  if (lookup?.tables[zone]) td.title = `WCC Carbon Lookup Tables v2.0 (2018), live trees, no thinning: ${lookup.tables[zone]}`;
}

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
    `baseline ${perHa(rules.baselineTco2ePerHaPerYear)} tCO2e/ha/year, vegetation removed ${perHa(rules.vegetationRemovedTco2ePerHa)} and soil disturbance ` +
    `${perHa(rules.soilDisturbanceTco2ePerHa)} tCO2e/ha from year 1, buffer ${Math.round(rules.buffer * 100)}%. 1 unit = 1 tCO2e.` +
    (options.lookup?.tables[zone] ? ` WCC lookup: ${options.lookup.tables[zone]}.` : '');
  appendColumnHeadings(table, ['Year', ...CARBON_UNIT_FIELDS.flatMap((f) => (f === 'sequestered' ? [HEADINGS[f], WCC_HEADING] : [HEADINGS[f]]))]);
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
      if (field === 'sequestered') lookupCell(tr, options.lookup, zone, row.year);
    }
  }
  container.replaceChildren(table);
  return table;
}
