/**
 * Saves a chart as a file: a standalone SVG document, or a PNG rasterised from it by the browser.
 * The chart draws with presentation attributes only, so the copy needs no page CSS; the interactive
 * parts (pointer overlay, hover line, year cursor) are left out because a saved figure has no slider.
 */
import type { MetricChart } from './metricChart.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const INTERACTIVE = ['.overlay', '.hover-line', '.year-cursor'];

/** The chart as an SVG document with a white background, its title and legend. */
export function chartToSvg(chart: MetricChart): string {
  const { width, height } = chart.size();
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

  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/**
 * The chart as PNG bytes, `scale` device pixels per CSS pixel (2 by default, sharp on print and
 * high-density screens). Loads the SVG through a blob: URL, so a page CSP must allow `img-src blob:`.
 */
export async function chartToPng(chart: MetricChart, scale = 2): Promise<Uint8Array> {
  if (!(scale > 0)) throw new RangeError(`PNG scale must be positive, got ${scale}`);
  const { width, height } = chart.size();
  const url = URL.createObjectURL(new Blob([chartToSvg(chart)], { type: 'image/svg+xml;charset=utf-8' }));
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
