import { M, metricIndex } from '../shared/metrics.js';
import { CARBON_UNIT_FIELDS, type CarbonUnitRow } from '../shared/carbonUnits.js';
import { wccLookupAt } from '../shared/wccLookup.js';
import { escapeXml as esc, formatMoney, formatNumber } from '../output/format.js';
import { costBand, DETERMINISTIC_COSTS_NOTE, marginalCostText, type Spread, type StrategyRow } from '../shared/strategyComparison.js';
import { bandChartSvg, costCarbonSvg, type BandSeries } from './charts.js';
import type { ReportData } from './build.js';
import { zoneColour } from './map.js';
import { monitoringSection } from './monitoring.js';
import { planInWords } from './planInWords.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #111; margin: 24px auto; max-width: 1040px; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ccc; }
h3 { font-size: 15px; margin-bottom: 4px; }
.meta { color: #444; } table { border-collapse: collapse; margin: 8px 0 16px; font-size: 12.5px; }
th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; } th { background: #f2f2f2; text-align: left; }
td.num { text-align: right; white-space: nowrap; } .band { display: block; color: #555; font-size: 11px; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; } .note { color: #555; font-size: 12.5px; }
tr.best td:first-child { font-weight: 700; } code { font-size: 12.5px; background: #f4f4f4; padding: 1px 4px; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
@page { size: A4; margin: 14mm; }
`;

const num = (value: number | null, text: string, field: string, band = '') =>
  `<td class="num" data-field="${field}"${value === null ? '' : ` data-value="${value}"`}>${esc(text)}${band ? `<span class="band">${esc(band)}</span>` : ''}</td>`;
/** A spread's mean, with its p5–p95 band on a line of its own (so the money columns fit an A4 page). */
const spread = (s: Spread | null, field: string, decimals = 0) =>
  num(s?.mean ?? null, s ? formatNumber(s.mean, decimals) : '—', field, s ? `${formatNumber(s.p5, decimals)}–${formatNumber(s.p95, decimals)}` : '');

/**
 * A zone's strategies in two tables that each fit an A4 page: what each strategy grows, then what it
 * costs and what a tonne costs. Both carry the strategy and zone on every row.
 */
function strategyTable(d: ReportData, zone: string): string {
  const c = d.comparison;
  const rows = c.rows.filter((r) => r.zone === zone);
  const perTonne = rows.filter((r) => r.costPerTco2e !== null);
  const best = perTonne.length ? perTonne.reduce((m, r) => (r.costPerTco2e! < m.costPerTco2e! ? r : m)).strategy : '';
  const cur = c.currency;
  const table = (part: string, caption: string, head: string[], cells: (r: StrategyRow) => string) =>
    `<table class="strategies" data-part="${part}" data-zone="${esc(zone)}"><caption>${esc(caption)}</caption><thead><tr>${['Strategy', ...head].map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows
      .map((r) => `<tr data-strategy="${esc(r.strategy)}" data-zone="${esc(zone)}"${r.strategy === best ? ' class="best"' : ''}><td>${esc(r.strategy)}${r.strategy === best ? ' ★' : ''}</td>${cells(r)}</tr>`)
      .join('') +
    '</tbody></table>';
  const outcomes = table(
    'outcomes',
    `What each strategy grows (mean; p5–p95 below it)`,
    [`Stems/ha at year ${c.stockingYear}`, `P(stocking ≥ ${formatNumber(c.stockingTargetPerHa)}/ha)`, `Survival at year ${c.stockingYear}`, `Trees replanted to year ${c.stockingYear}`, 'tCO2e at year 25', 'tCO2e at year 50'],
    (r) =>
      spread(r.stocking, 'stocking_per_ha_mean') +
      num(r.pStockingTarget, `${formatNumber(r.pStockingTarget * 100)}%`, 'p_stocking_target') +
      num(r.survival, `${formatNumber(r.survival * 100, 1)}%`, 'survival') +
      spread(r.beatenUp, 'beaten_up_mean') +
      spread(r.carbonY25, 'tco2e_y25_mean') +
      spread(r.carbonY50, 'tco2e_y50_mean'),
  );
  const money = table(
    'money',
    `What each strategy costs, in ${cur} (mean; p5–p95 below it)`,
    ['Cost to year ' + c.horizonYear, 'Cost per ha', `Cost per surviving tree, year ${c.stockingYear}`, `Cost per tCO2e, year ${c.horizonYear}`, 'Marginal cost per extra tCO2e over the cheapest'],
    (r) =>
      num(r.cost.mean, formatMoney(r.cost.mean, ''), 'cost_mean', costBand(r.cost, (v) => formatNumber(v))) +
      num(r.costPerHa, formatMoney(r.costPerHa, ''), 'cost_per_ha') +
      num(r.costPerSurvivingTree, formatMoney(r.costPerSurvivingTree, ''), 'cost_per_surviving_tree') +
      num(r.costPerTco2e, formatMoney(r.costPerTco2e, ''), 'cost_per_tco2e') +
      num(r.marginalCostPerTco2e, marginalCostText(r, (v) => formatMoney(v, '')), 'marginal_cost_per_tco2e'),
  );
  const chart = costCarbonSvg({
    title: `Cost against carbon at year ${c.horizonYear}, zone ${zone}`,
    currency: cur,
    caption: `${d.loaded.resolved.scenario.name}; zone ${zone}; mean with p5–p95 across ${c.replicates} replicates`,
    points: rows.map((r) => ({ label: r.strategy, cost: r.cost, carbon: r.carbonHorizon, best: r.strategy === best })),
  });
  return (
    `<h3>Zone ${esc(zone)} (${formatNumber(rows[0].areaHa, 1)} ha)</h3>` +
    outcomes +
    money +
    rows.filter((r) => r.note).map((r) => `<p class="note" data-strategy="${esc(r.strategy)}">${esc(r.strategy)}: ${esc(r.note!)}.</p>`).join('') +
    `<p class="note">★ cheapest per tCO2e. Cheapest in total: ${esc(rows[0].cheapest)}. ${esc(DETERMINISTIC_COSTS_NOTE)}</p>${chart}`
  );
}

function planCharts(d: ReportData): string {
  const run = d.plan;
  const zc = run.zones.length;
  const pick = (stat: Float64Array, z: number, metric: number, scale: number) =>
    Float64Array.from({ length: run.years + 1 }, (_, y) => stat[metricIndex(zc, y, z, metric)] * scale);
  const charts: [string, string, number, number][] = [
    ['Survival of planted trees', '%', M.survival, 100],
    ['Live stems per hectare', 'stems/ha', M.stems_per_ha, 1],
    ['Carbon in live trees', 'tCO2e', M.carbon_tco2e, 1],
    ['Cumulative cost', d.currency, M.cost, 1],
  ];
  return charts
    .map(([title, unit, metric, scale]) => {
      const series: BandSeries[] = run.zones.map((zone, z) => ({
        label: zone === 'all' ? 'whole site' : `zone ${zone}`,
        colour: zoneColour(z),
        mid: pick(run.summary.p50, z, metric, scale),
        low: pick(run.summary.p5, z, metric, scale),
        high: pick(run.summary.p95, z, metric, scale),
      }));
      // Survival of the whole site repeats the zones' mean; zones alone compare better.
      const shown = metric === M.survival || metric === M.stems_per_ha ? series.slice(1) : series;
      return bandChartSvg({ title, unit, series: shown, caption: `${run.scenarioName}; median with p5–p95 across ${run.replicates} replicates` });
    })
    .join('\n');
}

function billTable(d: ReportData): string {
  const total = d.bill.reduce((s, l) => s + l.cost, 0);
  const rows = d.bill
    .map((l) => `<tr><td>${esc(l.item)}</td><td>${esc(l.detail)}</td><td>${esc(l.of)}</td>${num(l.quantity, formatNumber(l.quantity, l.unit === 'ha' || l.unit === 'm' ? 1 : 0), 'quantity')}<td>${esc(l.unit)}</td>${num(l.rate, l.rate === null ? '' : formatMoney(l.rate, ''), 'rate')}${num(l.cost, l.rate === null ? '' : formatMoney(l.cost, ''), 'cost')}</tr>`)
    .join('');
  return (
    `<table class="bill"><thead><tr><th>Item</th><th>Detail</th><th>Zone or fence</th><th>Quantity</th><th>Unit</th><th>Rate (${esc(d.currency)})</th><th>Cost (${esc(d.currency)})</th></tr></thead>` +
    `<tbody>${rows}<tr><th colspan="6">Total as drawn</th>${num(total, formatMoney(total, d.currency), 'total')}</tr></tbody></table>` +
    `<p class="note">What the plan costs as drawn, before any run. The strategy table's costs follow the trees actually planted, upkeep over the years, removals and deer control.</p>`
  );
}

/** A figure as entered, to the hundredth. */
const figure = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/** The WCC lookup figure of a row, low–high yield class, or a dash where the tables give none. */
function wccCell(d: ReportData, r: CarbonUnitRow): string {
  const w = wccLookupAt(d.wcc, r.zoneIndex, r.year);
  if (!w) return `<td class="num" data-field="wcc_lookup">—</td>`;
  return `<td class="num" data-field="wcc_lookup" data-low="${w[0]}" data-high="${w[1]}">${esc(`${formatNumber(w[0], 0)}–${formatNumber(w[1], 0)}`)}</td>`;
}

function unitsTable(d: ReportData): string {
  const rules = d.loaded.resolved.scenario.appraisal.carbonUnits;
  const rows = d.units.filter((r) => r.verification);
  const fields = CARBON_UNIT_FIELDS.filter((f) => f !== 'baseline' && f !== 'buffer');
  const cells = (r: CarbonUnitRow) =>
    fields.map((f) => num(r.values[f][1], formatNumber(r.values[f][1], 1), `${f}_p50`, `${formatNumber(r.values[f][0], 1)}–${formatNumber(r.values[f][2], 1)}`) + (f === 'sequestered' ? wccCell(d, r) : '')).join('');
  const body = rows.map((r) => `<tr data-zone="${esc(r.zone)}" data-year="${r.year}"><td>${esc(r.zone)}</td><td>${r.year}</td>${cells(r)}</tr>`).join('');
  const heads = fields.flatMap((f) => [f.replace(/_/g, ' '), ...(f === 'sequestered' ? ['WCC lookup (live trees), low–high yield class'] : [])]);
  const zones = d.units.filter((r) => r.year === 0).map((r) => `${r.zone === 'all' ? 'whole site' : r.zone}: ${d.wcc.tables[r.zoneIndex] ?? 'none'}`);
  return (
    `<p>Units are tCO2e. The inputs the Woodland Carbon Code asks for (Requirements v2.x, section 3): a baseline of ${figure(rules.baselineTco2ePerHaPerYear)} tCO2e/ha/year (3.1); ` +
    `establishment emissions of ${figure(rules.vegetationRemovedTco2ePerHa)} tCO2e/ha of vegetation removed and ${figure(rules.soilDisturbanceTco2ePerHa)} tCO2e/ha of soil carbon lost through ground disturbance, subtracted from year 1 (3.3); ` +
    `a buffer of ${formatNumber(rules.buffer * 100)}%. Median across replicates with p10–p90 below it, at the verification years.</p>` +
    `<p class="note">WCC lookup: the Carbon Lookup Tables v2.0 (2018), live trees, no thinning, at the spacing nearest each zone's, lowest and highest yield class the tables hold, weighted by the species mix and scaled by area; a published reference, never fitted. ${esc(zones.join('; '))}.</p>` +
    `<table class="units"><thead><tr><th>Zone</th><th>Year</th>${heads.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`
  );
}

function climateText(resolved: ReportData['loaded']['resolved']): string {
  const sc = resolved.scenario;
  if (sc.climate === 'none') return 'no drought years';
  const { droughtProbability, droughtSeverity } = resolved.effective.climate;
  const own = sc.climate.droughtProbability !== undefined || sc.climate.droughtSeverity !== undefined;
  return `drought years at ${formatNumber(droughtProbability * 100)}% a year, ${formatNumber(droughtSeverity * 100)}% of growth lost by a fully sensitive species (${own ? 'set in the scenario' : 'library: processes.json climate'})`;
}

function assumptionsTable(d: ReportData): string {
  const sc = d.loaded.resolved.scenario;
  const settings: [string, string][] = [
    ['herbivores', sc.herbivores.map((h) => `${h.kind} ${h.densityPerKm2 !== undefined ? `${h.densityPerKm2}/km²` : `${h.count} animals`}${h.cullingRate ? `, culling ${h.cullingRate}` : ''}`).join('; ') || 'none'],
    ['fences', sc.fences.map((f) => `${f.name} (${f.type}, from year ${f.installYear}${f.removalYear !== undefined ? ` to ${f.removalYear}` : ''})`).join('; ') || 'none'],
    ['currency', `${d.currency}${sc.exchangeRate !== undefined ? `, ${sc.exchangeRate} per library unit` : ''}`],
    ['cost rates set in the scenario', sc.costRates ? JSON.stringify(sc.costRates) : 'none (library rates)'],
    ['deer control', sc.deerControl ? JSON.stringify(sc.deerControl) : 'none'],
    ['appraisal', JSON.stringify(sc.appraisal)],
    ['climate', climateText(d.loaded.resolved)],
    ['herbivore steps', JSON.stringify(sc.herbivoreSteps)],
  ];
  const rows = d.assumptions
    .map((a) => `<tr><td>${esc(a.group)}</td><td>${esc(a.entry)}</td><td>${esc(a.parameter)}</td><td>${esc(a.value)}</td><td>${esc(a.source)}</td></tr>`)
    .join('');
  return (
    `<table class="settings"><tbody>${settings.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>` +
    `<table class="assumptions"><thead><tr><th>Group</th><th>Entry</th><th>Parameter</th><th>Value</th><th>Source</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/** The report as one self-contained HTML page: no scripts, no outside resources; prints to A4. */
export function renderReport(d: ReportData): string {
  const sc = d.loaded.resolved.scenario;
  const c = d.comparison;
  const zones = [...new Set(c.rows.map((r) => r.zone))];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(sc.name)} — Reforest report</title><style>${STYLE}</style></head>
<body>
<h1>${esc(sc.name)}</h1>
<p class="meta">Reforest ${esc(d.version)} · seed ${sc.seed} · ${sc.replicates} replicates · ${sc.years} years · costs in ${esc(d.currency)} · carbon in tCO2e (live trees, roots included)</p>
<h2>Site and plan</h2>
${planInWords(d.loaded.resolved).map((line) => `<p class="plan">${esc(line)}</p>`).join('\n')}
${sc.description ? `<p class="note">The scenario's own description, as written in its file: ${esc(sc.description)}</p>` : ''}
${d.mapSvg}
<h2>Bill of quantities</h2>
${billTable(d)}
<h2>Protection strategies</h2>
<p>Each strategy runs the same plan with the same seed, so every strategy meets the same planting, weather and growth draws; only protection differs. Costs are cumulative to year ${c.horizonYear}; carbon is the mean with p5–p95 across ${c.replicates} replicates.</p>
${zones.map((z) => strategyTable(d, z)).join('\n')}${d.monitoring ? `\n${monitoringSection(d.monitoring, sc, d.currency)}` : ''}
<h2>The plan as drawn</h2>
<div class="charts">${planCharts(d)}</div>
<h2>Carbon units</h2>
${unitsTable(d)}
<h2>Assumptions</h2>
${assumptionsTable(d)}
<h2>Reproduce</h2>
<p><code>${esc(d.command)}</code> with Reforest ${esc(d.version)} gives the same numbers: results depend only on the scenario and its seed (${sc.seed}), never on the machine or thread count.</p>
</body></html>
`;
}
