/**
 * A sweep's results in the page: for a zone, a metric and a year, each variant's mean and p5–p95
 * across replicates, laid out as heat maps over two chosen variables, one small multiple per
 * combination of the others, so every variant has its cell; above them a caption and the colour
 * legend, the metric named in words with its unit.
 */
import { interpolateYlGn, scaleSequential } from 'd3';
import { sweepMetricLabel, sweepMetricNote, sweepMetricUnit, type SweepMetric, type VariantFigure } from './sweepFigures.js';
import { renderSweepLegend } from './sweepLegend.js';
import { heading } from './tableParts.js';

/** What the page reads of a sweep's `sweep.json`. */
export interface SweepManifestView {
  name: string;
  variables: string[];
  variants: { index: number; labels: string[] }[];
  replicates: number;
}

export interface SweepViewOptions {
  manifest: SweepManifestView;
  figures: Map<number, VariantFigure>;
  metric: SweepMetric;
  /** The sweep's currency (ISO 4217), or '' where it is not known. */
  currency: string;
  year: number;
  zone: string;
  /** Indexes of the variables across (x) and down (y); y may be -1 for a sweep of one variable. */
  x: number;
  y: number;
  onPick(variant: number): void;
}

const format = (v: number) => (Math.abs(v) >= 100 ? v.toLocaleString('en-GB', { maximumFractionDigits: 0 }) : v.toLocaleString('en-GB', { maximumFractionDigits: 3 }));

/** Replaces the container's content with one `table.sweep-map` per combination of the other variables. */
export function renderSweepView(container: HTMLElement, o: SweepViewOptions): void {
  const { manifest } = o;
  const labelsOf = (i: number) => [...new Set(manifest.variants.map((v) => v.labels[i]))];
  const others = manifest.variables.map((_, i) => i).filter((i) => i !== o.x && i !== o.y);
  const groups = new Map<string, { index: number; labels: string[] }[]>();
  for (const v of manifest.variants) {
    const key = others.map((i) => `${manifest.variables[i]} = ${v.labels[i]}`).join(', ');
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const all = [...o.figures.values()].map((f) => f.mean).filter(Number.isFinite);
  // The colours span the values shown, so differences between variants stand out.
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const colour = scaleSequential(interpolateYlGn).domain(hi > lo ? [lo, hi] : [lo - 1, lo + 1]);
  const dark = (v: number) => (hi > lo ? (v - lo) / (hi - lo) : 0.5) > 0.6;
  const xs = labelsOf(o.x);
  const ys = o.y >= 0 ? labelsOf(o.y) : [''];
  const parts: (HTMLElement | SVGSVGElement)[] = [];
  const label = sweepMetricLabel(o.metric, o.currency);
  const where = o.zone === 'all' ? 'whole site' : `zone ${o.zone}`;
  const caption = document.createElement('p');
  caption.className = 'sweep-caption';
  caption.textContent = `${manifest.name}: ${label}, in year ${o.year}, ${where}; mean (p5–p95) across ${manifest.replicates} replicates. Click a cell to open that variant as the plan.`;
  parts.push(caption);
  const note = sweepMetricNote(o.metric);
  parts.push(
    renderSweepLegend({
      label,
      unit: sweepMetricUnit(o.metric, o.currency),
      range: all.length > 0 ? [lo, hi] : null,
      colour: (v) => colour(v),
      format,
      notes: ['Each cell shows the mean across replicates, and the p5–p95 band below it; the darker the cell, the more.', ...(note ? [note] : [])],
    }),
  );
  for (const [key, variants] of groups) {
    const table = document.createElement('table');
    table.className = 'sweep-map';
    table.createCaption().textContent = key || 'every variant';
    const head = table.createTHead().insertRow();
    const corner = document.createElement('th');
    corner.textContent = o.y >= 0 ? `${manifest.variables[o.y]} ↓ / ${manifest.variables[o.x]} →` : `${manifest.variables[o.x]} →`;
    head.append(corner);
    for (const xl of xs) head.append(heading(xl, 'col'));
    const body = table.createTBody();
    for (const yl of ys) {
      const tr = body.insertRow();
      tr.append(heading(yl, 'row'));
      for (const xl of xs) {
        const td = tr.insertCell();
        const v = variants.find((c) => c.labels[o.x] === xl && (o.y < 0 || c.labels[o.y] === yl));
        const f = v ? o.figures.get(v.index) : undefined;
        if (!v) continue;
        td.className = 'sweep-cell';
        td.dataset.variant = String(v.index);
        td.title = manifest.variables.map((name, i) => `${name} = ${v.labels[i]}`).join('\n');
        if (f && !Number.isFinite(f.mean)) td.textContent = 'no carbon';
        else if (f) {
          td.dataset.value = String(f.mean);
          td.style.background = colour(f.mean);
          td.style.color = dark(f.mean) ? '#fff' : '#111';
          td.innerHTML = '';
          const mean = document.createElement('strong');
          mean.textContent = format(f.mean);
          const band = document.createElement('span');
          band.textContent = `${format(f.p5)}–${format(f.p95)}`;
          td.append(mean, document.createElement('br'), band);
        } else td.textContent = 'not run';
        td.addEventListener('click', () => o.onPick(v.index));
      }
    }
    parts.push(table);
  }
  container.replaceChildren(...parts);
}
