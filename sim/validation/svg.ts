import { line, scaleLinear, scaleLog } from 'd3';

/** One line of a chart: points, a legend label, and whether it is a published reference (dashed, with markers). */
export interface Series {
  label: string;
  points: readonly (readonly [number, number])[];
  reference?: boolean;
  /** A band around the line (e.g. p5–p95 across replicates): [x, low, high]. */
  band?: readonly (readonly [number, number, number])[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

const COLOURS = ['#1b7837', '#2166ac', '#b2182b', '#e08214', '#762a83', '#4d4d4d', '#01665e', '#8c510a'];

/**
 * A standalone SVG line chart, written as text with d3's scales and path generator (no DOM), so the
 * validation report's figures come from the same numbers as its tables.
 */
export function lineChart(opts: ChartOptions): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 380;
  const m = { top: 36, right: 190, bottom: 46, left: 64 };
  const all = opts.series.flatMap((s) => [...s.points, ...(s.band ?? []).flatMap(([x, lo, hi]) => [[x, lo], [x, hi]] as const)]);
  const xs = all.map((p) => p[0]).filter((v) => !opts.logX || v > 0);
  const ys = all.map((p) => p[1]).filter((v) => !opts.logY || v > 0);
  const xDomain = [Math.min(...xs), Math.max(...xs)];
  const yDomain = opts.logY ? [Math.min(...ys), Math.max(...ys)] : [Math.min(0, ...ys), Math.max(...ys) * 1.05 || 1];
  const x = (opts.logX ? scaleLog() : scaleLinear()).domain(xDomain).range([m.left, width - m.right]).nice();
  const y = (opts.logY ? scaleLog() : scaleLinear()).domain(yDomain).range([height - m.bottom, m.top]).nice();
  const path = line<readonly [number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${m.left}" y="20" font-size="13" font-weight="bold">${esc(opts.title)}</text>`);
  for (const t of x.ticks(6)) {
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${m.top}" y2="${height - m.bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${x(t)}" y="${height - m.bottom + 14}" text-anchor="middle">${x.tickFormat(6)(t)}</text>`);
  }
  for (const t of y.ticks(6)) {
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end">${y.tickFormat(6)(t)}</text>`);
  }
  parts.push(`<text x="${(m.left + width - m.right) / 2}" y="${height - 10}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  opts.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    if (s.band && s.band.length > 1) {
      const upper = s.band.map(([bx, , hi]) => `${x(bx)},${y(hi)}`);
      const lower = [...s.band].reverse().map(([bx, lo]) => `${x(bx)},${y(Math.max(lo, opts.logY ? yDomain[0] : lo))}`);
      parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}" fill-opacity="0.15" stroke="none"/>`);
    }
    const pts = s.points.filter((p) => (!opts.logX || p[0] > 0) && (!opts.logY || p[1] > 0));
    if (pts.length > 1) parts.push(`<path d="${path(pts)}" fill="none" stroke="${colour}" stroke-width="2"${s.reference ? ' stroke-dasharray="5 4"' : ''}/>`);
    if (s.reference || pts.length === 1) for (const p of pts) parts.push(`<circle cx="${x(p[0])}" cy="${y(p[1])}" r="3" fill="${colour}"/>`);
    const ly = m.top + 8 + i * 16;
    parts.push(`<line x1="${width - m.right + 12}" x2="${width - m.right + 36}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${s.reference ? ' stroke-dasharray="5 4"' : ''}/>`);
    parts.push(`<text x="${width - m.right + 42}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
