/**
 * One metric over the years as an SVG line chart: per series a median line over a translucent p5–p95
 * band, a cursor at the app's current year, a hover tooltip, and a click that picks a year.
 *
 * Every visual property is a presentation attribute on the SVG elements rather than page CSS, so the
 * same SVG exports as a standalone file (see chartExport.ts). charts.css only lays out the card and
 * styles the HTML tooltip.
 */
import { area, axisBottom, axisLeft, line, pointer, scaleLinear, select, type ScaleLinear, type Selection } from 'd3';
import { seriesExtent, type PlotDefinition, type ChartSeries } from './chartSeries.js';

/** A series as plotted: which run it belongs to, its legend label and colour. */
export interface PlottedSeries extends ChartSeries {
  /** Stable id, used as `data-series` on its band and line. */
  id: string;
  label: string;
  /** Any CSS colour SVG accepts. */
  color: string;
}

export interface MetricChartOptions {
  chart: PlotDefinition;
  /** Fixed width in px; by default the chart follows its container's width. */
  width?: number;
  /** Height in px; 240 by default. */
  height?: number;
}

export type YearListener = (year: number) => void;

const DEFAULT_HEIGHT = 240;
const MIN_WIDTH = 200;
const MARGIN = { top: 66, right: 16, bottom: 34, left: 56 };
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const TEXT_COLOR = '#222';
const AXIS_COLOR = '#555';
const GRID_COLOR = '#e6e6e6';
const BAND_OPACITY = 0.18;

type G = Selection<SVGGElement, unknown, null, undefined>;

export class MetricChart {
  definition: PlotDefinition;
  /** The chart's own element inside the container: a `div.metric-chart` holding the svg and tooltip. */
  readonly element: HTMLDivElement;
  readonly svg: SVGSVGElement;

  private readonly fixedWidth: number | undefined;
  private readonly height: number;
  private readonly tooltip: HTMLDivElement;
  private readonly observer: ResizeObserver | null;
  private readonly listeners = new Set<YearListener>();
  private series: readonly PlottedSeries[] = [];
  private year: number | null = null;
  private sharedDomain: [number, number] | null = null;
  private width = 0;
  private x: ScaleLinear<number, number> = scaleLinear();
  private y: ScaleLinear<number, number> = scaleLinear();

  private readonly root: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly title: Selection<SVGTextElement, unknown, null, undefined>;
  private readonly legend: G;
  private readonly grid: G;
  private readonly xAxis: G;
  private readonly yAxis: G;
  private readonly unitLabel: Selection<SVGTextElement, unknown, null, undefined>;
  private readonly xLabel: Selection<SVGTextElement, unknown, null, undefined>;
  private readonly layer: G;
  private readonly cursor: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly hoverLine: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly overlay: Selection<SVGRectElement, unknown, null, undefined>;

  constructor(container: HTMLElement, options: MetricChartOptions) {
    this.definition = options.chart;
    this.fixedWidth = options.width;
    this.height = options.height ?? DEFAULT_HEIGHT;

    this.element = document.createElement('div');
    this.element.className = 'metric-chart';
    this.element.dataset.chart = this.definition.id;
    container.append(this.element);

    this.root = select(this.element)
      .append('svg')
      .attr('xmlns', 'http://www.w3.org/2000/svg')
      .attr('data-chart', this.definition.id)
      .attr('role', 'img')
      .attr('aria-label', chartHeading(this.definition))
      .attr('font-family', FONT)
      .attr('font-size', 11)
      .attr('fill', TEXT_COLOR);
    this.svg = this.root.node()!;

    this.title = this.root.append('text').attr('class', 'chart-title').attr('x', 12).attr('y', 20)
      .attr('font-size', 13).attr('font-weight', 600).text(this.definition.title);
    this.legend = this.root.append('g').attr('class', 'legend').attr('transform', 'translate(12, 38)');

    const plot = this.root.append('g').attr('class', 'plot').attr('transform', `translate(${MARGIN.left}, ${MARGIN.top})`);
    this.grid = plot.append('g').attr('class', 'grid');
    this.xAxis = plot.append('g').attr('class', 'x-axis').attr('color', AXIS_COLOR);
    this.yAxis = plot.append('g').attr('class', 'y-axis').attr('color', AXIS_COLOR);
    // Above the y axis, aligned with the title: long units like "stems/ha" do not fit beside the ticks.
    this.unitLabel = plot.append('text').attr('class', 'unit-label').attr('x', 12 - MARGIN.left).attr('y', -10).attr('fill', AXIS_COLOR).text(this.definition.unit);
    this.xLabel = plot.append('text').attr('class', 'x-label').attr('text-anchor', 'end').attr('fill', AXIS_COLOR).text('Year');
    this.layer = plot.append('g').attr('class', 'series');
    this.cursor = plot.append('line').attr('class', 'year-cursor')
      .attr('stroke', '#333').attr('stroke-width', 1.5).attr('stroke-dasharray', '4 3').attr('display', 'none');
    this.hoverLine = plot.append('line').attr('class', 'hover-line')
      .attr('stroke', '#999').attr('stroke-width', 1).attr('display', 'none');
    this.overlay = plot.append('rect').attr('class', 'overlay').attr('fill', 'transparent').style('cursor', 'crosshair');

    this.tooltip = document.createElement('div');
    this.tooltip.className = 'chart-tooltip';
    this.tooltip.hidden = true;
    this.element.append(this.tooltip);

    this.overlay
      .on('pointermove', (event: PointerEvent) => this.hover(event))
      .on('pointerleave', () => this.hideHover())
      .on('click', (event: MouseEvent) => {
        const year = this.yearAt(event);
        if (year !== null) for (const listener of this.listeners) listener(year);
      });

    this.observer = this.fixedWidth === undefined ? new ResizeObserver(() => this.resize()) : null;
    this.observer?.observe(this.element);
    this.resize();
  }

  /** Replaces the plotted series (one run, or two overlaid for comparison). */
  setSeries(series: readonly PlottedSeries[]): void {
    this.series = series;
    this.render();
  }

  plotted(): readonly PlottedSeries[] {
    return this.series;
  }

  /** Moves the year cursor; null hides it. */
  setYear(year: number | null): void {
    this.year = year;
    this.placeCursor();
  }

  /**
   * Fixes the y axis to cover this range (plus zero and the chart's ceiling rules) instead of the
   * chart's own data, so charts side by side share a scale; null returns to the chart's own data.
   */
  setYDomain(domain: [number, number] | null): void {
    this.sharedDomain = domain;
    this.render();
  }

  /** Calls `listener` with the nearest year when the chart is clicked; returns the unsubscribe. */
  onYearSelected(listener: YearListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads the container width and redraws; called automatically unless the width is fixed. */
  resize(): void {
    const width = this.fixedWidth ?? Math.max(MIN_WIDTH, Math.floor(this.element.clientWidth));
    if (width === this.width) return;
    this.width = width;
    this.render();
  }

  /** Size of the drawing in px, as exported. */
  size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  destroy(): void {
    this.observer?.disconnect();
    this.listeners.clear();
    this.element.remove();
  }

  private render(): void {
    const { width, height } = this;
    const innerW = Math.max(1, width - MARGIN.left - MARGIN.right);
    const innerH = Math.max(1, height - MARGIN.top - MARGIN.bottom);
    this.root.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);

    const lastYear = Math.max(1, ...this.series.map((s) => s.years[s.years.length - 1] ?? 0));
    this.x = scaleLinear().domain([0, lastYear]).range([0, innerW]);
    this.y = scaleLinear().domain(this.yDomain()).range([innerH, 0]).nice();
    const ceiling = this.definition.ceiling;
    if (ceiling !== undefined && this.y.domain()[1] > ceiling) this.y.domain([this.y.domain()[0], ceiling]);

    // Whole years only: a fractional year means nothing in a yearly simulation.
    const xTicks = this.x.ticks(Math.max(2, Math.floor(innerW / 60))).filter(Number.isInteger);
    this.xAxis.attr('transform', `translate(0, ${innerH})`)
      .call(axisBottom(this.x).tickValues(xTicks).tickFormat((d) => String(d)).tickSizeOuter(0));
    const yTickCount = Math.max(2, Math.floor(innerH / 36));
    this.yAxis.call(axisLeft(this.y).ticks(yTickCount, ',~f').tickSizeOuter(0));
    this.grid.call(axisLeft(this.y).ticks(yTickCount).tickSize(-innerW).tickFormat(() => ''))
      .call((g) => g.select('.domain').remove())
      .call((g) => g.selectAll('line').attr('stroke', GRID_COLOR));
    for (const axis of [this.xAxis, this.yAxis]) axis.attr('font-family', FONT).attr('font-size', 10);
    this.xLabel.attr('x', innerW).attr('y', innerH + 30);

    const x = this.x;
    const y = this.y;
    const finite = (s: PlottedSeries, i: number) => Number.isFinite(s.p5[i]) && Number.isFinite(s.p95[i]);
    this.layer
      .selectAll<SVGGElement, PlottedSeries>('g.run')
      .data(this.series, (s) => s.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'run');
        g.append('path').attr('class', 'band');
        g.append('path').attr('class', 'median');
        return g;
      })
      .attr('data-series', (s) => s.id)
      .each(function (s) {
        const g = select(this);
        const indices = s.years.map((_, i) => i);
        const band = area<number>()
          .defined((i) => finite(s, i))
          .x((i) => x(s.years[i]))
          .y0((i) => y(s.p5[i]))
          .y1((i) => y(s.p95[i]));
        const median = line<number>()
          .defined((i) => Number.isFinite(s.p50[i]))
          .x((i) => x(s.years[i]))
          .y((i) => y(s.p50[i]));
        g.select('path.band').attr('data-series', s.id).attr('d', band(indices))
          .attr('fill', s.color).attr('fill-opacity', BAND_OPACITY).attr('stroke', 'none');
        g.select('path.median').attr('data-series', s.id).attr('d', median(indices))
          .attr('fill', 'none').attr('stroke', s.color).attr('stroke-width', 2).attr('stroke-linejoin', 'round');
      });

    this.renderLegend();
    this.cursor.attr('y1', 0).attr('y2', innerH);
    this.hoverLine.attr('y1', 0).attr('y2', innerH);
    this.overlay.attr('width', innerW).attr('height', innerH);
    this.placeCursor();
  }

  private yDomain(): [number, number] {
    // Zero stays on the axis: every metric is a count or amount, and a cropped axis exaggerates change.
    const [dlo, dhi] = this.sharedDomain ?? seriesExtent(this.series) ?? [0, 0];
    const lo = Math.min(0, dlo);
    const hi = Math.max(0, dhi);
    // An all-zero metric (no browsing without herbivores) still needs a readable axis.
    return hi > lo ? [lo, hi] : [lo, lo + 1];
  }

  private renderLegend(): void {
    // Label widths are estimated rather than measured so a detached chart lays out the same.
    let offset = 0;
    const positions = this.series.map((s) => {
      const at = offset;
      offset += 22 + s.label.length * 6.4;
      return at;
    });
    this.legend
      .selectAll<SVGGElement, PlottedSeries>('g.legend-item')
      .data(this.series, (s) => s.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'legend-item');
        g.append('rect').attr('width', 14).attr('height', 8).attr('y', -7).attr('rx', 1);
        g.append('text').attr('x', 18);
        return g;
      })
      .attr('data-series', (s) => s.id)
      .attr('transform', (_, i) => `translate(${positions[i]}, 0)`)
      .call((g) => g.select('rect').attr('fill', (s) => s.color))
      .call((g) => g.select('text').text((s) => s.label));
  }

  private placeCursor(): void {
    const [first, last] = this.x.domain();
    const visible = this.year !== null && this.year >= first && this.year <= last;
    this.cursor.attr('display', visible ? null : 'none').attr('data-year', this.year);
    if (visible) this.cursor.attr('x1', this.x(this.year!)).attr('x2', this.x(this.year!));
  }

  /** The plotted year nearest the pointer, or null when nothing is plotted. */
  private yearAt(event: MouseEvent): number | null {
    // The longest series: overlaid runs may differ in length, and every year on the axis can be picked.
    const years = this.series.reduce<readonly number[] | undefined>((longest, s) => (!longest || s.years.length > longest.length ? s.years : longest), undefined);
    if (!years || years.length === 0) return null;
    const [px] = pointer(event, this.overlay.node());
    const target = this.x.invert(px);
    let best = years[0];
    for (const year of years) if (Math.abs(year - target) < Math.abs(best - target)) best = year;
    return best;
  }

  /** Sets the unit shown above the axis and in the tooltip (a cost chart takes its runs' currency). */
  setUnit(unit: string): void {
    if (unit === this.definition.unit) return;
    this.definition = { ...this.definition, unit };
    this.unitLabel.text(unit);
    this.svg.setAttribute('aria-label', chartHeading(this.definition));
  }

  private hover(event: PointerEvent): void {
    const year = this.yearAt(event);
    if (year === null) return this.hideHover();
    const px = this.x(year);
    this.hoverLine.attr('display', null).attr('x1', px).attr('x2', px);

    const { format, unit } = this.definition;
    const suffix = unit ? ` ${unit}` : '';
    this.tooltip.replaceChildren();
    this.tooltip.dataset.year = String(year);
    const heading = document.createElement('div');
    heading.className = 'chart-tooltip-year';
    heading.textContent = `Year ${year}`;
    this.tooltip.append(heading);
    for (const s of this.series) {
      const i = s.years.indexOf(year);
      const row = document.createElement('div');
      row.className = 'chart-tooltip-row';
      row.dataset.series = s.id;
      const swatch = document.createElement('span');
      swatch.className = 'chart-tooltip-swatch';
      swatch.style.background = s.color;
      const text = document.createElement('span');
      text.textContent = i < 0
        ? `${s.label}: –`
        : `${s.label}: ${format(s.p50[i])}${suffix} (p5–p95 ${format(s.p5[i])}–${format(s.p95[i])})`;
      row.append(swatch, text);
      this.tooltip.append(row);
    }
    this.tooltip.hidden = false;

    // Keep the tooltip inside the card: flip to the left of the pointer past the middle.
    const [cx, cy] = pointer(event, this.element);
    const flip = cx > this.width / 2;
    this.tooltip.style.left = flip ? '' : `${cx + 12}px`;
    this.tooltip.style.right = flip ? `${this.element.clientWidth - cx + 12}px` : '';
    this.tooltip.style.top = `${Math.max(0, cy - 10)}px`;
  }

  private hideHover(): void {
    this.hoverLine.attr('display', 'none');
    this.tooltip.hidden = true;
  }
}

/** The chart's title with its unit, for screen readers. */
function chartHeading(chart: PlotDefinition): string {
  return chart.unit ? `${chart.title} (${chart.unit})` : chart.title;
}

