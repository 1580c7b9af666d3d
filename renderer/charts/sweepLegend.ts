/**
 * The colour legend of a sweep's heat maps, as an SVG drawn with presentation attributes only: the
 * metric in words with its unit, the colour ramp from the least value shown to the most with both
 * ends labelled in that unit, and notes on how a cell is read (and how a derived metric is computed).
 */
import { wrapText } from './wrapText.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const RAMP = { x: 8, y: 26, width: 300, height: 14, steps: 60 };
const FONT_SIZE = 11;
const FONT = `${FONT_SIZE}px sans-serif`;
const LINE = 15;

export interface SweepLegendOptions {
  /** The metric in words with its unit, e.g. "Carbon, tCO2e". */
  label: string;
  unit: string;
  /** The least and most values coloured; null when no cell has a value. */
  range: [number, number] | null;
  colour(value: number): string;
  format(value: number): string;
  /** Lines of explanation under the ramp, wrapped to the legend's width. */
  notes: string[];
}

function element<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The legend as an `svg.sweep-legend`; its ends carry `data-min` and `data-max`. */
export function renderSweepLegend(o: SweepLegendOptions): SVGSVGElement {
  const noteLines = o.notes.flatMap((n) => wrapText(n, WIDTH - 16, FONT));
  const notesTop = RAMP.y + RAMP.height + 2 * LINE;
  const height = notesTop + noteLines.length * LINE;
  const svg = element('svg', { class: 'sweep-legend', width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'font-family': 'sans-serif', 'font-size': FONT_SIZE, fill: '#222' });
  svg.setAttribute('aria-label', `Colour legend: ${o.label}`);
  // On a line of its own, above the maps (which flow side by side).
  svg.style.display = 'block';
  svg.style.margin = '4px 0 8px';
  svg.append(element('text', { class: 'legend-title', x: RAMP.x, y: 16, 'font-weight': 600 }, `Colour: ${o.label}`));
  if (o.range) {
    const [lo, hi] = o.range;
    const step = RAMP.width / RAMP.steps;
    for (let i = 0; i < RAMP.steps; i++) {
      const value = lo + ((hi - lo) * (i + 0.5)) / RAMP.steps;
      svg.append(element('rect', { x: RAMP.x + i * step, y: RAMP.y, width: step + 0.5, height: RAMP.height, fill: o.colour(value) }));
    }
    svg.append(element('rect', { x: RAMP.x, y: RAMP.y, width: RAMP.width, height: RAMP.height, fill: 'none', stroke: '#888' }));
    const below = RAMP.y + RAMP.height + LINE - 2;
    const min = element('text', { class: 'legend-min', x: RAMP.x, y: below, 'data-min': lo }, `${o.format(lo)} ${o.unit}`);
    const max = element('text', { class: 'legend-max', x: RAMP.x + RAMP.width, y: below, 'text-anchor': 'end', 'data-max': hi }, `${o.format(hi)} ${o.unit}`);
    svg.append(min, max);
    svg.append(element('text', { x: RAMP.x + RAMP.width + 10, y: RAMP.y + RAMP.height - 3, fill: '#555' }, 'least to most, among the cells shown'));
  } else {
    svg.append(element('text', { x: RAMP.x, y: RAMP.y + RAMP.height - 3, fill: '#555' }, 'No cell has a value to colour.'));
  }
  noteLines.forEach((line, i) => svg.append(element('text', { class: 'legend-note', x: RAMP.x, y: notesTop + i * LINE, fill: '#444' }, line)));
  return svg;
}
