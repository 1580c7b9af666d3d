import type { ExportKind, HostApi } from '../../sim/hostApi/api.js';
import { chartToPng, chartToSvg } from '../charts/chartExport.js';
import { compareTableCsv } from '../charts/compareTable.js';
import type { MetricChart } from '../charts/metricChart.js';
import { showProblems } from '../panels/problemsView.js';
import type { ProgressView } from '../panels/progressView.js';
import type { MapView } from './mapView.js';
import type { RunView } from './runController.js';
import type { RunSlots } from './runCharts.js';
import { legendEntries, viewPng } from './viewExport.js';

/** A scenario's name as the start of a file name: letters, digits and dashes. */
export function fileStem(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'reforest';
}

export interface ExportElements {
  /** Which run's files the result buttons write: A or B. */
  run: HTMLSelectElement;
  /** One button per file of a run (results, summary, trees, GeoJSON), named by `data-export`. */
  runFiles: HTMLButtonElement[];
  /** The comparison table's box, and the button that saves the table. */
  compareSummary: HTMLElement;
  compareExport: HTMLElement;
  viewPng: HTMLElement;
  problems: HTMLElement;
}

export interface ExportOptions {
  host: HostApi;
  elements: ExportElements;
  runs: RunSlots;
  map: MapView;
  progress: ProgressView;
  /** The run the map shows; null while it shows the plan being edited. */
  shown(): RunView | null;
  /** The year the timeline shows. */
  year(): number;
  /** The zone the charts show, as a caption names it. */
  zoneCaption(): string;
}

/**
 * Exports of what the page shows: a run's files (the same bytes as `reforest run` writes; B's carry
 * its scenario's name so A's and B's never overwrite each other), the comparison as CSV, the 3D view
 * as a PNG and any chart as SVG or PNG. Each figure is named after the scenario and captioned with
 * what it shows, so it stands on its own in a report.
 */
export class ExportController {
  constructor(private readonly options: ExportOptions) {
    const { elements: el, host, runs, map, progress } = options;
    el.viewPng.addEventListener('click', async () => {
      map.forest.render();
      const shown = options.shown();
      const site = shown?.site ?? map.siteShown;
      const caption = `${site?.name ?? 'Reforest'}${shown ? `, scenario ${shown.key.toUpperCase()}` : ''}; year ${options.year()}; ground shaded by ${map.shading}`;
      const png = await viewPng(map.canvas, caption, site ? legendEntries(site) : []);
      if (png) await host.saveFile(`${fileStem(site?.name ?? 'reforest')}-view-year-${options.year()}.png`, 'image/png', png);
    });
    for (const button of el.runFiles) {
      button.addEventListener('click', async () => {
        const key = el.run.value === 'b' ? 'b' : 'a';
        const run = runs[key];
        if (!run || run.status !== 'completed') {
          progress.message(`Export needs a finished run of scenario ${key.toUpperCase()}.`);
          return;
        }
        try {
          await host.exportResults(run.runId, button.dataset.export as ExportKind, key === 'b' ? run.site.name : undefined);
        } catch (err) {
          showProblems(el.problems, 'Export failed', [{ message: (err as Error).message }]);
        }
      });
    }
    el.compareExport.addEventListener('click', () => {
      const table = el.compareSummary.querySelector<HTMLTableElement>('table');
      const a = runs.a;
      const b = runs.b;
      if (!table || !a || !b) return;
      void host.saveFile(`${fileStem(a.site.name)}-vs-${fileStem(b.site.name)}-comparison.csv`, 'text/csv', compareTableCsv(table));
    });
  }

  /** Saves a chart as SVG or PNG, captioned with the scenario, the run compared, the zone and the year. */
  saveChart(chart: MetricChart, format: 'svg' | 'png'): void {
    const { host, runs } = this.options;
    const scenario = runs.a?.site.name ?? 'reforest';
    const against = runs.b?.result ? ` against ${runs.b.label}` : '';
    const caption = `${scenario}${against}; ${this.options.zoneCaption()}; year ${this.options.year()} marked; median, p5–p95 band across replicates`;
    const name = `${fileStem(scenario)}-${chart.definition.id}`;
    if (format === 'svg') void host.saveFile(`${name}.svg`, 'image/svg+xml', chartToSvg(chart, caption));
    else void chartToPng(chart, caption).then((png) => host.saveFile(`${name}.png`, 'image/png', png));
  }
}
