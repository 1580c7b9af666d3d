/**
 * Where each part of the page lives in index.html: the elements each part of the page is given,
 * found by id (or, for a group of buttons, by selector) when that part is made.
 */
import type { ViewpointElements } from './viewpointsController.js';
import type { SceneLayer } from '../scene/sceneView.js';
import type { CarbonInputElements } from './carbonInputs.js';
import type { CompareElements } from './compareController.js';
import type { ButtonMenuItem } from './desktopCommands.js';
import type { EditorElements } from './editorController.js';
import type { ExportElements } from './exportController.js';
import type { ForecastResultsElements } from './forecastResults.js';
import type { GisElements } from './gisController.js';
import type { MapControlElements, MapElements } from './mapView.js';
import type { MonitoringElements } from './monitoringController.js';
import type { OptimiseElements } from './optimiseController.js';
import type { RunsViewElements } from './runsView.js';
import type { ScenarioPickerElements } from './scenarioPickers.js';
import type { StrategiesElements } from './strategiesController.js';
import type { SweepElements } from './sweepController.js';
import type { SweepDesignElements } from './sweepDesigner.js';

export const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export const mapElements = (): MapElements => ({
  canvas: byId('view'),
  northArrow: byId('north-arrow'),
  scale: byId('map-scale'),
  legend: byId('legend'),
  cursorReadout: byId('cursor-readout'),
  labels: byId('map-labels'),
});

/** The layers' check boxes, in the page's order. */
const LAYERS: SceneLayer[] = ['trees', 'fences', 'zones', 'herbivores', 'heatmap', 'plots'];

export const mapControlElements = (): MapControlElements => ({
  shading: byId('shading'),
  home: byId('home-view'),
  layers: LAYERS.map((layer) => [layer, byId<HTMLInputElement>(`layer-${layer}`)]),
  mapMode: byId('map-mode'),
});

export const viewpointElements = (): ViewpointElements => ({
  select: byId('viewpoint-select'),
  name: byId('viewpoint-name'),
  save: byId('viewpoint-save'),
  remove: byId('viewpoint-remove'),
  mapMode: byId('map-mode'),
});

export const strategiesElements = (): StrategiesElements => ({
  input: byId('strategies'),
  zone: byId('strategies-zone'),
  run: byId('strategies-run'),
  report: byId('export-report'),
  cancel: byId('strategies-cancel'),
  status: byId('strategies-status'),
  reportStatus: byId('report-status'),
  area: byId('strategies-area'),
  table: byId('strategies-table'),
  chart: byId('strategies-chart'),
  exportCsv: byId('strategies-export'),
});

export const optimiseElements = (): OptimiseElements => ({
  zones: byId('optimise-zones'),
  together: byId('optimise-fence-together'),
  lineFence: byId('optimise-line-fence'),
  lineMove: byId('optimise-line-move'),
  heights: byId('optimise-heights'),
  densityMin: byId('optimise-density-min'),
  densityMax: byId('optimise-density-max'),
  cull: byId('optimise-cull'),
  cullTargets: byId('optimise-cull-targets'),
  metric: byId('optimise-metric'),
  year: byId('optimise-year'),
  quantile: byId('optimise-quantile'),
  budget: byId('optimise-budget'),
  cap: byId('optimise-cap'),
  population: byId('optimise-population'),
  generations: byId('optimise-generations'),
  replicates: byId('optimise-replicates'),
  run: byId('optimise-run'),
  cancel: byId('optimise-cancel'),
  status: byId('optimise-status'),
  area: byId('optimise-area'),
  chart: byId('optimise-chart'),
  front: byId('optimise-front'),
  changes: byId('optimise-changes'),
  exportCsv: byId('optimise-export'),
});

export const editorElements = (): EditorElements => ({
  modeButtons: [...document.querySelectorAll<HTMLButtonElement>('.editor-modes button')],
  undo: byId('undo'),
  redo: byId('redo'),
  deleteButton: byId('delete-shape'),
  readout: byId('sketch-readout'),
  properties: byId('properties'),
  herbivores: byId('herbivores'),
  addHerbivores: byId('add-herbivores'),
  checks: byId('plan-checks'),
  bill: byId('bill'),
});

export const runsViewElements = (): RunsViewElements => ({
  run: byId('run'),
  preview: byId('preview'),
  cancel: byId('cancel'),
  viewRun: byId('view-run'),
  siteInfo: byId('site-info'),
  problems: byId('problems'),
  charts: {
    zone: byId('zone-select'),
    compareSummary: byId('compare-summary'),
    unitsSummary: byId('units-summary'),
    compareExport: byId('compare-export'),
    exportRun: byId('export-run'),
    structure: { area: byId('structure-area'), field: byId('structure-field'), kind: byId('structure-kind'), species: byId('structure-species'), classes: byId('structure-classes') },
  },
});

export const carbonInputElements = (): CarbonInputElements => ({
  baseline: byId('carbon-baseline'),
  vegetation: byId('carbon-vegetation'),
  soil: byId('carbon-soil'),
  buffer: byId('carbon-buffer'),
});

export const scenarioPickerElements = (): ScenarioPickerElements => ({
  examples: byId('scenario-select'),
  files: byId('scenario-file'),
  folder: byId('scenario-folder'),
  folderScenario: byId('folder-scenario'),
  dem: byId('dem-file'),
  problems: byId('problems'),
});

export const compareElements = (): CompareElements => ({
  choice: byId('compare-select'),
  run: byId('compare-run'),
  baselineName: byId('baseline-name'),
  pin: byId('baseline-pin'),
  baselineState: byId('baseline-state'),
  layout: byId('compare-layout'),
  zone: byId('zone-select'),
  problems: byId('problems'),
});

export const sweepElements = (): SweepElements => ({
  folder: byId('sweep-folder'),
  status: byId('sweep-status'),
  zone: byId('sweep-zone'),
  metric: byId('sweep-metric'),
  year: byId('sweep-year'),
  x: byId('sweep-x'),
  y: byId('sweep-y'),
  area: byId('sweep-area'),
  maps: byId('sweep-maps'),
  exportCsv: byId('sweep-export'),
});

export const sweepDesignElements = (): SweepDesignElements => ({
  variables: [1, 2, 3].map((i) => byId<HTMLSelectElement>(`sweep-var-${i}`)),
  values: [1, 2, 3].map((i) => byId<HTMLInputElement>(`sweep-values-${i}`)),
  replicates: byId('sweep-replicates'),
  count: byId('sweep-count'),
  run: byId('sweep-run'),
  cancel: byId('sweep-cancel'),
  save: byId('sweep-save'),
  status: byId('sweep-run-status'),
});

export const gisElements = (): GisElements => ({
  input: byId('import-gis'),
  notes: byId('import-notes'),
  exports: { geojson: byId('export-plan-geojson'), gpkg: byId('export-plan-gpkg') },
  problems: byId('problems'),
});

export const monitoringElements = (): MonitoringElements => ({
  files: byId('survey-files'),
  folder: byId('survey-folder'),
  summary: byId('survey-summary'),
  particles: byId('forecast-particles'),
  actions: byId('forecast-actions'),
  run: byId('forecast-run'),
  cancel: byId('forecast-cancel'),
  status: byId('forecast-status'),
  problems: byId('problems'),
});

export const forecastResultsElements = (): ForecastResultsElements => ({
  area: byId('monitoring-area'),
  heading: byId('forecast-heading'),
  zone: byId('forecast-zone'),
  quantities: byId('forecast-quantities'),
  figures: byId('forecast-figures'),
  decisions: byId('forecast-decisions'),
  charts: byId('forecast-charts'),
  caption: byId('forecast-caption'),
  save: byId('forecast-save'),
});

export const exportElements = (): ExportElements => ({
  run: byId('export-run'),
  runFiles: [...document.querySelectorAll<HTMLButtonElement>('[data-export]')],
  compareSummary: byId('compare-summary'),
  compareExport: byId('compare-export'),
  viewPng: byId('export-view-png'),
  problems: byId('problems'),
});

/** The page's own button for each desktop menu item it carries out by pressing it. */
const MENU_BUTTONS: Record<ButtonMenuItem, string> = {
  undo: 'undo',
  redo: 'redo',
  'reset-view': 'home-view',
  'export-results': 'export-out',
  'export-summary': 'export-summary',
  'export-trees': 'export-trees',
  'export-geojson': 'export-geojson',
  'export-plan-geojson': 'export-plan-geojson',
  'export-plan-gpkg': 'export-plan-gpkg',
  'export-view-png': 'export-view-png',
};

export const menuButtons = (): Record<ButtonMenuItem, HTMLElement> =>
  Object.fromEntries(Object.entries(MENU_BUTTONS).map(([item, id]) => [item, byId(id)])) as Record<ButtonMenuItem, HTMLElement>;
