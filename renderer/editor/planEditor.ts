import { pointInPolygon, polygonArea, polylineLength } from '../../sim/shared/polygon.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import type { ForestScene } from '../scene/sceneView.js';
import type { SketchShape } from '../scene/sketchLayer.js';
import {
  addFence,
  addZone,
  deleteShape,
  deleteVertex,
  insertVertex,
  minVertices,
  moveShape,
  moveVertex,
  setRoamingArea,
  shapeOf,
  type ShapeRef,
} from './commands.js';
import type { ScenarioDocument } from './scenarioDocument.js';

type Point = [number, number];

/**
 * What the pointer does on the map: navigate (the camera only), draw a zone, a fence or a roaming
 * area, or edit (select a shape, drag its vertices or the whole shape, insert and delete vertices).
 */
export type EditorMode = 'navigate' | 'draw-zone' | 'draw-fence' | 'draw-area' | 'edit';

export interface PlanEditorOptions {
  canvas: HTMLCanvasElement;
  scene: ForestScene;
  document: ScenarioDocument;
  /** The selection changed (null: nothing selected). */
  onSelect?(ref: ShapeRef | null): void;
  /** What to show while drawing or dragging: length, area. Empty when nothing is being drawn. */
  onReadout?(text: string): void;
  /** The mode changed (drawing ends in edit mode, with the new shape selected). */
  onMode?(mode: EditorMode): void;
}

/** How near, in CSS pixels, the pointer snaps to a vertex, an edge, or finds a vertex handle or a fence. */
const SNAP_VERTEX_PX = 10;
const SNAP_EDGE_PX = 6;
/** A press that moves less than this is a click, not a drag. */
const CLICK_PX = 4;

export class PlanEditor {
  private modeValue: EditorMode = 'navigate';
  /** Vertices placed so far of the shape being drawn. */
  private sketch: Point[] = [];
  /** The pointer's ground point while drawing: the sketch's moving last vertex. */
  private hover: Point | null = null;
  private selectedRef: ShapeRef | null = null;
  /** The problem shapes to draw in red, as the plan's checks last found them. */
  private problemRefs: ShapeRef[] = [];
  private changes: { changed: SketchShape[]; removed: SketchShape[] } = { changed: [], removed: [] };
  /** Population whose roaming area a draw-area mode draws. */
  areaPopulation = 0;
  private drag: { ref: ShapeRef; vertex: number; from: Point; last: Point; moved: boolean; screen: [number, number] } | null = null;
  private press: [number, number] | null = null;

  constructor(private readonly options: PlanEditorOptions) {
    const { canvas } = options;
    canvas.addEventListener('pointerdown', (e) => this.pointerDown(e));
    canvas.addEventListener('pointermove', (e) => this.pointerMove(e));
    canvas.addEventListener('pointerup', (e) => this.pointerUp(e));
    canvas.addEventListener('dblclick', (e) => this.doubleClick(e));
    canvas.addEventListener('keydown', (e) => this.key(e));
    options.document.onChange(() => {
      // A selection the plan no longer has (undone, deleted) is dropped.
      if (this.selectedRef && !shapeOf(this.plan, this.selectedRef)) this.select(null);
      else this.redraw();
    });
  }

  get mode(): EditorMode {
    return this.modeValue;
  }

  get selected(): ShapeRef | null {
    return this.selectedRef;
  }

  setMode(mode: EditorMode): void {
    this.sketch = [];
    this.hover = null;
    this.modeValue = mode;
    this.options.canvas.style.cursor = mode.startsWith('draw') ? 'crosshair' : '';
    this.options.onReadout?.('');
    this.options.onMode?.(mode);
    this.redraw();
  }

  select(ref: ShapeRef | null): void {
    this.selectedRef = ref;
    this.options.onSelect?.(ref);
    this.redraw();
  }

  setProblems(refs: ShapeRef[]): void {
    this.problemRefs = refs;
    this.redraw();
  }

  /**
   * Marks on the map how the plan differs from another (a plan opened from a search against the plan
   * before it): shapes changed or added, and shapes taken away where they stood. Empty lists clear it.
   */
  setChanges(changed: SketchShape[], removed: SketchShape[]): void {
    this.changes = { changed, removed };
    this.redraw();
  }

  /** Places a vertex of the shape being drawn at a ground point (terrain coordinates), as a click does. */
  placeVertex(point: Point): void {
    if (!this.modeValue.startsWith('draw')) return;
    const first = this.sketch[0];
    // A click back on the first vertex closes a ring.
    if (first && this.sketch.length >= 3 && this.closesOnFirst(point)) {
      this.finishDrawing(true);
      return;
    }
    this.sketch.push(point);
    this.hover = null;
    this.readout();
    this.redraw();
  }

  /** Ends the drawing: a ring closes (zones and areas always do), a fence stays open unless `closed`. */
  finishDrawing(closed = false): void {
    const pts = this.sketch;
    const mode = this.modeValue;
    this.sketch = [];
    this.hover = null;
    const doc = this.options.document;
    let ref: ShapeRef | null = null;
    if (mode === 'draw-zone' && pts.length >= 3) {
      doc.execute(addZone(pts));
      ref = { kind: 'zone', index: doc.plan.plantings.length - 1 };
    } else if (mode === 'draw-fence' && pts.length >= (closed ? 3 : 2)) {
      doc.execute(addFence(pts, closed));
      ref = { kind: 'fence', index: (doc.plan.fences ?? []).length - 1 };
    } else if (mode === 'draw-area' && pts.length >= 3 && (doc.plan.herbivores ?? [])[this.areaPopulation]) {
      doc.execute(setRoamingArea(this.areaPopulation, pts));
      ref = { kind: 'area', index: this.areaPopulation };
    }
    this.setMode('edit');
    if (ref) this.select(ref);
  }

  /** Deletes the selected shape. */
  deleteSelected(): void {
    if (!this.selectedRef) return;
    const ref = this.selectedRef;
    this.select(null);
    this.options.document.execute(deleteShape(ref));
  }

  private get plan(): Readonly<ScenarioInput> {
    return this.options.document.plan;
  }

  private pointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.press = [e.offsetX, e.offsetY];
    if (this.modeValue !== 'edit' || !this.selectedRef) return;
    const ground = this.options.scene.groundPoint(e.offsetX, e.offsetY);
    if (!ground) return;
    const ref = this.selectedRef;
    const pts = shapeOf(this.plan, ref);
    if (!pts) return;
    const vertex = this.nearestVertex(pts, e.offsetX, e.offsetY);
    const onShape = vertex >= 0 || this.hitShape(ref, ground);
    if (!onShape) return;
    // Dragging a vertex or the shape: the camera holds still meanwhile.
    this.options.scene.setCameraInput(false);
    this.drag = { ref, vertex, from: ground, last: ground, moved: false, screen: [e.offsetX, e.offsetY] };
    this.options.canvas.setPointerCapture?.(e.pointerId);
  }

  private pointerMove(e: PointerEvent): void {
    const scene = this.options.scene;
    if (this.drag) {
      const ground = scene.groundPoint(e.offsetX, e.offsetY);
      if (!ground) return;
      const d = this.drag;
      if (!d.moved && Math.hypot(e.offsetX - d.screen[0], e.offsetY - d.screen[1]) < CLICK_PX) return;
      d.moved = true;
      d.last = d.vertex >= 0 ? this.snap(ground, e.offsetX, e.offsetY, d.ref, d.vertex) : ground;
      this.redraw();
      this.readout();
      return;
    }
    if (this.modeValue.startsWith('draw') && this.sketch.length > 0) {
      const ground = scene.groundPoint(e.offsetX, e.offsetY);
      this.hover = ground ? this.snap(ground, e.offsetX, e.offsetY) : null;
      this.readout();
      this.redraw();
    }
  }

  private pointerUp(e: PointerEvent): void {
    if (e.button !== 0) return;
    const press = this.press;
    this.press = null;
    const d = this.drag;
    if (d) {
      this.drag = null;
      this.options.scene.setCameraInput(true);
      if (d.moved) {
        const doc = this.options.document;
        if (d.vertex >= 0) doc.execute(moveVertex(d.ref, d.vertex, d.last));
        else doc.execute(moveShape(d.ref, d.last[0] - d.from[0], d.last[1] - d.from[1]));
        this.options.onReadout?.('');
        return;
      }
    }
    // Only a click (not the end of a camera drag) places or selects.
    if (!press || Math.hypot(e.offsetX - press[0], e.offsetY - press[1]) >= CLICK_PX) return;
    const ground = this.options.scene.groundPoint(e.offsetX, e.offsetY);
    if (!ground) return;
    if (this.modeValue.startsWith('draw')) this.placeVertex(this.snap(ground, e.offsetX, e.offsetY));
    else if (this.modeValue === 'edit') this.select(this.shapeAt(ground));
  }

  private doubleClick(e: MouseEvent): void {
    if (this.modeValue.startsWith('draw')) {
      // The double click's own two clicks placed one vertex twice: drop the repeat.
      const last = this.sketch.at(-1);
      const prev = this.sketch.at(-2);
      if (last && prev && last[0] === prev[0] && last[1] === prev[1]) this.sketch.pop();
      this.finishDrawing(this.modeValue !== 'draw-fence');
      return;
    }
    if (this.modeValue !== 'edit' || !this.selectedRef) return;
    // A double click on an edge of the selected shape adds a vertex there; on a vertex, deletes it.
    const ref = this.selectedRef;
    const pts = shapeOf(this.plan, ref);
    const ground = this.options.scene.groundPoint(e.offsetX, e.offsetY);
    if (!pts || !ground) return;
    const vertex = this.nearestVertex(pts, e.offsetX, e.offsetY);
    if (vertex >= 0) {
      if (pts.length > minVertices(this.plan, ref)) this.options.document.execute(deleteVertex(ref, vertex));
      return;
    }
    const edge = this.nearestEdge(pts, this.isClosed(ref), ground);
    if (edge && edge.distance <= SNAP_EDGE_PX * this.options.scene.metresPerPixel()) this.options.document.execute(insertVertex(ref, edge.index, edge.point));
  }

  private key(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      if (this.modeValue.startsWith('draw')) this.setMode('edit');
      else this.select(null);
    } else if (e.key === 'Enter' && this.modeValue.startsWith('draw')) {
      this.finishDrawing(this.modeValue !== 'draw-fence');
    } else if (e.key === 'Backspace' && this.modeValue.startsWith('draw')) {
      this.sketch.pop();
      this.readout();
      this.redraw();
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && this.modeValue === 'edit') {
      this.deleteSelected();
    } else return;
    e.preventDefault();
  }

  /** The shape under a ground point: a fence or an area's edge within a few pixels, else the zone containing it. */
  private shapeAt(ground: Point): ShapeRef | null {
    const tolerance = SNAP_EDGE_PX * this.options.scene.metresPerPixel();
    const fences = this.plan.fences ?? [];
    for (let i = fences.length - 1; i >= 0; i--) {
      const edge = this.nearestEdge(fences[i].path as Point[], fences[i].closed ?? false, ground);
      if (edge && edge.distance <= tolerance) return { kind: 'fence', index: i };
    }
    const herbivores = this.plan.herbivores ?? [];
    for (let i = 0; i < herbivores.length; i++) {
      const area = herbivores[i].area as Point[] | undefined;
      const edge = area ? this.nearestEdge(area, true, ground) : null;
      if (edge && edge.distance <= tolerance) return { kind: 'area', index: i };
    }
    const zones = this.plan.plantings;
    for (let i = zones.length - 1; i >= 0; i--) if (pointInPolygon(zones[i].polygon as Point[], ground[0], ground[1])) return { kind: 'zone', index: i };
    return null;
  }

  private hitShape(ref: ShapeRef, ground: Point): boolean {
    const pts = shapeOf(this.plan, ref)!;
    if (ref.kind === 'zone' && pointInPolygon(pts, ground[0], ground[1])) return true;
    const edge = this.nearestEdge(pts, this.isClosed(ref), ground);
    return edge !== null && edge.distance <= SNAP_EDGE_PX * this.options.scene.metresPerPixel();
  }

  private isClosed(ref: ShapeRef): boolean {
    return ref.kind !== 'fence' || (this.plan.fences?.[ref.index]?.closed ?? false);
  }

  /** Index of the vertex within the snapping distance of a screen point, or −1. */
  private nearestVertex(pts: readonly Point[], sx: number, sy: number): number {
    let best = -1;
    let bestD = SNAP_VERTEX_PX;
    pts.forEach(([x, y], i) => {
      const s = this.options.scene.screenPoint(x, y);
      if (!s) return;
      const d = Math.hypot(s[0] - sx, s[1] - sy);
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }

  private nearestEdge(pts: readonly Point[], closed: boolean, p: Point): { index: number; point: Point; distance: number } | null {
    let best: { index: number; point: Point; distance: number } | null = null;
    const edges = closed ? pts.length : pts.length - 1;
    for (let i = 0; i < edges; i++) {
      const a = pts[i];
      const b = pts[(i + 1) % pts.length];
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
      const q: Point = [a[0] + t * dx, a[1] + t * dy];
      const distance = Math.hypot(p[0] - q[0], p[1] - q[1]);
      if (!best || distance < best.distance) best = { index: i, point: q, distance };
    }
    return best;
  }

  /**
   * Snaps a ground point to a vertex of any shape of the plan within a few pixels, else onto the
   * nearest edge within a few pixels; `skip` leaves out the vertex being dragged.
   */
  private snap(ground: Point, sx: number, sy: number, skip?: ShapeRef, skipVertex = -1): Point {
    const shapes = this.allShapes();
    for (const { ref, points } of shapes) {
      const dragged = skip && ref.kind === skip.kind && ref.index === skip.index;
      const candidates = dragged ? points.filter((_, i) => i !== skipVertex) : points;
      const v = this.nearestVertex(candidates, sx, sy);
      if (v >= 0) return [candidates[v][0], candidates[v][1]];
    }
    const tolerance = SNAP_EDGE_PX * this.options.scene.metresPerPixel();
    let best: { point: Point; distance: number } | null = null;
    for (const { ref, points, closed } of shapes) {
      if (skip && ref.kind === skip.kind && ref.index === skip.index) continue;
      const edge = this.nearestEdge(points, closed, ground);
      if (edge && edge.distance <= tolerance && (!best || edge.distance < best.distance)) best = edge;
    }
    return best ? best.point : ground;
  }

  private allShapes(): { ref: ShapeRef; points: Point[]; closed: boolean }[] {
    const plan = this.plan;
    return [
      ...plan.plantings.map((z, index) => ({ ref: { kind: 'zone' as const, index }, points: z.polygon as Point[], closed: true })),
      ...(plan.fences ?? []).map((f, index) => ({ ref: { kind: 'fence' as const, index }, points: f.path as Point[], closed: f.closed ?? false })),
      ...(plan.herbivores ?? []).flatMap((h, index) => (h.area ? [{ ref: { kind: 'area' as const, index }, points: h.area as Point[], closed: true }] : [])),
    ];
  }

  private closesOnFirst(point: Point): boolean {
    const first = this.sketch[0];
    const a = this.options.scene.screenPoint(first[0], first[1]);
    const b = this.options.scene.screenPoint(point[0], point[1]);
    return a !== null && b !== null && Math.hypot(a[0] - b[0], a[1] - b[1]) <= SNAP_VERTEX_PX;
  }

  /** The shape as it would be now: the sketch with the pointer, or the dragged shape. */
  private live(): { drawing?: SketchShape; selected?: SketchShape } {
    const out: { drawing?: SketchShape; selected?: SketchShape } = {};
    if (this.modeValue.startsWith('draw') && this.sketch.length > 0) {
      out.drawing = { points: this.hover ? [...this.sketch, this.hover] : this.sketch, closed: this.modeValue !== 'draw-fence' && this.sketch.length >= 2 };
    }
    const ref = this.selectedRef;
    const pts = ref ? shapeOf(this.plan, ref) : null;
    if (ref && pts) {
      let shown = pts;
      const d = this.drag;
      if (d && d.moved) {
        shown = d.vertex >= 0 ? pts.map((p, i) => (i === d.vertex ? d.last : p)) : pts.map(([x, y]) => [x + d.last[0] - d.from[0], y + d.last[1] - d.from[1]] as Point);
      }
      out.selected = { points: shown, closed: this.isClosed(ref) };
    }
    return out;
  }

  private readout(): void {
    const { drawing, selected } = this.live();
    const shape = drawing ?? (this.drag?.moved ? selected : undefined);
    if (!shape || shape.points.length < 2) {
      this.options.onReadout?.('');
      return;
    }
    const pts = shape.points as Point[];
    const ring = this.modeValue === 'draw-fence' ? false : shape.closed;
    const parts = [`${Math.round(polylineLength(pts, ring)).toLocaleString('en-GB')} m`];
    if (ring && pts.length >= 3) parts.push(`${(polygonArea(pts) / 10_000).toFixed(2)} ha`);
    this.options.onReadout?.(parts.join(' · '));
  }

  private redraw(): void {
    const problems = this.problemRefs.flatMap((ref) => {
      const pts = shapeOf(this.plan, ref);
      return pts ? [{ points: pts, closed: this.isClosed(ref) }] : [];
    });
    this.options.scene.showSketch({ ...this.live(), problems, ...this.changes });
  }
}
