/**
 * A run's stand structure as charts: each species' figure over the years (median line, p5–p95 band,
 * one series per species) and the stems per hectare in each height or diameter class in one year
 * (median bar, p5–p95 whisker). Pure drawing from the run's structure; presentation attributes on the
 * SVG so a chart exports as it shows.
 */
import { axisBottom, axisLeft, scaleBand, scaleLinear, select } from 'd3';
import type { RunResult } from '../../sim/shared/runResult.js';
import {
  DIAMETER_CLASSES,
  HEIGHT_CLASSES,
  SPECIES_FIELDS,
  SPECIES_FIELD_LABELS,
  classIndex,
  sizeClassLabels,
  speciesIndex,
  type SizeClassKind,
  type SpeciesField,
  type StructureLayout,
} from '../../sim/shared/structure.js';
import { fixed, type PlotDefinition } from './chartSeries.js';
import type { PlottedSeries } from './metricChart.js';

const DECIMALS: { readonly [K in SpeciesField]: number } = { stems_per_ha: 0, carbon_tco2e: 1, mean_height_m: 2, basal_area_m2_per_ha: 2 };

export function structureLayout(result: RunResult): StructureLayout | null {
  const st = result.structure;
  return st ? { species: st.speciesIds.length, zones: result.zones.length, years: result.years } : null;
}

/** The species chart's title, unit and number format for one field. */
export function speciesPlot(field: SpeciesField): PlotDefinition {
  const label = SPECIES_FIELD_LABELS[field];
  return { id: `species-${field}`, title: `${label.name} by species`, unit: label.unit, scale: 1, format: fixed(DECIMALS[field]) };
}

/**
 * One series per species with any stems in the zone in any year: the field's median and p5–p95 over
 * the years, coloured by `colorOf(species id)`.
 */
export function speciesSeries(result: RunResult, zone: number, field: SpeciesField, colorOf: (id: string) => string): PlottedSeries[] {
  const st = result.structure;
  const layout = structureLayout(result);
  if (!st || !layout) return [];
  const f = SPECIES_FIELDS.indexOf(field);
  const stemsField = SPECIES_FIELDS.indexOf('stems_per_ha');
  const years = Array.from({ length: result.years + 1 }, (_, y) => y);
  const out: PlottedSeries[] = [];
  for (let s = 0; s < layout.species; s++) {
    if (!years.some((y) => st.summary.p95[speciesIndex(layout, y, zone, s, stemsField)] > 0)) continue;
    const pick = (stat: 'p5' | 'p50' | 'p95') => Float64Array.from(years, (y) => st.summary[stat][speciesIndex(layout, y, zone, s, f)]);
    out.push({ id: st.speciesIds[s], label: st.speciesNames[s], color: colorOf(st.speciesIds[s]), years, p5: pick('p5'), p50: pick('p50'), p95: pick('p95') });
  }
  return out;
}

/** Stems per hectare in each class of a zone in a year: label, median, p5 and p95. */
export interface ClassBar {
  label: string;
  p5: number;
  p50: number;
  p95: number;
}

export function classBars(result: RunResult, zone: number, year: number, kind: SizeClassKind): ClassBar[] {
  const st = result.structure;
  const layout = structureLayout(result);
  if (!st || !layout) return [];
  const labels = sizeClassLabels(kind);
  const count = kind === 'height' ? HEIGHT_CLASSES : DIAMETER_CLASSES;
  return Array.from({ length: count }, (_, k) => {
    const at = classIndex(layout, Math.min(year, result.years), zone, kind, k);
    return { label: labels[k], p5: st.summary.p5[at], p50: st.summary.p50[at], p95: st.summary.p95[at] };
  });
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const MARGIN = { top: 56, right: 16, bottom: 58, left: 56 };

/** The class distribution as a bar chart: median bars with p5–p95 whiskers, each bar titled with its figures. */
export function renderClassChart(container: HTMLElement, bars: readonly ClassBar[], options: { kind: SizeClassKind; year: number; width?: number; height?: number }): SVGSVGElement {
  const width = options.width ?? Math.max(320, container.clientWidth || 480);
  const height = options.height ?? 240;
  const unit = options.kind === 'height' ? 'classes in m' : 'classes in cm at breast height';
  const heading = `Stems per hectare by ${options.kind} class`;
  const subheading = `${unit}, year ${options.year}`;
  const title = `${heading} (${subheading})`;
  const svg = select(container)
    .selectAll<SVGSVGElement, null>('svg.class-chart')
    .data([null])
    .join('svg')
    .attr('class', 'class-chart')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('role', 'img')
    .attr('aria-label', title)
    .attr('font-family', FONT);
  svg.selectAll('*').remove();
  svg.append('text').attr('x', 12).attr('y', 18).attr('font-size', 13).attr('font-weight', 600).attr('fill', '#222').text(heading);
  svg.append('text').attr('x', 12).attr('y', 34).attr('font-size', 11).attr('fill', '#555').text(subheading);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const g = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const x = scaleBand<string>().domain(bars.map((b) => b.label)).range([0, plotW]).padding(0.2);
  const top = Math.max(1, ...bars.map((b) => b.p95));
  const y = scaleLinear().domain([0, top]).nice().range([plotH, 0]);
  g.append('g').attr('transform', `translate(0,${plotH})`).call(axisBottom(x)).selectAll('text').attr('transform', 'rotate(-35)').attr('text-anchor', 'end').attr('dx', '-0.4em').attr('dy', '0.6em');
  g.append('g').call(axisLeft(y).ticks(5));
  g.append('text').attr('x', -MARGIN.left + 12).attr('y', -6).attr('font-size', 11).attr('fill', '#555').text('stems/ha');
  const bar = g.selectAll('g.bar').data(bars).join('g').attr('class', 'bar').attr('data-class', (b) => b.label).attr('data-value', (b) => String(b.p50));
  bar
    .append('rect')
    .attr('x', (b) => x(b.label)!)
    .attr('width', x.bandwidth())
    .attr('y', (b) => y(b.p50))
    .attr('height', (b) => plotH - y(b.p50))
    .attr('fill', '#4e79a7');
  bar
    .append('line')
    .attr('x1', (b) => x(b.label)! + x.bandwidth() / 2)
    .attr('x2', (b) => x(b.label)! + x.bandwidth() / 2)
    .attr('y1', (b) => y(b.p5))
    .attr('y2', (b) => y(b.p95))
    .attr('stroke', '#222')
    .attr('stroke-width', 1);
  const whole = fixed(0);
  bar.append('title').text((b) => `${b.label}: ${whole(b.p50)} stems/ha (p5–p95 ${whole(b.p5)}–${whole(b.p95)})`);
  return svg.node()!;
}
