import type { DecisionOutcome } from '../forecast/decisions.js';
import { escapeXml as esc, formatMoney, formatNumber } from '../output/format.js';
import type { Scenario } from '../scenario/schema.js';
import { STOCKING_CONFIDENCE, recommendationSentence } from '../shared/surveyForecast.js';
import { cell, th, tripleCell } from './monitoringCells.js';
import type { MonitoringData } from './monitoringRun.js';

/** A column of the actions' tables: its header, and its cell for an action. */
interface Column {
  head: string;
  cell: (o: DecisionOutcome) => string;
}

/** Value columns a table of actions holds at most beside the action, so every column stays on an A4 page. */
const PER_TABLE = 5;

/**
 * Tables of the actions, `columns` split so each holds at most PER_TABLE of them, each table naming the
 * action on every row (as the strategy tables are split): the recommended one starred.
 */
function actionTables(m: MonitoringData, part: string, caption: string, columns: readonly Column[]): string {
  const d = m.decisions;
  const chunks: Column[][] = [];
  for (let i = 0; i < columns.length; i += PER_TABLE) chunks.push(columns.slice(i, i + PER_TABLE));
  return chunks
    .map((chunk, k) => {
      const rows = d.outcomes
        .map((o) => {
          const best = o.action === d.recommended;
          return `<tr data-action="${esc(o.action)}"${best ? ' class="best"' : ''}><td>${esc(o.action)}${best ? ' ★' : ''}</td>${chunk.map((c) => c.cell(o)).join('')}</tr>`;
        })
        .join('');
      const of = chunks.length > 1 ? ` (${k + 1} of ${chunks.length})` : '';
      return `<table class="monitoring" data-part="${part}"><caption>${esc(caption + of)}</caption><thead><tr>${['Action', ...chunk.map((c) => c.head)].map(th).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('\n');
}

/**
 * The recommendation in one sentence, worded as `reforest forecast` prints it and the page shows it
 * (the action, what it costs from the survey to the end and more or less than doing nothing where
 * `none` was weighed, and why), the action in bold.
 */
function recommendation(m: MonitoringData, sc: Scenario, currency: string): string {
  const d = m.decisions;
  const best = d.outcomes.find((o) => o.action === d.recommended)!;
  const none = d.outcomes.find((o) => o.action === 'none');
  const sentence = esc(recommendationSentence(d, currency, sc.years));
  const lead = esc(`Recommended: ${d.recommended}`);
  return (
    `<p class="recommendation" data-action="${esc(best.action)}" data-extra-cost="${none ? best.costMean - none.costMean : ''}">` +
    `<strong>${lead}</strong>${sentence.slice(lead.length)}</p>`
  );
}

/** Each action after the survey, in tables that fit the page, and the one recommended. */
export function decisionsHtml(m: MonitoringData, sc: Scenario, currency: string): string {
  const d = m.decisions;
  const first = d.outcomes[0];
  const tco2e = (v: number) => formatNumber(v, 1);
  const outcomes: Column[] = [
    {
      head: `Cost from the survey to year ${sc.years} (${currency})`,
      cell: (o) =>
        cell('cost_mean', o.costMean, formatMoney(o.costMean, '').trim(), { p10: o.cost[0], p90: o.cost[2], text: `${formatNumber(o.cost[0])}–${formatNumber(o.cost[2])}` }, ` data-p50="${o.cost[1]}"`),
    },
    ...first.stocking.map(
      (s, z): Column => ({
        head: `P(≥ ${formatNumber(d.targetPerHa)}/ha at year ${d.checkYear}), zone ${s.zone}`,
        cell: (o) => cell(`p_stocking_y${d.checkYear}_${s.zone}`, o.stocking[z].chance, `${formatNumber(o.stocking[z].chance * 100)}%`),
      }),
    ),
    { head: `Carbon at year ${sc.years}, tCO2e`, cell: (o) => tripleCell('carbon_tco2e_end', o.carbonEnd, tco2e) },
  ];
  const units: Column[] = first.units.map((u, i) => ({ head: `Units issued at year ${u.year}`, cell: (o) => tripleCell(`units_issued_y${u.year}`, o.units[i].issued, tco2e) }));
  const intro =
    `<p>Each action is taken the year after the survey and run on every particle the survey kept, from its own draws and seeds, so each continues the stand that matched the survey; ` +
    `figures are weighted as the posterior weighs the particles. Costs are the whole site's, from the survey to year ${sc.years}; ` +
    `the chance is that of at least ${formatNumber(d.targetPerHa)} stems/ha at year ${d.checkYear}, the next check. ` +
    `Recommended is the cheapest action that holds the target with at least ${formatNumber(STOCKING_CONFIDENCE * 100)}% chance in every zone, or, where none does, the one that comes nearest.</p>`;
  return [
    intro,
    actionTables(m, 'actions', `What each action costs and holds (cost: mean, p10–p90 below it; carbon: median, p10–p90 below it)`, outcomes),
    units.length
      ? actionTables(m, 'units', `Carbon units issued at each verification year after the survey, whole site, tCO2e (median; p10–p90 below it)`, units)
      : `<p class="note">No verification year falls after the survey within the plan's ${sc.years} years, so no units are issued after it.</p>`,
    recommendation(m, sc, currency),
  ].join('\n');
}
