import { area, line, scaleLinear } from 'd3';
import { escapeXml } from '../output/format.js';

export interface BandSeries {
  label: string;
  colour: string;
  /** Per year from 0: the middle line and the band's edges. */
  mid: ArrayLike<number>;
  low: ArrayLike<number>;
  high: ArrayLike<number>;
}

export interface BandChartOptions {
  title: string;
  /** Axis label, with the unit. */
  unit: string;
  caption: string;
  series: readonly BandSeries[];
  /** A year marked with a dashed line and a label (e.g. a survey's). */
  mark?: { year: number; label: string };
  width?: number;
  height?: number;
}

const MARGIN = { top: 28, right: 16, bottom: 34, left: 64 };

function ticksSvg(values: number[], at: (v: number) => number, axis: 'x' | 'y', other: number, format: (v: number) => string): string {
  return values
    .map((v) =>
      axis === 'x'
        ? `<text x="${at(v).toFixed(1)}" y="${other + 16}" text-anchor="middle">${format(v)}</text>`
        : `<text x="${other - 6}" y="${(at(v) + 4).toFixed(1)}" text-anchor="end">${format(v)}</text><line x1="${other}" x2="${other + 4}" y1="${at(v).toFixed(1)}" y2="${at(v).toFixed(1)}" stroke="#999"/>`,
    )
    .join('');
}

/** The caption as lines of text from y down, one per "; "-separated part, so it never runs off the chart. */
function captionSvg(caption: string, x: number, y: number): string {
  return caption
    .split('; ')
    .map((part, i) => `<text x="${x}" y="${y + 12 * i}" fill="#555">${escapeXml(part)}</text>`)
    .join('');
}

const captionLines = (caption: string) => caption.split('; ').length;

const tickFormat = (v: number) => (Math.abs(v) >= 10_000 ? `${(v / 1000).toLocaleString('en-GB')}k` : v.toLocaleString('en-GB'));

/** A line per series over the years with its band (e.g. p5–p95 across replicates), a legend and a caption, as SVG. */
export function bandChartSvg(o: BandChartOptions): string {
  const width = o.width ?? 340;
  const height = o.height ?? 220;
  const years = Math.max(1, ...o.series.map((s) => s.mid.length - 1));
  let hi = 0;
  let lo = 0;
  for (const s of o.series) {
    for (let i = 0; i < s.high.length; i++) {
      hi = Math.max(hi, s.high[i]);
      lo = Math.min(lo, s.low[i]);
    }
  }
  const x = scaleLinear().domain([0, years]).range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).nice().range([height - MARGIN.bottom, MARGIN.top]);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="band-chart" viewBox="0 0 ${width} ${height + 16 * o.series.length + 6 + 12 * captionLines(o.caption)}" width="${width}" role="img" aria-label="${escapeXml(o.title)}" font-size="10" font-family="sans-serif">`,
    `<text x="${MARGIN.left}" y="16" font-size="12" font-weight="600">${escapeXml(o.title)}</text>`,
    `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${height - MARGIN.bottom}" y2="${height - MARGIN.bottom}" stroke="#999"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#999"/>`,
    ticksSvg(x.ticks(5), x, 'x', height - MARGIN.bottom, (v) => String(v)),
    ticksSvg(y.ticks(5), y, 'y', MARGIN.left, tickFormat),
    `<text x="${(width + MARGIN.left) / 2}" y="${height - 4}" text-anchor="middle">year</text>`,
    `<text transform="translate(12 ${(height - MARGIN.bottom + MARGIN.top) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.unit)}</text>`,
  ];
  if (o.mark) {
    const at = x(o.mark.year);
    // The label beside the line, on whichever side has room.
    const right = at < (MARGIN.left + width - MARGIN.right) / 2;
    parts.push(
      `<g class="mark" data-year="${o.mark.year}"><line x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#111" stroke-dasharray="4 3"/>` +
        `<text x="${(at + (right ? 4 : -4)).toFixed(1)}" y="${MARGIN.top + 10}" text-anchor="${right ? 'start' : 'end'}">${escapeXml(o.mark.label)}</text></g>`,
    );
  }
  o.series.forEach((s, k) => {
    const idx = Array.from({ length: s.mid.length }, (_, i) => i);
    const band = area<number>().x((i) => x(i)).y0((i) => y(s.low[i])).y1((i) => y(s.high[i]))(idx) ?? '';
    const mid = line<number>().x((i) => x(i)).y((i) => y(s.mid[i]))(idx) ?? '';
    parts.push(
      `<path d="${band}" fill="${s.colour}" fill-opacity="0.18" stroke="none"/>`,
      `<path d="${mid}" fill="none" stroke="${s.colour}" stroke-width="1.8"/>`,
      `<g class="legend"><rect x="${MARGIN.left}" y="${height + 4 + 16 * k}" width="12" height="8" fill="${s.colour}"/><text x="${MARGIN.left + 18}" y="${height + 12 + 16 * k}">${escapeXml(s.label)}</text></g>`,
    );
  });
  parts.push(captionSvg(o.caption, MARGIN.left, height + 16 * o.series.length + 14), '</svg>');
  return parts.join('\n');
}

export interface CostCarbonPoint {
  label: string;
  cost: { mean: number; p5: number; p95: number };
  carbon: { mean: number; p5: number; p95: number };
  /** Marked as the cheapest per tonne. */
  best: boolean;
}

/** Strategies as points of cost against tCO2e, with p5–p95 whiskers both ways; the cheapest per tonne ringed. */
export function costCarbonSvg(o: { title: string; currency: string; caption: string; points: readonly CostCarbonPoint[] }): string {
  const legend = 190;
  const width = 400 + legend;
  const height = 260;
  const x = scaleLinear()
    .domain([0, Math.max(1, ...o.points.map((p) => p.carbon.p95))])
    .nice()
    .range([MARGIN.left, width - MARGIN.right - legend]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...o.points.map((p) => p.cost.p95))])
    .nice()
    .range([height - MARGIN.bottom, MARGIN.top]);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cost-carbon" viewBox="0 0 ${width} ${height + 6 + 12 * captionLines(o.caption)}" width="${width}" role="img" aria-label="${escapeXml(o.title)}" font-size="10" font-family="sans-serif">`,
    `<text x="${MARGIN.left}" y="16" font-size="12" font-weight="600">${escapeXml(o.title)}</text>`,
    `<line x1="${MARGIN.left}" x2="${width - MARGIN.right - legend}" y1="${height - MARGIN.bottom}" y2="${height - MARGIN.bottom}" stroke="#999"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#999"/>`,
    ticksSvg(x.ticks(5), x, 'x', height - MARGIN.bottom, tickFormat),
    ticksSvg(y.ticks(5), y, 'y', MARGIN.left, tickFormat),
    `<text x="${(width - legend + MARGIN.left) / 2}" y="${height - 4}" text-anchor="middle">tCO2e</text>`,
    `<text transform="translate(12 ${(height - MARGIN.bottom + MARGIN.top) / 2}) rotate(-90)" text-anchor="middle">cost (${escapeXml(o.currency)})</text>`,
  ];
  o.points.forEach((p, k) => {
    const cx = x(p.carbon.mean);
    const cy = y(p.cost.mean);
    const colour = ['#1b7837', '#c2410c', '#2563eb', '#9333ea', '#0f766e', '#b45309', '#be123c', '#333'][k % 8];
    parts.push(
      `<g data-strategy="${escapeXml(p.label)}"${p.best ? ' data-best="1"' : ''}>`,
      `<line x1="${x(p.carbon.p5).toFixed(1)}" x2="${x(p.carbon.p95).toFixed(1)}" y1="${cy.toFixed(1)}" y2="${cy.toFixed(1)}" stroke="${colour}"/>`,
      `<line x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${y(p.cost.p5).toFixed(1)}" y2="${y(p.cost.p95).toFixed(1)}" stroke="${colour}"/>`,
      `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="4" fill="${colour}"/>`,
      p.best ? `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="9" fill="none" stroke="#111" stroke-width="1.5"/>` : '',
      `<text x="${width - MARGIN.right - legend + 10}" y="${MARGIN.top + 14 * k + 4}" fill="${colour}">${escapeXml(p.label)}${p.best ? ' (cheapest per t)' : ''}</text>`,
      '</g>',
    );
  });
  parts.push(captionSvg(o.caption, MARGIN.left, height + 14), '</svg>');
  return parts.join('\n');
}
