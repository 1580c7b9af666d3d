import { escapeXml as esc, formatNumber } from '../output/format.js';
import type { Scenario } from '../scenario/schema.js';
import { plotStanding, toldApart } from '../shared/surveyForecast.js';
import { bandChartSvg } from './charts.js';
import { cell, th, tripleCell } from './monitoringCells.js';
import { decisionsHtml } from './monitoringDecisions.js';
import type { MonitoringData } from './monitoringRun.js';
import { STANDING_WORDS } from './plotLayer.js';

/**
 * The report's "Monitoring" section: a field survey of the plan in words (its plots are drawn on the
 * site map), what it found against what the forecast expected, what it told of the quantities the
 * forecast draws, the forecast before and after it, and the actions after it with the one recommended.
 * Every number is the one `reforest forecast` writes for the same plan, survey, particles, actions and
 * seed; each cell carries it unrounded (data-value, data-p10, data-p90) beside the figure shown.
 */

const pct = (v: number) => `${formatNumber(v * 100, 1)}%`;
const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;

/** The survey in words: what it is, when, its plots by zone, the herbivores counted, and how the map colours its plots. */
function surveyInWords(m: MonitoringData, sc: Scenario): string {
  const s = m.survey;
  const dates = s.plots.map((p) => p.date).sort();
  const when = dates.length === 0 ? '' : dates[0] === dates[dates.length - 1] ? `, visited on ${dates[0]}` : `, visited ${dates[0]} to ${dates[dates.length - 1]}`;
  const perZone = sc.plantings.map((p, z) => `${p.name} ${s.plotZone.filter((k) => k === z).length}`);
  const outside = s.plotZone.filter((k) => k < 0).length;
  const counts = s.herbivoreCounts.map(
    (c) => `${c.kind} at ${formatNumber(c.densityPerKm2, 1)} per km² (standard error ${formatNumber(c.standardError ?? 0.3 * c.densityPerKm2, 1)}${c.standardError === undefined ? ', 30% as none was given' : ''}${c.method ? `; ${c.method}` : ''}; ${c.date})`,
  );
  const tally = (['below', 'within', 'above'] as const).map((k) => `${STANDING_WORDS[k]}: ${m.plots.filter((p) => p.standing === k).length}`);
  const f = m.forecast;
  return [
    `<p class="survey">"${esc(s.name)}": ${plural(s.plots.length, 'plot')} in year ${s.year} since planting (planted ${esc(s.plantedOn)}${esc(when)}).</p>`,
    `<p class="survey">Plots per zone: ${esc(perZone.join(', '))}${outside ? `; ${outside} outside every zone, left out` : ''}.</p>`,
    `<p class="survey">${counts.length ? `Herbivores counted: ${esc(counts.join('; '))}.` : 'No herbivores were counted.'}</p>`,
    ...s.notes.map((n) => `<p class="note">${esc(n)}.</p>`),
    `<p>The plots are drawn on the site map, each coloured by its live stems/ha against its zone's forecast before the survey in year ${s.year} (p10–p90 of the prior's particles): ${esc(tally.join('; '))}.</p>`,
    `<p>The forecast drew ${formatNumber(m.particles)} particles from the prior (herbivores, planting failure, height growth and fence breaches, each a multiplier on the plan's figure), ran each to year ${s.year} and surveyed it with the survey's own plots, ` +
      `and kept the ${formatNumber(f.abc.accepted.length)} nearest the survey (${formatNumber(m.acceptShare * 100, 1)}% asked for), weighted and regression-adjusted (approximate Bayesian computation, docs/monitoring.md); seed ${f.seed}. ` +
      `Before the survey is as many particles drawn blind from the prior, run the same years.</p>`,
  ].join('\n');
}

/** A figure's name split into its zone and what it measures, with how its values are written. */
function figureParts(name: string, zones: readonly string[]): { zone: string; what: string; fmt: (v: number) => string } {
  const zone = zones.filter((z) => name.startsWith(`${z}: `)).sort((a, b) => b.length - a.length)[0];
  const rest = zone === undefined ? name : name.slice(zone.length + 2);
  const kinds: Record<string, [string, (v: number) => string]> = {
    'stems/ha': ['Live stems/ha', (v) => formatNumber(v)],
    'dead share': ['Planted stems found dead', pct],
    'browsed share': ['Live leaders browsed that season', pct],
    'mean height, m': ['Mean height of live stems, m', (v) => formatNumber(v, 2)],
    'herbivores per km2': ['Herbivores counted, per km²', (v) => formatNumber(v, 1)],
  };
  const [what, fmt] = kinds[rest] ?? [rest, (v: number) => formatNumber(v, 2)];
  return { zone: zone ?? 'whole site', what, fmt };
}

function figuresTable(m: MonitoringData, sc: Scenario): string {
  const zones = sc.plantings.map((p) => p.name);
  const rows = m.forecast.figures
    .map((c) => {
      const { zone, what, fmt } = figureParts(c.name, zones);
      const standing = plotStanding(c.observed, { p10: c.prior[0], p90: c.prior[2] });
      return (
        `<tr data-figure="${esc(c.name)}"><td>${esc(zone)}</td><td>${esc(what)}</td>${cell('observed', c.observed, fmt(c.observed))}` +
        `${tripleCell('prior', c.prior, fmt)}${tripleCell('posterior', c.posterior, fmt)}<td data-field="standing">${esc(STANDING_WORDS[standing])}</td></tr>`
      );
    })
    .join('');
  const heads = ['Zone', 'Figure', 'Observed', 'Expected before the survey', 'Expected after the survey', 'Observed against the band before'];
  return (
    `<table class="monitoring" data-part="figures"><caption>What the survey's plots found, against what the same plots found on the particles (median; p10–p90 below it)</caption>` +
    `<thead><tr>${heads.map(th).join('')}</tr></thead><tbody>${rows}</tbody></table>` +
    `<p class="note">Before the survey: all ${formatNumber(m.forecast.bank.length)} particles drawn from the prior; after: the ${formatNumber(m.forecast.abc.accepted.length)} kept, weighted. Each particle's stand was surveyed on the survey's own plots, so the bands carry the plots' sampling error.</p>`
  );
}

function posteriorTable(m: MonitoringData): string {
  const fmt = (v: number) => formatNumber(v, 2);
  const rows = m.forecast.quantities
    .map(
      (q) =>
        `<tr data-quantity="${esc(q.range.key)}"><td>${esc(q.range.label)}</td><td class="num">${esc(`${fmt(q.range.low)}–${fmt(q.range.high)}`)}</td>` +
        `${tripleCell('prior', q.prior, fmt)}${tripleCell('posterior', q.posterior, fmt)}${cell('width_ratio', q.widthRatio, formatNumber(q.widthRatio, 2))}` +
        `<td data-field="told_apart" data-value="${toldApart(q.widthRatio) ? 'yes' : 'no'}">${toldApart(q.widthRatio) ? 'told apart' : 'the survey could not tell it apart'}</td></tr>`,
    )
    .join('');
  const heads = ['Quantity', 'Prior range', 'Before the survey', 'After the survey', '80% interval, after over before', 'What the survey told'];
  return (
    `<table class="monitoring" data-part="posterior"><caption>Each quantity the forecast draws, as a multiplier on the plan's figure (median; p10–p90 below it)</caption>` +
    `<thead><tr>${heads.map(th).join('')}</tr></thead><tbody>${rows}</tbody></table>` +
    `<p class="note">Before the survey is the prior, log-uniform over its range. The width of the 80% interval after the survey over that before, on the log scale: below 0.7 the survey told the quantity apart; at 0.7 or more it could not.</p>`
  );
}

function forecastCharts(m: MonitoringData, sc: Scenario): string {
  const kept = m.forecast.abc.accepted.length;
  const charts: [string, string, 'stems_per_ha' | 'carbon_tco2e'][] = [
    ['Live stems per hectare, whole site', 'stems/ha', 'stems_per_ha'],
    ['Carbon in live trees, whole site', 'tCO2e', 'carbon_tco2e'],
  ];
  return charts
    .map(([title, unit, metric]) => {
      const b = m.bands.find((x) => x.zone === 'all' && x.metric === metric)!;
      return bandChartSvg({
        title,
        unit,
        mark: { year: m.survey.year, label: `survey, year ${m.survey.year}` },
        series: [
          { label: 'before the survey (prior)', colour: '#8a8a8a', mid: b.prior[1], low: b.prior[0], high: b.prior[2] },
          { label: 'after the survey (posterior)', colour: '#2563eb', mid: b.posterior[1], low: b.posterior[0], high: b.posterior[2] },
        ],
        caption: `${sc.name}; median with p10–p90 of ${kept} particles from the prior; and of the ${kept} kept, weighted`,
      });
    })
    .join('\n');
}

/** The section, for a report with a survey. */
export function monitoringSection(m: MonitoringData, sc: Scenario, currency: string): string {
  return [
    '<h2>Monitoring</h2>',
    '<h3>The survey</h3>',
    surveyInWords(m, sc),
    '<h3>Observed against predicted</h3>',
    figuresTable(m, sc),
    '<h3>What the survey told</h3>',
    posteriorTable(m),
    '<h3>The forecast before and after the survey</h3>',
    `<div class="charts">${forecastCharts(m, sc)}</div>`,
    '<h3>Actions after the survey</h3>',
    decisionsHtml(m, sc, currency),
  ].join('\n');
}
