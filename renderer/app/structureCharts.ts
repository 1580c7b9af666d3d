import { schemeTableau10 } from 'd3';
import type { SizeClassKind, SpeciesField } from '../../sim/shared/structure.js';
import { SPECIES_FIELDS, SPECIES_FIELD_LABELS } from '../../sim/shared/structure.js';
import { MetricChart, type YearListener } from '../charts/metricChart.js';
import { classBars, renderClassChart, speciesPlot, speciesSeries } from '../charts/structureView.js';
import type { ChartedRun } from './runCharts.js';

export interface StructureElements {
  /** The block holding both charts; hidden while no run with a structure is held. */
  area: HTMLElement;
  /** Which figure the species chart shows. */
  field: HTMLSelectElement;
  /** Height or diameter classes. */
  kind: HTMLSelectElement;
  species: HTMLElement;
  classes: HTMLElement;
}

/**
 * The stand's structure of the plan's run (A) for the zone the charts show: each species' figure over
 * the years, and the stems in each height or diameter class in the timeline's year. Clicking the
 * species chart picks a year, as the other charts do.
 */
export class StructureCharts {
  private chart: MetricChart | null = null;
  private run: ChartedRun | null = null;
  private zone = 0;
  private year = 0;

  constructor(
    private readonly elements: StructureElements,
    private readonly onYearSelected: YearListener,
  ) {
    elements.field.replaceChildren(...SPECIES_FIELDS.map((f) => new Option(`${SPECIES_FIELD_LABELS[f].name}, ${SPECIES_FIELD_LABELS[f].unit}`, f)));
    elements.kind.replaceChildren(new Option('Height classes', 'height'), new Option('Diameter classes', 'diameter'));
    elements.field.addEventListener('change', () => this.drawSpecies());
    elements.kind.addEventListener('change', () => this.drawClasses());
  }

  /** Shows a run's structure for one zone (0 the whole site) at a year; hides the charts when the run recorded none. */
  show(run: ChartedRun | null, zone: number, year: number): void {
    this.run = run?.result?.structure && zone >= 0 ? run : null;
    this.zone = zone;
    this.year = year;
    this.elements.area.hidden = this.run === null;
    this.drawSpecies();
    this.drawClasses();
  }

  /** Moves the species chart's cursor and draws the classes of the year. */
  setYear(year: number): void {
    this.year = year;
    this.chart?.setYear(year);
    this.drawClasses();
  }

  private drawSpecies(): void {
    const result = this.run?.result;
    if (!result) {
      this.chart?.destroy();
      this.chart = null;
      return;
    }
    const field = this.elements.field.value as SpeciesField;
    const definition = speciesPlot(field);
    if (!this.chart || this.chart.definition.id !== definition.id) {
      this.chart?.destroy();
      this.chart = new MetricChart(this.elements.species, { chart: definition });
      this.chart.onYearSelected((y) => this.onYearSelected(y));
    }
    const ids = result.structure!.speciesIds;
    this.chart.setSeries(speciesSeries(result, this.zone, field, (id) => schemeTableau10[ids.indexOf(id) % schemeTableau10.length]));
    this.chart.setYear(this.year);
  }

  private drawClasses(): void {
    const result = this.run?.result;
    if (!result) {
      this.elements.classes.replaceChildren();
      return;
    }
    const kind = this.elements.kind.value as SizeClassKind;
    const year = Math.min(this.year, result.years);
    renderClassChart(this.elements.classes, classBars(result, this.zone, year, kind), { kind, year });
  }
}
