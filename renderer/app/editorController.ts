import type { HostApi, LibraryView, PlanView, ScenarioProblem, ScenarioSource, SiteView, TerrainView } from '../../sim/hostApi/api.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { addHerbivores, removeHerbivores, type ShapeRef } from '../editor/commands.js';
import { PlanEditor, type EditorMode } from '../editor/planEditor.js';
import { ScenarioDocument } from '../editor/scenarioDocument.js';
import { showBill } from '../panels/billPanel.js';
import { PropertiesPanel } from '../panels/propertiesPanel.js';
import type { ForestScene } from '../scene/sceneView.js';

/** A plan the page holds, checked on its open site: what a run is started from. */
export interface OpenPlan {
  source: ScenarioSource;
  siteId: string;
  text: string;
  site: SiteView;
}

export interface EditorElements {
  modeButtons: HTMLButtonElement[];
  undo: HTMLButtonElement;
  redo: HTMLButtonElement;
  deleteButton: HTMLButtonElement;
  readout: HTMLElement;
  properties: HTMLElement;
  herbivores: HTMLElement;
  addHerbivores: HTMLButtonElement;
  checks: HTMLElement;
  bill: HTMLElement;
}

export interface EditorControllerOptions {
  host: HostApi;
  scene: ForestScene;
  canvas: HTMLCanvasElement;
  library: LibraryView;
  elements: EditorElements;
  /** A checked version of the edited plan; null while it has problems (the Checks list shows them). */
  onChecked(plan: OpenPlan | null): void;
}

/**
 * The editing side of the page: the plan document, the map editor and the panels that show the plan
 * (properties, herbivores, checks, bill of quantities). After every edit the plan is checked on the
 * open site by the host (the terrain is neither read nor sent again), and the map, the checks and the
 * bill follow the answer.
 */
export class EditorController {
  readonly document = new ScenarioDocument({ schemaVersion: 1, name: '', seed: 0, years: 1, replicates: 1, terrain: { type: 'procedural', width: 1, height: 1 }, plantings: [] });
  readonly editor: PlanEditor;
  private readonly properties: PropertiesPanel;
  private site: { source: ScenarioSource; siteId: string; terrain: TerrainView } | null = null;
  /** The last checked plan without errors. */
  private checked: OpenPlan | null = null;
  private checkSeq = 0;
  private loading = false;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly options: EditorControllerOptions) {
    const { elements: el } = options;
    this.properties = new PropertiesPanel({ box: el.properties, library: options.library, execute: (c) => this.document.execute(c) });
    this.editor = new PlanEditor({
      canvas: options.canvas,
      scene: options.scene,
      document: this.document,
      onSelect: (ref) => this.showSelection(ref),
      onReadout: (text) => (el.readout.textContent = text),
      onMode: (mode) => this.showMode(mode),
    });
    for (const b of el.modeButtons) b.addEventListener('click', () => this.editor.setMode(b.dataset.mode as EditorMode));
    el.undo.addEventListener('click', () => this.document.undo());
    el.redo.addEventListener('click', () => this.document.redo());
    el.deleteButton.addEventListener('click', () => this.editor.deleteSelected());
    el.addHerbivores.addEventListener('click', () => this.document.execute(addHerbivores(options.library.herbivores[0]?.id ?? 'red_deer', 5)));
    window.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        if (e.shiftKey) this.document.redo();
        else this.document.undo();
        e.preventDefault();
      } else if (mod && e.key.toLowerCase() === 'y') {
        this.document.redo();
        e.preventDefault();
      }
    });
    this.document.onChange(() => {
      this.showHistory();
      this.showSelection(this.editor.selected);
      this.showHerbivores();
      // A plan just opened was checked when it was opened.
      if (!this.loading) this.pending = this.check();
    });
    this.showMode('navigate');
  }

  /** The plan to run: the last edited version that passed its checks. */
  get current(): OpenPlan | null {
    return this.checked;
  }

  /** Where the plan being edited came from (null before any is open). */
  get source(): ScenarioSource | null {
    return this.site?.source ?? null;
  }

  /** The open site the plan is edited on (null before any is open). */
  get siteId(): string | null {
    return this.site?.siteId ?? null;
  }

  /** Resolves once the latest edit has been checked. */
  settled(): Promise<void> {
    return this.pending;
  }

  /** Starts editing a plan the page opened (its history starts afresh). */
  load(plan: OpenPlan): void {
    this.site = { source: plan.source, siteId: plan.siteId, terrain: plan.site.terrain };
    this.checked = plan;
    this.checkSeq++;
    this.showChecked(plan.site);
    const json = JSON.parse(plan.text) as ScenarioInput;
    // A procedural terrain is drawn from the scenario's seed unless it names its own: it is pinned
    // here, so a new seed set in the page draws new replicates on the same ground, as --seed does.
    if (json.terrain.type === 'procedural' && json.terrain.seed === undefined) json.terrain = { ...json.terrain, seed: json.seed };
    this.loading = true;
    try {
      this.document.replace(json);
    } finally {
      this.loading = false;
    }
  }

  /**
   * Starts editing a plan that does not pass its checks yet on a site just opened (a new site from a
   * DEM, with no zone drawn): the map shows the bare ground and the checks say what the plan lacks.
   */
  loadUnchecked(site: { source: ScenarioSource; siteId: string; terrain: TerrainView }, text: string): void {
    this.site = site;
    this.checked = null;
    this.options.onChecked(null);
    showBill(this.options.elements.bill, []);
    this.document.replace(JSON.parse(text) as ScenarioInput);
  }

  private async check(): Promise<void> {
    const site = this.site;
    if (!site) return;
    const seq = ++this.checkSeq;
    const text = this.document.text;
    const result = await this.options.host.checkPlan(site.siteId, text);
    // An answer overtaken by a later edit is dropped.
    if (seq !== this.checkSeq) return;
    if (!result.ok) {
      this.showProblems(result.problems, []);
      this.options.onChecked(null);
      return;
    }
    const plan: OpenPlan = { source: site.source, siteId: site.siteId, text, site: { ...result.plan, terrain: site.terrain } };
    this.checked = plan;
    this.showChecked(plan.site);
    this.options.onChecked(plan);
  }

  private showChecked(plan: PlanView): void {
    showBill(this.options.elements.bill, plan.bill, plan.currency);
    this.showProblems([], plan.warnings);
  }

  /** Problems and warnings in the checks list, each naming its shape; shapes with problems drawn red. */
  private showProblems(problems: readonly ScenarioProblem[], warnings: readonly ScenarioProblem[]): void {
    const box = this.options.elements.checks;
    box.replaceChildren();
    const plan = this.document.plan;
    const refs: ShapeRef[] = [];
    const add = (p: ScenarioProblem, kind: 'problem' | 'warning') => {
      const li = document.createElement('li');
      li.className = kind;
      const ref = shapeOfPath(p.path);
      const name = ref ? nameOf(plan, ref) : null;
      li.textContent = `${kind === 'problem' ? '✖' : '⚠'} ${name ? `${name}: ` : p.path ? `${p.path}: ` : ''}${p.message}`;
      if (ref) {
        if (kind === 'problem') refs.push(ref);
        li.tabIndex = 0;
        li.addEventListener('click', () => {
          this.editor.setMode('edit');
          this.editor.select(ref);
        });
      }
      box.append(li);
    };
    for (const p of problems) add(p, 'problem');
    for (const w of warnings) add(w, 'warning');
    if (problems.length === 0 && warnings.length === 0) {
      const li = document.createElement('li');
      li.className = 'ok';
      li.textContent = '✔ The plan is ready to run.';
      box.append(li);
    }
    box.dataset.problems = String(problems.length);
    box.dataset.warnings = String(warnings.length);
    this.editor.setProblems(refs);
  }

  private showSelection(ref: ShapeRef | null): void {
    this.properties.show(this.document.plan, ref);
    this.options.elements.deleteButton.disabled = ref === null;
  }

  private showHerbivores(): void {
    const box = this.options.elements.herbivores;
    this.properties.showHerbivores(box, this.document.plan);
    box.querySelectorAll<HTMLElement>('.herbivore-row').forEach((row) => {
      const index = Number(row.dataset.population);
      const draw = document.createElement('button');
      draw.type = 'button';
      draw.textContent = this.document.plan.herbivores?.[index]?.area ? 'Redraw area' : 'Draw area';
      draw.addEventListener('click', () => {
        this.editor.areaPopulation = index;
        this.editor.setMode('draw-area');
      });
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.addEventListener('click', () => this.document.execute(removeHerbivores(index)));
      row.append(draw, remove);
    });
  }

  private showHistory(): void {
    const { undo, redo } = this.options.elements;
    undo.disabled = !this.document.canUndo;
    redo.disabled = !this.document.canRedo;
    undo.title = this.document.undoLabel ? `Undo ${this.document.undoLabel}` : 'Nothing to undo';
    redo.title = this.document.redoLabel ? `Redo ${this.document.redoLabel}` : 'Nothing to redo';
  }

  private showMode(mode: EditorMode): void {
    for (const b of this.options.elements.modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
  }
}

/** The shape a problem's field path is about: plantings[i] a zone, fences[i] a fence, herbivores[i].area an area. */
export function shapeOfPath(path: string | undefined): ShapeRef | null {
  if (!path) return null;
  let m = /^plantings\[(\d+)\]/.exec(path);
  if (m) return { kind: 'zone', index: Number(m[1]) };
  m = /^fences\[(\d+)\]/.exec(path);
  if (m) return { kind: 'fence', index: Number(m[1]) };
  m = /^herbivores\[(\d+)\]\.area/.exec(path);
  if (m) return { kind: 'area', index: Number(m[1]) };
  return null;
}

function nameOf(plan: Readonly<ScenarioInput>, ref: ShapeRef): string | null {
  if (ref.kind === 'zone') return plan.plantings[ref.index] ? `zone '${plan.plantings[ref.index].name}'` : null;
  if (ref.kind === 'fence') return plan.fences?.[ref.index] ? `fence '${plan.fences[ref.index].name}'` : null;
  return plan.herbivores?.[ref.index] ? `roaming area of ${plan.herbivores[ref.index].kind}` : null;
}
