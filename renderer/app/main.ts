import type { HostApi } from '../../sim/hostApi/api.js';
import { ChartPanel } from '../charts/chartPanel.js';
import { CarbonInputs } from './carbonInputs.js';
import { connectHost } from '../connection/connect.js';
import { ProgressView } from '../panels/progressView.js';
import { Timeline } from '../panels/timeline.js';
import { CompareController } from './compareController.js';
import { DesktopCommands } from './desktopCommands.js';
import { EditorController } from './editorController.js';
import { ExportController } from './exportController.js';
import { ForecastResultsView } from './forecastResults.js';
import { GisController } from './gisController.js';
import { InspectController } from './inspectController.js';
import { MapView } from './mapView.js';
import { MonitoringController } from './monitoringController.js';
import { OptimiseController } from './optimiseController.js';
import * as page from './pageElements.js';
import { publishPageState } from './pageState.js';
import { PlanFile } from './planFile.js';
import { PlanOpener } from './planOpener.js';
import { RunSettings } from './runSettings.js';
import { RunsView } from './runsView.js';
import { pageResultsTabs } from './resultsTabs.js';
import { ScenarioPickers } from './scenarioPickers.js';
import { SearchedPlan } from './searchedPlan.js';
import { Sites } from './sites.js';
import { StrategiesController } from './strategiesController.js';
import { SweepController } from './sweepController.js';
import { ViewpointsController } from './viewpointsController.js';
import { SweepDesigner } from './sweepDesigner.js';
import { SurveyPlots } from './surveyPlots.js';

/**
 * The page, made part by part in the order each can work: the 3D view, the timeline and the charts at
 * once; the studies of the plan (strategies, the search) once the host answers; the editor and the
 * runs once it has sent the library; the pickers, the comparison, inspecting, exports and the
 * desktop app's commands once it has listed the examples. Then the default example opens, running.
 * Each part is given what it works with here; none finds another by itself.
 */
async function start(): Promise<void> {
  const { byId } = page;
  const map = new MapView(page.mapElements());
  const progress = new ProgressView(byId('progress'), byId('progress-text'));
  const timeline = new Timeline(byId('year'), byId('year-label'), byId('play'), byId('speed'));
  // A chart's export buttons do nothing until the exports are ready.
  let exports: ExportController | null = null;
  const charts = new ChartPanel(byId('charts'), { onExport: (chart, format) => exports?.saveChart(chart, format) });
  pageResultsTabs(byId);
  const state = publishPageState(map.forest);
  map.startRendering((ms) => (state.firstFrameMs = ms));

  let host: HostApi;
  try {
    host = await connectHost();
  } catch (err) {
    state.status = 'error';
    progress.message((err as Error).message);
    return;
  }
  performance.mark('reforest:host-connected');

  // The studies of the plan; the plan is the editor's, made below once the library has come.
  const sites = new Sites(host);
  const settings = new RunSettings({ seed: byId('seed'), replicates: byId('replicates') });
  const strategies = new StrategiesController({
    host,
    elements: page.strategiesElements(),
    plan: () => editor.current,
    settings: (plan) => settings.of(plan),
  });
  const optimise = new OptimiseController({
    host,
    elements: page.optimiseElements(),
    plan: () => editor.current,
    openPlan: (plan) => searched.open(plan),
    showChanges: (changed, removed) => editor.editor.setChanges(changed, removed),
  });

  // The plan being edited, and its runs.
  const library = await host.library();
  const editor = new EditorController({
    host,
    scene: map.forest,
    canvas: map.canvas,
    library,
    elements: page.editorElements(),
    onChecked: (plan) => {
      runs.enableRun(plan);
      if (!plan) return;
      strategies.planChanged(plan.text);
      optimise.planChanged(plan.text);
      sweepDesign.planChanged(plan.text);
      monitoring.planChanged(plan);
      runs.showPlan(plan);
      state.editedPlanChecks++;
      performance.mark('reforest:plan-checked');
    },
  });
  const searched = new SearchedPlan({ document: editor.document, editor: editor.editor });
  settings.follow(editor.document);
  new CarbonInputs(page.carbonInputElements()).follow(editor.document);
  const runs = new RunsView({ host, elements: page.runsViewElements(), map, timeline, progress, panel: charts, settings, state, editor });
  // The monitoring loop: a field survey on the map, and the plan's forecast conditioned on it.
  const surveyPlots = new SurveyPlots({ map, speciesName: (id) => library.species.find((s) => s.id === id)?.name ?? id });
  const monitoring = new MonitoringController({
    host,
    elements: page.monitoringElements(),
    plan: () => editor.current,
    settings: (plan) => settings.of(plan),
    runA: () => (runs.runs.a?.status === 'completed' ? runs.runs.a.result : null),
    plots: surveyPlots,
    results: new ForecastResultsView({ host, elements: page.forecastResultsElements() }),
  });
  runs.onSlots(() => monitoring.runsChanged());
  const opener = new PlanOpener({
    sites,
    editor,
    runs,
    map,
    settings,
    progress,
    elements: { problems: byId('problems'), siteInfo: byId('site-info') },
    planChanged: (text) => {
      strategies.planChanged(text);
      optimise.planChanged(text);
      sweepDesign.planChanged(text);
    },
  });

  // Opening plans, files in and out, comparing, inspecting and the desktop app's commands.
  const examples = await host.listExamples();
  const pickers = new ScenarioPickers({ host, elements: page.scenarioPickerElements(), examples, sites, opener, progress });
  const sweeps = new SweepController({ host, elements: page.sweepElements(), libraryCurrency: library.costs.currency, openVariant: (file, picked) => pickers.openPickedScenario(file, picked) });
  const sweepDesign = new SweepDesigner({ host, elements: page.sweepDesignElements(), plan: () => editor.current, document: editor.document, results: sweeps });
  const planFile = new PlanFile({ host, save: byId('save-scenario'), editor });
  const gis = new GisController({ host, elements: page.gisElements(), editor });
  runs.bindControls();
  const compare = new CompareController({ elements: page.compareElements(), examples, sites, runs, panel: charts, plan: () => editor.current });
  runs.onSlots(() => compare.runsChanged());
  const inspect = new InspectController({
    box: byId('inspect'),
    canvas: map.canvas,
    scene: map.forest,
    labels: map.labels,
    shown: () => runs.shown,
    planOverRun: () => runs.planOverRun,
    year: () => timeline.current,
    navigating: () => editor.editor.mode === 'navigate',
    plots: surveyPlots,
  });
  timeline.onChange((year, fraction) => {
    map.forest.showYear(year, fraction);
    inspect.yearChanged();
    charts.setYear(year);
    runs.charts.yearChanged(year);
    state.year = year;
  });
  charts.onYearSelected((year) => timeline.setYear(year, { fromUser: true }));
  map.bindControls(page.mapControlElements());
  new ViewpointsController({ elements: page.viewpointElements(), scene: map.forest, document: editor.document });
  exports = new ExportController({
    host,
    elements: page.exportElements(),
    runs: runs.runs,
    map,
    progress,
    shown: () => runs.shown,
    year: () => timeline.current,
    zoneCaption: () => runs.charts.zoneCaption(),
  });
  const desktop = new DesktopCommands({ host, sites, opener, gis, planFile, menuButtons: page.menuButtons(), problems: byId('problems') });

  // Unless the desktop app was launched with a scenario of its own, which is opening already.
  await pickers.openDefault(desktop.openedByCommand);
  runs.publish();
}

void start();
