/**
 * Saves a chart as a file: a standalone SVG document, or a PNG rasterised from it by the browser.
 * The chart draws with presentation attributes only, so the copy needs no page CSS; the interactive
 * parts (pointer overlay, hover line, year cursor) are left out because a saved figure has no slider.
 */
import type { MetricChart } from './metricChart.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const INTERACTIVE = ['.overlay', '.hover-line', '.year-cursor'];
const CAPTION_HEIGHT = 20;

/** The chart as an SVG document with a white background, its title and legend, and `caption` below (scenario, zone, year). */
export function chartToSvg(chart: MetricChart, caption = ''): string {
  const { width, height: plotHeight } = chart.size();
  const height = plotHeight + (caption ? CAPTION_HEIGHT : 0);
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
  if (caption) {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', '8');
    text.setAttribute('y', String(plotHeight + CAPTION_HEIGHT - 7));
    text.setAttribute('font-size', '11');
    text.setAttribute('font-family', 'sans-serif');
    text.setAttribute('fill', '#444');
    text.setAttribute('class', 'caption');
    text.textContent = caption;
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
  const { width } = chart.size();
  const height = chart.size().height + (caption ? CAPTION_HEIGHT : 0);
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
