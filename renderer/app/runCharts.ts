import { schemeTableau10 } from 'd3';
import type { ChartPanel, PanelRun } from '../charts/chartPanel.js';
import { renderCompareTable } from '../charts/compareTable.js';
import { renderUnitsTable } from '../charts/unitsTable.js';
import type { RunView } from './runController.js';
import { StructureCharts, type StructureElements } from './structureCharts.js';

/** The zone choice that charts every zone of a run as its own series. */
export const EVERY_ZONE = '*';
/**
 * Zone series colours: A's zones from one set of hues, B's from another, so "A: unfenced" and
 * "B: unfenced" never look alike (Tableau 10, split in two).
 */
const ZONE_SERIES_COLOURS: Record<'a' | 'b', readonly string[]> = {
  // blue, orange, green, red, brown against yellow, teal, pink, grey, purple: each zone's pair far apart.
  a: [0, 1, 4, 2, 8].map((i) => schemeTableau10[i]),
  b: [5, 3, 7, 9, 6].map((i) => schemeTableau10[i]),
};

/** What the charts need of a run. */
export type ChartedRun = Pick<RunView, 'key' | 'label' | 'color' | 'site' | 'result'>;

/** The runs the page holds: A (the plan) and B (what it is compared with), A first in `views`. */
export interface RunSlots {
  readonly a: RunView | null;
  readonly b: RunView | null;
  views(): RunView[];
}

/** A run's index of the zone chosen by name ('' is the whole site, 0); −1 when it has no such zone. */
export function zoneIndexIn(view: Pick<RunView, 'site'>, name: string): number {
  return name === '' ? 0 : (view.site.zones.find((z) => z.name === name)?.zoneIndex ?? -1);
}

/** Zones the charts can show: A's, or with B present only the names both share, matched by name. */
export function chartZoneNames(a: Pick<RunView, 'site'> | null, b: Pick<RunView, 'site'> | null): string[] {
  return (a?.site.zones ?? []).map((z) => z.name).filter((name) => !b || zoneIndexIn(b, name) >= 0);
}

/**
 * The series the charts draw for a zone choice ('' the whole site, a zone's name, or EVERY_ZONE):
 * one per finished run, or with every zone one per zone of each finished run that every run held
 * has (fenced against unfenced is the point of the default scenario), A's zones coloured first.
 */
export function chartRuns(views: readonly ChartedRun[], zone: string): PanelRun[] {
  const every = zone === EVERY_ZONE;
  const name = every ? '' : zone;
  const finished = views.filter((r) => r.result != null);
  if (!every) return finished.map((r) => ({ id: r.key, label: r.label, color: r.color, result: r.result!, zone: zoneIndexIn(r, name) }));
  return finished.flatMap((r) =>
    r.site.zones
      .filter((z) => views.every((other) => zoneIndexIn(other, z.name) >= 0))
      .map((z, k) => ({
        id: `${r.key}-${z.zoneIndex}`,
        label: `${r.label}: ${z.name}`,
        color: ZONE_SERIES_COLOURS[r.key][k % ZONE_SERIES_COLOURS[r.key].length],
        result: r.result!,
        zone: z.zoneIndex,
      })),
  );
}

export interface RunChartsElements {
  /** The zone the charts and the comparison show. */
  zone: HTMLSelectElement;
  /** The table of A against B, once both have results. */
  compareSummary: HTMLElement;
  /** A's carbon units by vintage, once it has results. */
  unitsSummary: HTMLElement;
  /** Saves that table; shown with it. */
  compareExport: HTMLElement;
  /** Which run's files Export writes: one option per run held. */
  exportRun: HTMLSelectElement;
  /** A's stand structure: species and size classes. */
  structure: StructureElements;
}

export interface RunChartsOptions {
  elements: RunChartsElements;
  panel: ChartPanel;
  runs: RunSlots;
  /** The year the timeline shows, which the charts mark. */
  year(): number;
  /** Moves the timeline to a year picked on a chart. */
  selectYear(year: number): void;
  /** The text of the plan being edited, or null: A's label says when A ran another plan. */
  planText?(): string | null;
}

/**
 * The charts of the runs' results, the table comparing A with B and the choice of run to export, all
 * for the zone chosen. A zone is compared by name, so A and B need not number their zones alike; the
 * layout setting overlays the runs or gives each its own column.
 */
export class RunCharts {
  private readonly structure: StructureCharts;

  constructor(private readonly options: RunChartsOptions) {
    this.structure = new StructureCharts(options.elements.structure, (year) => options.selectYear(year));
  }

  /** Follows the timeline: the structure's classes are those of the year shown. */
  yearChanged(year: number): void {
    this.structure.setYear(year);
  }

  /** Offers the zones the runs held share, keeping the choice where it still applies. */
  fillZones(): void {
    const { zone } = this.options.elements;
    const { runs } = this.options;
    const chosen = zone.value;
    const names = chartZoneNames(runs.a, runs.b);
    const options = [new Option('Whole site', ''), ...names.map((name) => new Option(name, name))];
    if (names.length > 1) options.push(new Option('Every zone', EVERY_ZONE));
    zone.replaceChildren(...options);
    zone.value = names.includes(chosen) || (chosen === EVERY_ZONE && names.length > 1) ? chosen : '';
  }

  /** Draws the charts, the comparison and the export choice for the runs held now. */
  refresh(): void {
    const el = this.options.elements;
    const { runs, panel } = this.options;
    panel.setRuns(chartRuns(runs.views(), el.zone.value));
    panel.setYear(this.options.year());
    const a = runs.a?.result ? runs.a : null;
    this.structure.show(a, a ? zoneIndexIn(a, el.zone.value === EVERY_ZONE ? '' : el.zone.value) : 0, this.options.year());
    this.refreshComparison();
    el.compareExport.hidden = !(runs.a?.result && runs.b?.result);
    const wanted = el.exportRun.value;
    el.exportRun.replaceChildren(...runs.views().map((r) => new Option(`${r.key.toUpperCase()}: ${r.site.name}`, r.key)));
    el.exportRun.value = runs.views().some((r) => r.key === wanted) ? wanted : 'a';
  }

  /** The table of A against B for the zone chosen, with A's label saying when the plan was edited since A ran, and A's carbon units. */
  refreshComparison(): void {
    const el = this.options.elements;
    const { runs } = this.options;
    const name = el.zone.value === EVERY_ZONE ? '' : el.zone.value;
    const a = runs.a;
    const b = runs.b;
    if (a?.result && b?.result) {
      const edited = this.options.planText?.() ?? null;
      renderCompareTable(el.compareSummary, {
        a: a.result,
        b: b.result,
        zones: { a: zoneIndexIn(a, name), b: zoneIndexIn(b, name) },
        labels: { a: edited !== null && edited !== a.text ? `${a.label} (the plan has been edited since)` : a.label, b: b.label },
        zoneName: name === '' ? 'all (whole site)' : name,
      });
    } else el.compareSummary.replaceChildren();
    if (a?.result) renderUnitsTable(el.unitsSummary, { result: a.result, rules: a.site.carbonUnits, lookup: a.site.wccLookup, zone: zoneIndexIn(a, name), zoneName: name === '' ? 'all (whole site)' : name, label: a.label });
    else el.unitsSummary.replaceChildren();
  }

  /** The zone the charts show, as a figure's caption names it. */
  zoneCaption(): string {
    const { value } = this.options.elements.zone;
    return value === EVERY_ZONE ? 'every zone' : value === '' ? 'whole site' : `zone ${value}`;
  }
}
