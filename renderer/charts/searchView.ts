/**
 * A search of plans as it grows: every plan judged as a point of cost against the objective (hollow
 * where over the limits), the front drawn as a line through its plans, and a table of the front with
 * each decision's value and a button to open the plan. The objective and the decisions are named in
 * words with their units; front.csv keeps the column names.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import type { SearchState } from '../../sim/hostApi/api.js';
import { decisionName, decisionValue } from '../../sim/shared/decisionWords.js';
import { metricLabel } from '../../sim/shared/metrics.js';
import { objectiveLabel, quantileWords, type ObjectiveTerms } from '../../sim/shared/objectiveLabel.js';

const money = (v: number) => v.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const figure = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/** Plans judged as points of cost against the objective (`objective`, the search's, named in words on its axis). */
export function renderSearchChart(container: HTMLElement, s: SearchState, objective: ObjectiveTerms, chosen: number | null): SVGSVGElement {
  const words = objectiveLabel(objective);
  const width = 620;
  const height = 320;
  const m = { top: 28, right: 24, bottom: 44, left: 80 };
  const costs = s.points.map((p) => p.cost);
  const values = s.points.map((p) => p.objective);
  // The objective's axis spans the plans judged (a front is read by its differences); cost starts at 0.
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.05, Math.abs(hi) * 0.01, 1e-6);
  const x = scaleLinear().domain([lo - pad, hi + pad]).nice().range([m.left, width - m.right]);
  const y = scaleLinear().domain([0, Math.max(1, ...costs)]).nice().range([height - m.bottom, m.top]);
  const svg = select(container).html('').append('svg').attr('class', 'search-chart').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('role', 'img');
  svg.attr('aria-label', `Plans judged after generation ${s.generation} of ${s.generations}: cost (${s.currency}) against ${words}`);
  svg.append('text').attr('x', m.left).attr('y', 16).attr('font-weight', 600).text(`Plans judged after generation ${s.generation} of ${s.generations}: cost against the objective`);
  svg.append('g').attr('transform', `translate(0 ${height - m.bottom})`).call(axisBottom(x).ticks(6));
  svg.append('g').attr('transform', `translate(${m.left} 0)`).call(axisLeft(y).ticks(6));
  svg.append('text').attr('class', 'objective-label').attr('x', (m.left + width - m.right) / 2).attr('y', height - 8).attr('text-anchor', 'middle').text(words);
  svg.append('text').attr('transform', `translate(16 ${(height - m.bottom + m.top) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(`cost (${s.currency})`);
  const points = svg.append('g').attr('class', 'search-points');
  for (const p of s.points) {
    points
      .append('circle')
      .attr('cx', x(p.objective))
      .attr('cy', y(p.cost))
      .attr('r', 3)
      .attr('fill', p.feasible ? '#9ca3af' : 'none')
      .attr('stroke', '#6b7280')
      .attr('data-feasible', p.feasible ? '1' : '0');
  }
  if (s.front.length > 0) {
    const line = s.front.map((p) => `${x(p.objective)},${y(p.cost)}`).join(' ');
    svg.append('polyline').attr('points', line).attr('fill', 'none').attr('stroke', '#1b7837').attr('stroke-width', 2);
    s.front.forEach((p, i) => {
      const g = svg.append('g').attr('data-front', String(i + 1));
      g.append('circle').attr('cx', x(p.objective)).attr('cy', y(p.cost)).attr('r', 5).attr('fill', '#1b7837');
      g.append('text').attr('x', x(p.objective) + 7).attr('y', y(p.cost) - 6).attr('font-size', 11).text(String(i + 1));
      if (i === chosen) g.append('circle').attr('cx', x(p.objective)).attr('cy', y(p.cost)).attr('r', 10).attr('fill', 'none').attr('stroke', '#111');
    });
  }
  return svg.node()!;
}

/**
 * The front, cheapest first: cost, cost per ha, the objective (its quantile and mean across replicates,
 * in words with its unit) and every decision by name with its value; `onOpen` opens a plan.
 */
export function renderFrontTable(container: HTMLElement, s: SearchState, objective: ObjectiveTerms, onOpen: (index: number) => void): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'strategy-table front-table';
  table.createCaption().textContent =
    s.front.length > 0
      ? `The front after generation ${s.generation} of ${s.generations}: ${s.front.length} plans no other plan beats on both cost and ${objectiveLabel(objective)}; money in ${s.currency}`
      : 'No plan judged so far keeps within the budget, grant cap and target.';
  const head = table.createTHead().insertRow();
  const metric = metricLabel(objective.metric);
  const columns = [
    '#',
    `Cost (${s.currency})`,
    `Per ha (${s.currency}/ha)`,
    `${metric}, ${quantileWords(objective.quantile)}`,
    `${metric}, mean`,
    ...s.genes.map(decisionName),
    '',
  ];
  for (const text of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  s.front.forEach((p, i) => {
    const tr = body.insertRow();
    tr.dataset.front = String(i + 1);
    tr.dataset.cost = String(p.cost);
    tr.dataset.objective = String(p.objective);
    const cells = [String(i + 1), money(p.cost), money(p.costPerHa), figure(p.objective), figure(p.objectiveMean), ...p.labels.map((l, g) => decisionValue(s.genes[g], l))];
    for (const text of cells) tr.insertCell().textContent = text;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Open as plan';
    button.dataset.open = String(i + 1);
    button.addEventListener('click', () => onOpen(i));
    tr.insertCell().append(button);
  });
  container.replaceChildren(table);
  return table;
}
