import { Engine } from '@babylonjs/core/Engines/engine.js';
import type { HostApi, MenuItemId, ScenarioProblem, ScenarioSource, SiteView, TerrainView } from '../../sim/host/api.js';
import { ChartPanel } from '../charts/chartPanel.js';
import { chartToPng, chartToSvg } from '../charts/chartExport.js';
import type { MetricChart } from '../charts/metricChart.js';
import { compareTableCsv, renderCompareTable } from '../charts/compareTable.js';
import { connectHost } from '../host/connect.js';
import { inspectFence, inspectTree, inspectZone, siteSummary } from '../panels/inspectPanel.js';
import { centroid, MapLabels } from '../panels/mapLabels.js';
import { MapLegend } from '../panels/mapLegend.js';
import { MapOverlay } from '../panels/mapOverlay.js';
import { showProblems } from '../panels/problemsView.js';
import { ProgressView } from '../panels/progressView.js';
import { Timeline } from '../panels/timeline.js';
import { editRun, importShapes, openPlanOf } from '../editor/commands.js';
import { ForestScene } from '../scene/sceneView.js';
import { isSoftwareRenderer } from '../scene/softwareRenderer.js';
import type { ShadingMode } from '../scene/shadingRamps.js';
import { EditorController, type OpenPlan } from './editorController.js';
import { RunController, type RunView } from './runController.js';
import { OptimiseController } from './optimiseController.js';
import { StrategiesController } from './strategiesController.js';
import { SweepController } from './sweepController.js';
import { legendEntries, viewPng } from './viewExport.js';
import { arrangeScenarioFiles, newSiteFiles, type Placed, uploadPlaced } from './pickedFiles.js';
import { withoutFences } from './scenarioVariants.js';
import { MAX_GIS_BYTES, MAX_SCENARIO_BYTES } from '../../sim/host/webProtocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Where the page is, for people and for automation (the end-to-end tests and the benchmark read it). */
export interface PageState {
  status: 'starting' | 'idle' | 'running' | 'error';
  runs: { key: string; status: string; runId: string; years: number; frames: number; trees: number }[];
  year: number;
  firstFrameMs: number | null;
  /** Edited versions of the plan the host has checked and the map now shows. */
  editedPlanChecks: number;
  stats(): ReturnType<ForestScene['stats']>;
  /** Where a ground point (terrain coordinates) shows on the canvas, in CSS pixels. */
  screenPoint(x: number, y: number): [number, number] | null;
  /** The ground point (terrain coordinates) under a canvas point in CSS pixels, or null off the site. */
  groundPoint(x: number, y: number): [number, number] | null;
}

declare global {
  interface Window {
    reforestPage?: PageState;
  }
}

type Opened = { ok: true; plan: OpenPlan } | { ok: false; problems: ScenarioProblem[] };

/** What of a plan the map draws: two plans with the same key look the same before any run. */
const drawnAs = (site: SiteView) => JSON.stringify([site.zones, site.fences, site.species, site.herbivores]);

/** The page's own button for each desktop menu item it carries out (Save and Save As aside). */
const MENU_BUTTONS: Record<Exclude<MenuItemId, 'save' | 'save-as'>, string> = {
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

/** A scenario's name as the start of a file name: letters, digits and dashes. */
function fileStem(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'reforest';
}

/** The zone choice that charts every zone of a run as its own series. */
const EVERY_ZONE = '*';
/** Colours of the zones' series: A's zones first, B's from the fourth on. */
const ZONE_SERIES_COLOURS = ['#2f6b3b', '#c2410c', '#2563eb', '#7c3aed', '#b45309', '#0f766e'];

async function start(): Promise<void> {
  const canvas = $<HTMLCanvasElement>('view');
  const software = isSoftwareRenderer();
  const engine = new Engine(canvas, !software, { preserveDrawingBuffer: true, stencil: true, antialias: !software });
  const forest = new ForestScene({ engine, canvas });
  const progress = new ProgressView($('progress'), $('progress-text'));
  const timeline = new Timeline($('year'), $('year-label'), $('play'), $('speed'));
  let saveChart: (chart: MetricChart, format: 'svg' | 'png') => void = () => {};
  const charts = new ChartPanel($('charts'), { onExport: (chart, format) => saveChart(chart, format) });
  const problemsBox = $('problems');
  const inspectBox = $('inspect');
  const scenarioSelect = $<HTMLSelectElement>('scenario-select');
  const compareSelect = $<HTMLSelectElement>('compare-select');
  const viewRunSelect = $<HTMLSelectElement>('view-run');
  const zoneSelect = $<HTMLSelectElement>('zone-select');
  const runButton = $<HTMLButtonElement>('run');
  const cancelButton = $<HTMLButtonElement>('cancel');
  const seedInput = $<HTMLInputElement>('seed');
  const replicatesInput = $<HTMLInputElement>('replicates');

  const state: PageState = { status: 'starting', runs: [], year: 0, firstFrameMs: null, editedPlanChecks: 0, stats: () => forest.stats(), screenPoint: (x, y) => forest.screenPoint(x, y), groundPoint: (x, y) => forest.groundPoint(x, y) };
  window.reforestPage = state;
  let firstFrameSeen = false;
  const overlay = new MapOverlay(forest, $('north-arrow'), $('map-scale'));
  const legend = new MapLegend($('legend'), $('cursor-readout'));
  const labels = new MapLabels(forest, $('map-labels'));
  let shading: ShadingMode = 'elevation';
  /** The site and plan the map draws now, which the legend and labels describe. */
  let siteShown: SiteView | null = null;
  /** A run shown whose first frame has not been drawn yet (set by showRun, declared before the render loop starts). */
  let awaitingFrame: RunView | null = null;
  const showSite = (site: SiteView) => {
    forest.setSite(site);
    if (site !== siteShown) {
      siteShown = site;
      legend.show(site, shading);
      labels.setZones(site.zones);
    }
  };
  engine.runRenderLoop(() => {
    if (!forest.renderIfNeeded()) return;
    overlay.update();
    labels.update();
    if (!firstFrameSeen && forest.stats().treeInstances > 0 && forest.scene.isReady()) {
      firstFrameSeen = true;
      // performance.now() counts from the page's navigation start.
      state.firstFrameMs = performance.now();
      performance.mark('reforest:first-trees-drawn');
    }
    // Each run's first drawn frame, for the edit-to-first-frame benchmark.
    if (awaitingFrame && awaitingFrame.frames.lastYear >= 0) {
      awaitingFrame = null;
      performance.mark('reforest:run-frame-drawn');
    }
  });
  window.addEventListener('resize', () => {
    engine.resize();
    forest.render();
  });

  let host: HostApi;
  try {
    host = await connectHost();
  } catch (err) {
    state.status = 'error';
    progress.message((err as Error).message);
    return;
  }

  performance.mark('reforest:host-connected');
  /** Terrain views of the sites opened, by site id: one object per site, so the scene keeps its ground. */
  const terrains = new Map<string, TerrainView>();
  /** Opens a scenario's site (once per terrain) and checks the scenario as a plan on it. */
  const openPlan = async (source: ScenarioSource, text: string): Promise<Opened> => {
    const site = await host.openSite(source, text);
    if (!site.ok) return site;
    if (!terrains.has(site.siteId)) terrains.set(site.siteId, site.terrain);
    return checkOn(site.siteId, source, text);
  };
  /** Checks a plan on a site already open: nothing of the terrain is read or sent again. */
  const checkOn = async (siteId: string, source: ScenarioSource, text: string): Promise<Opened> => {
    const check = await host.checkPlan(siteId, text);
    if (!check.ok) return check;
    return { ok: true, plan: { source, siteId, text, site: { ...check.plan, terrain: terrains.get(siteId)! } } };
  };
  const openExample = async (id: string): Promise<Opened> => {
    const example = await host.readExample(id);
    return example.ok ? openPlan(example.source, example.text) : example;
  };
  let current: OpenPlan | null = null;
  const strategies = new StrategiesController({
    host,
    elements: {
      input: $<HTMLInputElement>('strategies'),
      zone: $<HTMLSelectElement>('strategies-zone'),
      run: $<HTMLButtonElement>('strategies-run'),
      report: $<HTMLButtonElement>('export-report'),
      cancel: $<HTMLButtonElement>('strategies-cancel'),
      status: $('strategies-status'),
      area: $('strategies-area'),
      table: $('strategies-table'),
      chart: $('strategies-chart'),
      exportCsv: $<HTMLButtonElement>('strategies-export'),
    },
    plan: () => editor.current,
    settings: (plan) => ({
      seed: seedInput.value === '' ? plan.site.seed : Number(seedInput.value),
      replicates: replicatesInput.value === '' ? plan.site.replicates : Number(replicatesInput.value),
    }),
  });
  /** The plan of a search's front last opened, as the document holds it: its marks on the map stay while it is unedited. */
  let openedFromSearch: string | null = null;
  const optimise = new OptimiseController({
    host,
    elements: {
      zones: $('optimise-zones'),
      together: $<HTMLInputElement>('optimise-fence-together'),
      lineFence: $<HTMLSelectElement>('optimise-line-fence'),
      lineMove: $<HTMLInputElement>('optimise-line-move'),
      heights: $<HTMLInputElement>('optimise-heights'),
      densityMin: $<HTMLInputElement>('optimise-density-min'),
      densityMax: $<HTMLInputElement>('optimise-density-max'),
      cull: $<HTMLInputElement>('optimise-cull'),
      cullTargets: $<HTMLInputElement>('optimise-cull-targets'),
      metric: $<HTMLSelectElement>('optimise-metric'),
      year: $<HTMLInputElement>('optimise-year'),
      quantile: $<HTMLSelectElement>('optimise-quantile'),
      budget: $<HTMLInputElement>('optimise-budget'),
      cap: $<HTMLInputElement>('optimise-cap'),
      population: $<HTMLInputElement>('optimise-population'),
      generations: $<HTMLInputElement>('optimise-generations'),
      replicates: $<HTMLInputElement>('optimise-replicates'),
      run: $<HTMLButtonElement>('optimise-run'),
      cancel: $<HTMLButtonElement>('optimise-cancel'),
      status: $('optimise-status'),
      area: $('optimise-area'),
      chart: $('optimise-chart'),
      front: $('optimise-front'),
      changes: $('optimise-changes'),
      exportCsv: $<HTMLButtonElement>('optimise-export'),
    },
    plan: () => editor.current,
    openPlan: (plan) => {
      editor.document.execute(openPlanOf(plan));
      openedFromSearch = editor.document.text;
    },
    showChanges: (changed, removed) => editor.editor.setChanges(changed, removed),
  });
  const library = await host.library();
  const editor = new EditorController({
    host,
    scene: forest,
    canvas,
    library,
    elements: {
      modeButtons: [...document.querySelectorAll<HTMLButtonElement>('.editor-modes button')],
      undo: $('undo'),
      redo: $('redo'),
      deleteButton: $('delete-shape'),
      readout: $('sketch-readout'),
      properties: $('properties'),
      herbivores: $('herbivores'),
      addHerbivores: $('add-herbivores'),
      checks: $('plan-checks'),
      bill: $('bill'),
    },
    onChecked: (plan) => {
      runButton.disabled = plan === null;
      $<HTMLButtonElement>('preview').disabled = plan === null;
      runButton.title = plan ? 'Run the plan as edited; the run before the edit becomes B' : 'Fix the problems under Checks first';
      if (!plan) return;
      current = plan;
      strategies.planChanged(plan.text);
      optimise.planChanged(plan.text);
      // The map shows the plan being edited (the last run stays in the charts until the next one);
      // an edit that leaves the map as it was (the seed, say) keeps the run shown on it.
      if (!shown || drawnAs(shown.site) !== drawnAs(plan.site)) {
        showSite(plan.site);
        shown = null;
      }
      state.editedPlanChecks++;
      performance.mark('reforest:plan-checked');
    },
  });
  editor.document.onChange((doc) => {
    // A plan opened from a search keeps its marks on the map until it is edited (or undone).
    if (openedFromSearch !== null && doc.text !== openedFromSearch) {
      openedFromSearch = null;
      editor.editor.setChanges([], []);
    }
    seedInput.value = String(doc.plan.seed);
    replicatesInput.value = String(doc.plan.replicates);
  });
  seedInput.addEventListener('change', () => {
    if (seedInput.value !== '') editor.document.execute(editRun({ seed: Number(seedInput.value) }));
  });
  replicatesInput.addEventListener('change', () => {
    if (replicatesInput.value !== '') editor.document.execute(editRun({ replicates: Number(replicatesInput.value) }));
  });
  /** Runs the plan as edited, once its latest edit has been checked. */
  const runEdited = async (replicates?: number) => {
    await editor.settled();
    const plan = editor.current;
    if (plan) startRun('a', 'A', plan, { replicates, beforeEdit: true });
  };
  let shown: RunView | null = null;
  const publish = () => {
    state.runs = runs
      .views()
      .map((r) => ({ key: r.key, status: r.status, runId: r.runId, years: r.site.years, frames: r.frames.lastYear + 1, trees: r.frames.count }));
    state.status = runs.running > 0 ? 'running' : 'idle';
    state.year = timeline.current;
    cancelButton.disabled = runs.running === 0;
  };

  /** A run's index of the zone chosen by name ('' is the whole site, 0); −1 when it has no such zone. */
  const zoneIndexIn = (view: RunView, name: string) => (name === '' ? 0 : (view.site.zones.find((z) => z.name === name)?.zoneIndex ?? -1));

  /** Zones the charts can show: A's, or with B present only the names both share, matched by name. */
  const fillZones = () => {
    const chosen = zoneSelect.value;
    const b = runs.b;
    const names = (runs.a?.site.zones ?? []).map((z) => z.name).filter((name) => !b || zoneIndexIn(b, name) >= 0);
    const options = [new Option('Whole site', ''), ...names.map((name) => new Option(name, name))];
    if (names.length > 1) options.push(new Option('Every zone', EVERY_ZONE));
    zoneSelect.replaceChildren(...options);
    zoneSelect.value = names.includes(chosen) || (chosen === EVERY_ZONE && names.length > 1) ? chosen : '';
  };

  const refreshCharts = () => {
    const every = zoneSelect.value === EVERY_ZONE;
    const name = every ? '' : zoneSelect.value;
    const finished = runs.views().filter((r) => r.result != null);
    // Every zone: one series per zone of each run (fenced against unfenced is the point of the
    // default scenario); the layout setting overlays them or gives each its own column.
    const done = every
      ? finished.flatMap((r) =>
          r.site.zones
            .filter((z) => runs.views().every((other) => zoneIndexIn(other, z.name) >= 0))
            .map((z, k) => ({
              id: `${r.key}-${z.zoneIndex}`,
              label: `${r.label}: ${z.name}`,
              color: ZONE_SERIES_COLOURS[(k + (r.key === 'b' ? 3 : 0)) % ZONE_SERIES_COLOURS.length],
              result: r.result!,
              zone: z.zoneIndex,
            })),
        )
      : finished.map((r) => ({ id: r.key, label: r.label, color: r.color, result: r.result!, zone: zoneIndexIn(r, name) }));
    charts.setRuns(done);
    charts.setYear(timeline.current);
    const a = runs.a;
    const b = runs.b;
    const box = $('compare-summary');
    if (a?.result && b?.result) {
      renderCompareTable(box, {
        a: a.result,
        b: b.result,
        zones: { a: zoneIndexIn(a, name), b: zoneIndexIn(b, name) },
        labels: { a: a.label, b: b.label },
        zoneName: name === '' ? 'all (whole site)' : name,
      });
    } else box.replaceChildren();
    $('compare-export').hidden = !(a?.result && b?.result);
    const exportRun = $<HTMLSelectElement>('export-run');
    const wanted = exportRun.value;
    exportRun.replaceChildren(...runs.views().map((r) => new Option(`${r.key.toUpperCase()}: ${r.site.name}`, r.key)));
    exportRun.value = runs.views().some((r) => r.key === wanted) ? wanted : 'a';
  };

  const showRun = (view: RunView | null) => {
    shown = view;
    if (!view) return;
    if (view.frames.lastYear < 0) awaitingFrame = view;
    showSite(view.site);
    forest.setFrames(view.frames);
    timeline.setMax(Math.max(0, view.frames.lastYear));
    forest.showYear(Math.min(timeline.current, Math.max(0, view.frames.lastYear)));
    siteSummary($('site-info'), view.site, view.settings);
  };

  const fillViewRuns = () => {
    viewRunSelect.replaceChildren(...runs.views().map((r) => new Option(`Scenario ${r.key.toUpperCase()}: ${r.site.name}`, r.key)));
    viewRunSelect.value = shown?.key ?? 'a';
  };

  const runs = new RunController(host, {
    onSlots: () => {
      fillViewRuns();
      publish();
    },
    onEvent: (view, event) => {
      switch (event.type) {
        case 'progress':
          progress.update(view.label, event);
          break;
        case 'layout':
          performance.mark('reforest:layout-received');
          if (shown === view) forest.framesChanged();
          break;
        case 'frame':
          if (shown === view) {
            forest.framesChanged();
            timeline.setMax(view.frames.lastYear);
            // Follow the newest year while the run fills in, until the user picks one.
            if (!timeline.userMoved) timeline.setYear(view.frames.lastYear);
          }
          break;
        case 'result':
          refreshCharts();
          break;
      }
      publish();
    },
    onFinished: (view, outcome, seconds) => {
      progress.finished(view.label, outcome, seconds);
      if (outcome.status === 'failed') showProblems(problemsBox, `${view.label} failed`, outcome.problems.length ? outcome.problems : [{ message: outcome.message }]);
    },
    onRestored: (view) => {
      // Cancelling keeps what was there: the last finished run and its charts.
      fillZones();
      refreshCharts();
      showRun(view);
    },
  });

  const startRun = (key: 'a' | 'b', label: string, opened: OpenPlan, opts: { replicates?: number; beforeEdit?: boolean } = {}) => {
    // B runs with A's seed and replicates: common random numbers make the difference the plan's own.
    const seed = seedInput.value === '' ? opened.site.seed : Number(seedInput.value);
    const replicates = opts.replicates ?? (replicatesInput.value === '' ? opened.site.replicates : Number(replicatesInput.value));
    showProblems(problemsBox, '', []);
    progress.started(label);
    performance.mark('reforest:run-started');
    const view = runs.start(key, label, opened, { seed, replicates, beforeEdit: opts.beforeEdit });
    fillZones();
    refreshCharts();
    if (key === 'a' || shown?.key === key || !shown) {
      timeline.userMoved = false;
      showRun(view);
    }
    fillViewRuns();
    publish();
    // The page's own work on starting a run (charts, slots) ends here; what follows is the host's.
    performance.mark('reforest:run-requested');
  };

  const openScenario = async (opened: Opened, label: string) => {
    if (!opened.ok) {
      showProblems(problemsBox, `${label} cannot be opened`, opened.problems);
      return;
    }
    performance.mark('reforest:site-opened');
    const result = opened.plan;
    current = result;
    editor.load(result);
    strategies.planChanged(result.text);
    optimise.planChanged(result.text);
    seedInput.value = String(result.site.seed);
    replicatesInput.value = String(result.site.replicates);
    // A new scenario A ends any comparison with the old one.
    runs.clearB();
    startRun('a', 'A', result);
  };

  // Scenario pickers
  const examples = await host.listExamples();
  scenarioSelect.replaceChildren(...examples.map((e) => new Option(e.name, e.id)));
  compareSelect.replaceChildren(
    new Option('Scenario A without fences', 'no-fences'),
    ...examples.map((e) => new Option(e.name, `example:${e.id}`)),
  );
  scenarioSelect.addEventListener('change', async () => openScenario(await openExample(scenarioSelect.value), scenarioSelect.selectedOptions[0].text));
  /** Opens a scenario the user picked, sending the host the files it names from among those picked with it. */
  const openPickedScenario = async (scenario: File, picked: File[]) => {
    if (scenario.size > MAX_SCENARIO_BYTES) {
      showProblems(problemsBox, `${scenario.name} cannot be opened`, [{ file: scenario.name, message: `is ${(scenario.size / 2 ** 20).toFixed(0)} MiB; a scenario file is at most ${MAX_SCENARIO_BYTES / 2 ** 20} MiB (rasters go in their own files)` }]);
      return;
    }
    const text = await scenario.text();
    const arranged = arrangeScenarioFiles(scenario, text, picked);
    if (!arranged.ok) {
      showProblems(problemsBox, `${scenario.name} cannot be opened`, arranged.problems);
      return;
    }
    let source: ScenarioSource = { kind: 'text', fileName: scenario.name };
    if (arranged.files.length > 0) {
      const folderId = await sendFiles(arranged.files);
      if (!folderId) return;
      source = { kind: 'upload', folderId, path: arranged.scenarioPath };
    }
    await openScenario(await openPlan(source, text), scenario.name);
  };
  /** Sends picked files to the host, showing how far it has got; null (and the reason shown) on failure. */
  const sendFiles = async (placed: Placed<File>[]): Promise<string | null> => {
    try {
      return await uploadPlaced(host, placed, (sent, total) => progress.message(`Sending ${placed.map((p) => p.file.name).join(', ')}: ${Math.round((100 * sent) / Math.max(1, total))}%`));
    } catch (err) {
      showProblems(problemsBox, 'The files could not be sent to the host', [{ message: (err as Error).message }]);
      return null;
    }
  };
  new SweepController({
    elements: {
      folder: $<HTMLInputElement>('sweep-folder'),
      status: $('sweep-status'),
      zone: $<HTMLSelectElement>('sweep-zone'),
      metric: $<HTMLSelectElement>('sweep-metric'),
      year: $<HTMLInputElement>('sweep-year'),
      x: $<HTMLSelectElement>('sweep-x'),
      y: $<HTMLSelectElement>('sweep-y'),
      area: $('sweep-area'),
      maps: $('sweep-maps'),
    },
    openVariant: (file, picked) => openPickedScenario(file, picked),
  });
  const folderScenario = $<HTMLSelectElement>('folder-scenario');
  let folderPicked: File[] = [];
  const openPicked = async (picked: File[], what: string) => {
    const scenarios = picked.filter((f) => /\.json$/i.test(f.name)).sort((a, b) => (a.webkitRelativePath || a.name).localeCompare(b.webkitRelativePath || b.name));
    folderScenario.hidden = true;
    if (scenarios.length === 0) {
      showProblems(problemsBox, `No scenario among the ${what}`, [{ message: `pick a scenario file (.json) with the files it names; picked: ${picked.slice(0, 6).map((f) => f.name).join(', ')}${picked.length > 6 ? ', …' : ''}` }]);
      return;
    }
    if (scenarios.length > 1) {
      // A folder of several scenarios: the user chooses one, and its files come from the same folder.
      folderPicked = picked;
      folderScenario.replaceChildren(new Option(`Choose one of ${scenarios.length} scenarios…`, ''), ...scenarios.map((f, i) => new Option(f.webkitRelativePath || f.name, String(i))));
      folderScenario.hidden = false;
      folderScenario.focus();
      return;
    }
    await openPickedScenario(scenarios[0], picked);
  };
  folderScenario.addEventListener('change', async () => {
    const scenarios = folderPicked.filter((f) => /\.json$/i.test(f.name)).sort((a, b) => (a.webkitRelativePath || a.name).localeCompare(b.webkitRelativePath || b.name));
    const chosen = scenarios[Number(folderScenario.value)];
    if (!chosen || folderScenario.value === '') return;
    folderScenario.hidden = true;
    await openPickedScenario(chosen, folderPicked);
  });
  for (const id of ['scenario-file', 'scenario-folder']) {
    $<HTMLInputElement>(id).addEventListener('change', async (e) => {
      const input = e.target as HTMLInputElement;
      const picked = [...(input.files ?? [])];
      input.value = ''; // picking the same files again opens them again
      if (picked.length) await openPicked(picked, id === 'scenario-folder' ? 'files of the folder' : 'files picked');
    });
  }
  $<HTMLInputElement>('dem-file').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const picked = [...(input.files ?? [])];
    input.value = '';
    if (!picked.length) return;
    const made = newSiteFiles(picked);
    if (!made.ok) {
      showProblems(problemsBox, 'No new site', made.problems);
      return;
    }
    const folderId = await sendFiles(made.files);
    if (!folderId) return;
    await openNewSite({ kind: 'upload', folderId, path: made.scenarioPath }, made);
  });
  /** Opens an elevation model as a new site with an empty plan; `made` is its scenario (newSiteFiles). */
  const openNewSite = async (source: ScenarioSource, made: { text: string; files: Placed<{ name: string }>[] }) => {
    const site = await host.openSite(source, made.text);
    if (!site.ok) {
      showProblems(problemsBox, `${made.files[0].file.name} cannot be opened as a site`, site.problems);
      return;
    }
    terrains.set(site.siteId, site.terrain);
    showProblems(problemsBox, '', []);
    runs.clear();
    fillZones();
    refreshCharts();
    fillViewRuns();
    shown = null;
    const json = JSON.parse(made.text) as { name: string; description: string; seed: number; years: number; replicates: number };
    const bare: SiteView = { ...json, currency: '', terrain: site.terrain, species: [], suitability: [], zones: [], fences: [], herbivores: [], bill: [], warnings: [] };
    showSite(bare);
    siteSummary($('site-info'), bare, { seed: json.seed, replicates: json.replicates });
    editor.loadUnchecked({ source, siteId: site.siteId, terrain: site.terrain }, made.text);
    current = null;
    progress.message(`New site on ${made.files[0].file.name}: draw a planting zone, then Run.`);
    publish();
  };
  /** The plan's file name: what Save offers and the desktop window's title shows. */
  const planFileName = (): string => {
    const source = editor.source;
    if (!source) return 'scenario.json';
    return source.kind === 'example' ? `${source.id}.json` : source.kind === 'text' ? source.fileName : (source.path.split(/[\\/]/).pop() ?? 'scenario.json');
  };
  const saveScenario = (saveAs: boolean) => {
    // A plan still being drawn saves too, problems and all, to be finished later.
    if (!editor.source) return;
    void host.saveFile(planFileName(), 'application/json', editor.document.text, { saveAs }).then((r) => r.saved && editor.document.markSaved());
  };
  $('save-scenario').addEventListener('click', () => saveScenario(false));
  // The desktop window's title and its prompt before closing over unsaved edits.
  editor.document.onChange((doc) => {
    const source = editor.source;
    host.documentState({ title: planFileName(), dirty: doc.dirty, path: source?.kind === 'file' ? source.path : undefined });
  });
  // GIS in and out: the host reads and reprojects the file onto the open site; the plan takes its shapes as one edit.
  const importNotes = $('import-notes');
  $<HTMLInputElement>('import-gis').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    const siteId = editor.siteId;
    if (!file || !siteId) return;
    if (file.size > MAX_GIS_BYTES) {
      showProblems(problemsBox, `${file.name} cannot be imported`, [{ file: file.name, message: `is ${(file.size / 2 ** 20).toFixed(0)} MiB; a plan's zones and fences come in at most ${MAX_GIS_BYTES / 2 ** 20} MiB` }]);
      return;
    }
    await importGis(file.name, new Uint8Array(await file.arrayBuffer()));
  });
  const importGis = async (fileName: string, data: Uint8Array) => {
    const siteId = editor.siteId;
    if (!siteId) return;
    const result = await host.importGis(siteId, fileName, data);
    if (!result.ok) {
      importNotes.textContent = '';
      showProblems(problemsBox, `${fileName} cannot be imported`, result.problems);
      return;
    }
    showProblems(problemsBox, '', []);
    editor.document.execute(importShapes(result));
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    importNotes.textContent = [`Imported ${count(result.zones.length, 'zone')} and ${count(result.fences.length, 'fence')} from ${fileName}.`, ...result.notes.map((n) => `${n[0].toUpperCase()}${n.slice(1)}.`)].join(' ');
  };
  for (const format of ['geojson', 'gpkg'] as const) {
    $(`export-plan-${format}`).addEventListener('click', async () => {
      const siteId = editor.siteId;
      if (!siteId) return;
      try {
        await host.exportPlan(siteId, editor.document.text, format);
      } catch (err) {
        showProblems(problemsBox, 'The plan cannot be exported', [{ message: (err as Error).message }]);
      }
    });
  }
  runButton.addEventListener('click', () => void runEdited());
  $('preview').addEventListener('click', () => void runEdited(2));
  cancelButton.addEventListener('click', () => {
    runs.cancelAll();
  });

  // Compare
  $('compare-run').addEventListener('click', async () => {
    if (!current) return;
    const choice = compareSelect.value;
    let opened: Opened;
    // The variant is a plan on A's own site: its terrain is neither read nor sent again.
    if (choice === 'no-fences') opened = await checkOn(current.siteId, current.source, withoutFences(current.text));
    else opened = await openExample(choice.slice('example:'.length));
    if (!opened.ok) {
      showProblems(problemsBox, 'Scenario B cannot be opened', opened.problems);
      return;
    }
    startRun('b', 'B', opened.plan);
  });
  $<HTMLSelectElement>('compare-layout').addEventListener('change', (e) => charts.setLayout((e.target as HTMLSelectElement).value as 'overlay' | 'side-by-side'));
  viewRunSelect.addEventListener('change', () => showRun(viewRunSelect.value === 'b' ? runs.b : runs.a));
  zoneSelect.addEventListener('change', () => refreshCharts());

  // Time
  timeline.onChange((year, fraction) => {
    forest.showYear(year, fraction);
    if (inspected) renderInspect();
    charts.setYear(year);
    state.year = year;
  });
  charts.onYearSelected((year) => timeline.setYear(year, { fromUser: true }));

  // View controls
  $<HTMLSelectElement>('shading').addEventListener('change', (e) => {
    shading = (e.target as HTMLSelectElement).value as ShadingMode;
    forest.setShading(shading);
    if (siteShown) legend.show(siteShown, shading);
  });
  $('home-view').addEventListener('click', () => forest.homeView());
  // The readout follows the pointer, once per animation frame at most.
  let pointerAt: [number, number] | null = null;
  canvas.addEventListener('pointermove', (e) => {
    const first = pointerAt === null;
    pointerAt = [e.offsetX, e.offsetY];
    if (first) {
      requestAnimationFrame(() => {
        if (pointerAt) legend.readAt(forest.groundPoint(pointerAt[0], pointerAt[1]));
        pointerAt = null;
      });
    }
  });
  canvas.addEventListener('pointerleave', () => legend.readAt(null));
  for (const layer of ['trees', 'fences', 'zones', 'herbivores', 'heatmap'] as const) {
    $<HTMLInputElement>(`layer-${layer}`).addEventListener('change', (e) => {
      const on = (e.target as HTMLInputElement).checked;
      forest.setLayerVisible(layer, on);
      if (layer === 'zones') labels.setVisible(on);
    });
  }
  forest.setLayerVisible('heatmap', false);
  $<HTMLInputElement>('map-mode').addEventListener('change', (e) => forest.setMapMode((e.target as HTMLInputElement).checked));
  $('export-view-png').addEventListener('click', async () => {
    forest.render();
    const site = shown?.site ?? siteShown;
    const caption = `${site?.name ?? 'Reforest'}${shown ? `, scenario ${shown.key.toUpperCase()}` : ''}; year ${timeline.current}; ground shaded by ${shading}`;
    const png = await viewPng(canvas, caption, site ? legendEntries(site) : []);
    if (png) await host.saveFile(`${fileStem(site?.name ?? 'reforest')}-view-year-${timeline.current}.png`, 'image/png', png);
  });

  // Inspect: what was clicked stays shown, ringed on the map, and follows the year slider.
  let inspected: { kind: 'tree' | 'zone' | 'fence'; index: number } | null = null;
  const renderInspect = () => {
    const run = shown;
    if (!run || !inspected) {
      labels.setHighlight(null);
      return;
    }
    const year = timeline.current;
    const { kind, index } = inspected;
    if (kind === 'tree') {
      if (index >= run.frames.count) return;
      const info = run.frames.treeInfo(index, year);
      // Regenerated trees carry no zone in the frames: find it from where the tree stands.
      const zone = info.zone > 0 ? info.zone - 1 : forest.zoneOfTree(index);
      inspectTree(inspectBox, run.site, index, info, zone, year);
      // The zone's own figures follow: with trees planted edge to edge, a click in a zone finds a tree.
      if (zone >= 0) {
        const zoneBox = document.createElement('div');
        inspectZone(zoneBox, run.site.zones[zone], run.result, year, run.site.species);
        inspectBox.append(...zoneBox.childNodes);
      }
      labels.setHighlight([run.frames.west + run.frames.x[index], run.frames.south + run.frames.y[index]]);
    } else if (kind === 'zone' && run.site.zones[index]) {
      inspectZone(inspectBox, run.site.zones[index], run.result, year, run.site.species);
      labels.setHighlight(centroid(run.site.zones[index].polygon));
    } else if (kind === 'fence' && run.site.fences[index]) {
      const fence = run.site.fences[index];
      inspectFence(inspectBox, fence, forest.breachesNear(index), year, run.site.currency);
      labels.setHighlight(fence.path[Math.floor(fence.path.length / 2)]);
    }
    inspectBox.dataset.year = String(year);
  };
  canvas.addEventListener('pointerup', (e) => {
    if (!shown || e.button !== 0 || editor.editor.mode !== 'navigate') return;
    const hit = forest.pick(e.offsetX, e.offsetY);
    if (!hit) return;
    inspected = hit;
    renderInspect();
  });

  // Export
  saveChart = (chart, format) => {
    // Named after the scenario and captioned with what it shows, so a figure stands on its own in a report.
    const scenario = runs.a?.site.name ?? 'reforest';
    const zone = zoneSelect.value === EVERY_ZONE ? 'every zone' : zoneSelect.value === '' ? 'whole site' : `zone ${zoneSelect.value}`;
    const against = runs.b?.result ? ` against ${runs.b.label}` : '';
    const caption = `${scenario}${against}; ${zone}; year ${timeline.current} marked; median, p5–p95 band across replicates`;
    const name = `${fileStem(scenario)}-${chart.definition.id}`;
    if (format === 'svg') void host.saveFile(`${name}.svg`, 'image/svg+xml', chartToSvg(chart, caption));
    else void chartToPng(chart, caption).then((png) => host.saveFile(`${name}.png`, 'image/png', png));
  };
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-export]')) {
    button.addEventListener('click', async () => {
      const key = $<HTMLSelectElement>('export-run').value === 'b' ? 'b' : 'a';
      const run = runs[key];
      if (!run || run.status !== 'completed') {
        progress.message(`Export needs a finished run of scenario ${key.toUpperCase()}.`);
        return;
      }
      try {
        // B's files carry its scenario's name, so A's and B's never overwrite each other.
        await host.exportResults(run.runId, button.dataset.export as 'out' | 'summary' | 'trees' | 'geojson', key === 'b' ? run.site.name : undefined);
      } catch (err) {
        showProblems(problemsBox, 'Export failed', [{ message: (err as Error).message }]);
      }
    });
  }

  $('compare-export').addEventListener('click', () => {
    const table = document.querySelector<HTMLTableElement>('#compare-summary table');
    const a = runs.a;
    const b = runs.b;
    if (!table || !a || !b) return;
    void host.saveFile(`${fileStem(a.site.name)}-vs-${fileStem(b.site.name)}-comparison.csv`, 'text/csv', compareTableCsv(table));
  });

  // The desktop app's menus and the files the system hands it.
  let openedByCommand = false;
  host.onCommand((command) => {
    if (command.type === 'open-scenario' || command.type === 'new-site') openedByCommand = true;
    switch (command.type) {
      case 'open-scenario':
        void openPlan({ kind: 'file', path: command.path }, command.text).then((opened) => openScenario(opened, command.path.split(/[\\/]/).pop() ?? command.path));
        break;
      case 'new-site': {
        const made = newSiteFiles(command.files);
        if (!made.ok) showProblems(problemsBox, 'No new site', made.problems);
        else void openNewSite({ kind: 'file', path: `${command.folder}/${made.scenarioPath}` }, made);
        break;
      }
      case 'import-gis':
        void importGis(command.fileName, command.data);
        break;
      case 'menu':
        if (command.item === 'save' || command.item === 'save-as') saveScenario(command.item === 'save-as');
        else $(MENU_BUTTONS[command.item]).click();
        break;
    }
  });

  // Open on the built-in default scenario, already running, so a new user sees a forest at once,
  // unless the desktop app was launched with a scenario of its own, which is opening already.
  const first = examples.find((e) => e.id === 'default') ?? examples[0];
  if (first && !openedByCommand) {
    scenarioSelect.value = first.id;
    await openScenario(await openExample(first.id), first.name);
  } else if (!first) {
    progress.message('No example scenarios found; open a scenario file.');
  }
  publish();
}

void start();
