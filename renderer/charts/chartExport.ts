/**
 * Saves a chart as a file: a standalone SVG document, or a PNG rasterised from it by the browser.
 * The chart draws with presentation attributes only, so the copy needs no page CSS; the interactive
 * parts (pointer overlay, hover line, year cursor) are left out because a saved figure has no slider.
 * The caption below the chart is broken into lines that fit its width, and the figure grows to hold
 * them all, so neither file cuts it off.
 */
import type { MetricChart } from './metricChart.js';
import { wrapText } from './wrapText.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const INTERACTIVE = ['.overlay', '.hover-line', '.year-cursor'];
const CAPTION_FONT_SIZE = 11;
const CAPTION_FONT = `${CAPTION_FONT_SIZE}px sans-serif`;
const CAPTION_LINE = 14;
const CAPTION_X = 8;

/** The figure's size with its caption, and the caption's lines. */
function layout(chart: MetricChart, caption: string): { width: number; plotHeight: number; height: number; lines: string[] } {
  const { width, height: plotHeight } = chart.size();
  // A few px spare on the right: the image's text may set a little wider than the canvas measured.
  const lines = caption ? wrapText(caption, width - 2 * CAPTION_X - 4, CAPTION_FONT) : [];
  const height = plotHeight + (lines.length > 0 ? lines.length * CAPTION_LINE + 6 : 0);
  return { width, plotHeight, height, lines };
}

/** The chart as an SVG document with a white background, its title and legend, and `caption` below (scenario, zone, year). */
export function chartToSvg(chart: MetricChart, caption = ''): string {
  const { width, plotHeight, height, lines } = layout(chart, caption);
  const copy = chart.svg.cloneNode(true) as SVGSVGElement;
  for (const selector of INTERACTIVE) for (const el of copy.querySelectorAll(selector)) el.remove();
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`);

  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = copy.getAttribute('aria-label') ?? chart.definition.title;
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  copy.prepend(title, background);
  if (lines.length > 0) {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('font-size', String(CAPTION_FONT_SIZE));
    text.setAttribute('font-family', 'sans-serif');
    text.setAttribute('fill', '#444');
    text.setAttribute('class', 'caption');
    lines.forEach((line, i) => {
      const tspan = document.createElementNS(SVG_NS, 'tspan');
      tspan.setAttribute('x', String(CAPTION_X));
      tspan.setAttribute('y', String(plotHeight + (i + 1) * CAPTION_LINE - 1));
      tspan.textContent = line;
      text.append(tspan);
    });
    copy.append(text);
  }

  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/**
 * The chart as PNG bytes, `scale` device pixels per CSS pixel (2 by default, sharp on print and
 * high-density screens). Loads the SVG through a blob: URL, so a page CSP must allow `img-src blob:`.
 */
export async function chartToPng(chart: MetricChart, caption = '', scale = 2): Promise<Uint8Array> {
  if (!(scale > 0)) throw new RangeError(`PNG scale must be positive, got ${scale}`);
  const { width, height } = layout(chart, caption);
  const url = URL.createObjectURL(new Blob([chartToSvg(chart, caption)], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image(width, height);
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas context for PNG export');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the chart as PNG'))), 'image/png'),
    );
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
