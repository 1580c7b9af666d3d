/**
 * The strategy comparison of a plan, for one zone: a table of every figure `reforest compare`
 * writes, with units and currency, and a chart of cost against tCO2e with p5–p95 whiskers, the
 * cheapest per tonne marked.
 */
import { axisBottom, axisLeft, scaleLinear, schemeTableau10, select } from 'd3';
import { costBand, DETERMINISTIC_COSTS_NOTE, marginalCostText, type Spread, type StrategyComparison, type StrategyRow } from '../../sim/shared/strategyComparison.js';

const money = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const whole = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 0 });
const spread = (s: Spread | null) => (s ? `${whole(s.mean)} (${whole(s.p5)}–${whole(s.p95)})` : '—');

/** The strategy with the lowest cost per tCO2e in the zone, or null when none holds carbon. */
export function cheapestPerTonne(rows: readonly StrategyRow[]): string | null {
  const priced = rows.filter((r) => r.costPerTco2e !== null);
  return priced.length ? priced.reduce((m, r) => (r.costPerTco2e! < m.costPerTco2e! ? r : m)).strategy : null;
}

export function renderStrategyTable(container: HTMLElement, c: StrategyComparison, zone: string): HTMLTableElement {
  const rows = c.rows.filter((r) => r.zone === zone);
  const best = cheapestPerTonne(rows);
  const cur = c.currency;
  const table = document.createElement('table');
  table.className = 'strategy-table';
  table.dataset.zone = zone;
  table.createCaption().textContent =
    `Zone ${zone === 'all' ? 'all (whole site)' : zone}, ${rows[0]?.areaHa.toFixed(1) ?? 0} ha — ${c.scenarioName}, seed ${c.seed}, ${c.replicates} replicates; ` +
    `money in ${cur}, carbon in tCO2e, mean (p5–p95); ★ cheapest per tCO2e. ${DETERMINISTIC_COSTS_NOTE}`;
  const columns: [string, string][] = [
    ['strategy', 'Strategy'],
    ['cost_mean', `Cost to year ${c.horizonYear} (${cur})`],
    ['cost_per_ha', `Cost per ha (${cur}/ha)`],
    ['stocking_per_ha_mean', `Stems/ha, year ${c.stockingYear}`],
    ['p_stocking_target', `P(≥ ${whole(c.stockingTargetPerHa)} stems/ha)`],
    ['survival', `Survival, year ${c.stockingYear} (%)`],
    ['beaten_up_mean', `Trees replanted to year ${c.stockingYear}`],
    ['tco2e_y25_mean', 'tCO2e, year 25'],
    ['tco2e_y50_mean', 'tCO2e, year 50'],
    ['cost_per_surviving_tree', `Cost per surviving tree, year ${c.stockingYear} (${cur})`],
    ['cost_per_tco2e', `Cost per tCO2e, year ${c.horizonYear} (${cur}/t)`],
    ['marginal_cost_per_tco2e', `Marginal cost per extra tCO2e over ${rows[0]?.cheapest ?? 'the cheapest'} (${cur}/t)`],
  ];
  const head = table.createTHead().insertRow();
  for (const [field, text] of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.field = field;
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    tr.dataset.strategy = r.strategy;
    if (r.strategy === best) tr.classList.add('best');
    const cell = (field: string, value: number | null, text: string) => {
      const td = tr.insertCell();
      td.dataset.field = field;
      if (value !== null) td.dataset.value = String(value);
      td.textContent = text;
    };
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = r.strategy === best ? `${r.strategy} ★` : r.strategy;
    tr.append(th);
    const band = costBand(r.cost, whole);
    cell('cost_mean', r.cost.mean, band ? `${money(r.cost.mean)} (${band})` : money(r.cost.mean));
    cell('cost_per_ha', r.costPerHa, money(r.costPerHa));
    cell('stocking_per_ha_mean', r.stocking.mean, spread(r.stocking));
    cell('p_stocking_target', r.pStockingTarget, `${whole(r.pStockingTarget * 100)}%`);
    cell('survival', r.survival, `${(r.survival * 100).toFixed(1)}%`);
    cell('beaten_up_mean', r.beatenUp.mean, spread(r.beatenUp));
    cell('tco2e_y25_mean', r.carbonY25?.mean ?? null, spread(r.carbonY25));
    cell('tco2e_y50_mean', r.carbonY50?.mean ?? null, spread(r.carbonY50));
    cell('cost_per_surviving_tree', r.costPerSurvivingTree, money(r.costPerSurvivingTree));
    cell('cost_per_tco2e', r.costPerTco2e, money(r.costPerTco2e));
    cell('marginal_cost_per_tco2e', r.marginalCostPerTco2e, marginalCostText(r, money));
    if (r.note) {
      // Why a strategy is no protection here, on the row itself.
      tr.dataset.note = r.note;
      tr.title = `${r.strategy}: ${r.note}`;
      th.textContent += ' (no protection here)';
    }
  }
  container.replaceChildren(table);
  return table;
}

/** Cost against tCO2e at the horizon year, one point per strategy with p5–p95 whiskers both ways. */
export function renderStrategyChart(container: HTMLElement, c: StrategyComparison, zone: string): SVGSVGElement {
  const rows = c.rows.filter((r) => r.zone === zone);
  const best = cheapestPerTonne(rows);
  const width = 560;
  const height = 300;
  const m = { top: 28, right: 190, bottom: 40, left: 70 };
  const x = scaleLinear().domain([0, Math.max(1, ...rows.map((r) => r.carbonHorizon.p95))]).nice().range([m.left, width - m.right]);
  const y = scaleLinear().domain([0, Math.max(1, ...rows.map((r) => r.cost.p95))]).nice().range([height - m.bottom, m.top]);
  const svg = select(container).html('').append('svg').attr('class', 'strategy-chart').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('role', 'img');
  svg.append('text').attr('x', m.left).attr('y', 16).attr('font-weight', 600).text(`Cost against carbon at year ${c.horizonYear}, zone ${zone}`);
  svg.append('g').attr('transform', `translate(0 ${height - m.bottom})`).call(axisBottom(x).ticks(5));
  svg.append('g').attr('transform', `translate(${m.left} 0)`).call(axisLeft(y).ticks(5));
  svg.append('text').attr('x', (m.left + width - m.right) / 2).attr('y', height - 6).attr('text-anchor', 'middle').text('tCO2e');
  svg.append('text').attr('transform', `translate(14 ${(height - m.bottom + m.top) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(`cost (${c.currency})`);
  // Ten hues no two of which are alike (Tableau 10): strategies up to ten never share a colour.
  const palette = schemeTableau10;
  rows.forEach((r, k) => {
    const colour = palette[k % palette.length];
    const g = svg.append('g').attr('data-strategy', r.strategy);
    if (r.strategy === best) g.attr('data-best', '1');
    const cx = x(r.carbonHorizon.mean);
    const cy = y(r.cost.mean);
    g.append('line').attr('x1', x(r.carbonHorizon.p5)).attr('x2', x(r.carbonHorizon.p95)).attr('y1', cy).attr('y2', cy).attr('stroke', colour);
    g.append('line').attr('x1', cx).attr('x2', cx).attr('y1', y(r.cost.p5)).attr('y2', y(r.cost.p95)).attr('stroke', colour);
    g.append('circle').attr('cx', cx).attr('cy', cy).attr('r', 4).attr('fill', colour);
    if (r.strategy === best) g.append('circle').attr('cx', cx).attr('cy', cy).attr('r', 9).attr('fill', 'none').attr('stroke', '#111');
    // Each point names its strategy, so the chart reads without the key.
    g.append('text').attr('class', 'point-label').attr('x', cx + 7).attr('y', cy - 6).attr('font-size', 10).attr('fill', '#222').attr('stroke', '#fff').attr('stroke-width', 2.5).attr('paint-order', 'stroke').text(r.strategy);
    g.append('text').attr('x', width - m.right + 12).attr('y', m.top + 16 * k + 4).attr('fill', colour).text(`${r.strategy}${r.strategy === best ? ' ★ cheapest per t' : ''}`);
  });
  return svg.node()!;
}
