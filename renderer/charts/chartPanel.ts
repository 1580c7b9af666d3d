/**
 * All charts of a run, or of two runs being compared, in a grid. Overlay draws both runs in each chart;
 * side by side gives each run its own column, with every row sharing one y scale so heights compare.
 */
import type { RunResult } from '../../sim/shared/runResult.js';
import { CHARTS, chartSeries, seriesExtent, type ChartDefinition, type ChartId } from './chartSeries.js';
import { MetricChart, type PlottedSeries, type YearListener } from './metricChart.js';

export interface PanelRun {
  /** Stable id, used as `data-series` in the charts and `data-run` on side-by-side charts. */
  id: string;
  label: string;
  /** Any CSS colour SVG accepts. */
  color: string;
  result: RunResult;
  /** This run's index of the zone shown, when runs number their zones differently (compare by name). */
  zone?: number;
}

export type PanelLayout = 'overlay' | 'side-by-side';

export interface ChartPanelOptions {
  /** Which charts, in order; all of CHARTS by default. */
  charts?: readonly ChartDefinition[];
  layout?: PanelLayout;
  /** Height of each chart in px; MetricChart's default otherwise. */
  chartHeight?: number;
  /** When given, each chart gets SVG and PNG buttons that call this. */
  onExport?: (chart: MetricChart, format: 'svg' | 'png') => void;
}

/** One chart in the grid and the runs it draws. */
interface Cell {
  chart: MetricChart;
  runs: readonly PanelRun[];
}

export class ChartPanel {
  /** `div.chart-panel` with `data-layout`, inside the container. */
  readonly element: HTMLDivElement;

  private readonly definitions: readonly ChartDefinition[];
  private readonly chartHeight: number | undefined;
  private readonly onExport: ChartPanelOptions['onExport'];
  private readonly listeners = new Set<YearListener>();
  private layout: PanelLayout;
  private runs: readonly PanelRun[] = [];
  private zone = 0;
  private year: number | null = null;
  private cells: Cell[] = [];
  /** Which runs each column holds, as last built; a change rebuilds the grid. */
  private builtFor = '';

  constructor(container: HTMLElement, options: ChartPanelOptions = {}) {
    this.definitions = options.charts ?? CHARTS;
    this.layout = options.layout ?? 'overlay';
    this.chartHeight = options.chartHeight;
    this.onExport = options.onExport;
    this.element = document.createElement('div');
    this.element.className = 'chart-panel';
    container.append(this.element);
    this.update();
  }

  /** Shows these runs (one, or two to compare); an empty list leaves empty axes. */
  setRuns(runs: readonly PanelRun[]): void {
    this.runs = runs;
    this.update();
  }

  /** 0 is the whole site, z + 1 planting zone z; the zone must exist in every run (RangeError otherwise). */
  setZone(zone: number): void {
    this.zone = zone;
    this.update();
  }

  setLayout(layout: PanelLayout): void {
    this.layout = layout;
    this.update();
  }

  /** Moves every chart's year cursor; null hides them. */
  setYear(year: number | null): void {
    this.year = year;
    for (const { chart } of this.cells) chart.setYear(year);
  }

  /** Calls `listener` with the year picked by clicking any chart; returns the unsubscribe. */
  onYearSelected(listener: YearListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every chart in grid order (row by row), e.g. to export them all. */
  charts(): MetricChart[] {
    return this.cells.map((cell) => cell.chart);
  }

  /** The chart with this id; in side-by-side layout, `runId` says which column (the first otherwise). */
  chart(id: ChartId, runId?: string): MetricChart | undefined {
    return this.cells.find((c) => c.chart.definition.id === id && (runId === undefined || c.runs.some((r) => r.id === runId)))
      ?.chart;
  }

  destroy(): void {
    for (const { chart } of this.cells) chart.destroy();
    this.cells = [];
    this.listeners.clear();
    this.element.remove();
  }

  private update(): void {
    const columns = this.layout === 'side-by-side' && this.runs.length > 1 ? this.runs.map((r) => [r]) : [this.runs];
    const shape = `${this.layout}|${columns.map((col) => col.map((r) => r.id).join('+')).join('|')}`;
    if (shape !== this.builtFor) this.build(columns, shape);
    else this.cells = this.cells.map((cell, i) => ({ chart: cell.chart, runs: columns[i % columns.length] }));

    const perRow = columns.length;
    for (let row = 0; row < this.definitions.length; row++) {
      const def = this.definitions[row];
      const rowCells = this.cells.slice(row * perRow, (row + 1) * perRow);
      const plotted = rowCells.map(({ runs }) => runs.map((run): PlottedSeries => ({
        id: run.id,
        label: run.label,
        color: run.color,
        ...chartSeries(run.result, { zone: run.zone ?? this.zone, metric: def.metric, scale: def.scale }),
      })));
      // Charts side by side share a scale; a lone chart scales to its own data.
      const shared = perRow > 1 ? seriesExtent(plotted.flat()) : null;
      // Money is in the runs' currency (one currency, or none named when runs differ).
      const currencies = new Set(this.runs.map((r) => r.result.currency));
      const unit = def.metric === 'cost' ? (currencies.size === 1 ? [...currencies][0] : '') : def.unit;
      rowCells.forEach(({ chart }, i) => {
        chart.setUnit(unit);
        chart.setYDomain(shared);
        chart.setSeries(plotted[i]);
      });
    }
  }

  private exportButtons(chart: MetricChart, onExport: NonNullable<ChartPanelOptions['onExport']>): HTMLDivElement {
    const bar = document.createElement('div');
    bar.className = 'chart-export';
    for (const format of ['svg', 'png'] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = format.toUpperCase();
      button.dataset.exportChart = format;
      button.title = `Save "${chart.definition.title}" as ${format.toUpperCase()}`;
      button.addEventListener('click', () => onExport(chart, format));
      bar.append(button);
    }
    return bar;
  }

  private build(columns: readonly (readonly PanelRun[])[], shape: string): void {
    for (const { chart } of this.cells) chart.destroy();
    this.cells = [];
    this.element.dataset.layout = this.layout;
    this.element.style.setProperty('--chart-columns', String(columns.length));
    const sideBySide = columns.length > 1;
    for (const def of this.definitions) {
      for (const runs of columns) {
        const chart = new MetricChart(this.element, { chart: def, height: this.chartHeight });
        if (sideBySide) chart.element.dataset.run = runs[0].id;
        if (this.onExport) chart.element.append(this.exportButtons(chart, this.onExport));
        chart.setYear(this.year);
        chart.onYearSelected((year) => {
          for (const listener of this.listeners) listener(year);
        });
        this.cells.push({ chart, runs });
      }
    }
    this.builtFor = shape;
  }
}
