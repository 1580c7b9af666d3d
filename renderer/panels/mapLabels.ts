import type { ZoneView } from '../../sim/hostApi/api.js';
import type { ForestScene } from '../scene/sceneView.js';

/** The area-weighted centroid of a polygon (its vertex mean when degenerate). */
export function centroid(polygon: readonly (readonly [number, number])[]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [x0, y0] = polygon[j];
    const [x1, y1] = polygon[i];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-9) {
    const n = Math.max(1, polygon.length);
    return [polygon.reduce((s, p) => s + p[0], 0) / n, polygon.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * Names laid over the view where their shapes are: each planting zone's at its centroid, and a ring
 * round what the Inspect panel shows. Positions follow the camera after each rendered frame.
 */
export class MapLabels {
  private zones: { el: HTMLElement; at: [number, number] }[] = [];
  private highlight: { at: [number, number] } | null = null;
  private readonly ring: HTMLElement;

  constructor(
    private readonly scene: ForestScene,
    private readonly box: HTMLElement,
  ) {
    this.ring = document.createElement('div');
    this.ring.className = 'inspect-ring';
    this.ring.hidden = true;
    box.append(this.ring);
  }

  setZones(zones: readonly ZoneView[]): void {
    for (const z of this.zones) z.el.remove();
    this.zones = zones.map((zone) => {
      const el = document.createElement('div');
      el.className = 'zone-label';
      el.textContent = zone.name;
      el.dataset.zone = zone.name;
      this.box.append(el);
      return { el, at: centroid(zone.polygon) };
    });
    this.update();
  }

  /** Rings a ground point (terrain coordinates), or clears the ring. */
  setHighlight(at: [number, number] | null): void {
    this.highlight = at ? { at } : null;
    this.update();
  }

  setVisible(visible: boolean): void {
    this.box.hidden = !visible;
  }

  update(): void {
    const [w, h] = [this.box.clientWidth, this.box.clientHeight];
    const onView = (p: [number, number] | null) => (p && p[0] >= 0 && p[1] >= 0 && p[0] <= w && p[1] <= h ? p : null);
    for (const z of this.zones) place(z.el, onView(this.scene.screenPoint(z.at[0], z.at[1])));
    place(this.ring, this.highlight ? onView(this.scene.screenPoint(this.highlight.at[0], this.highlight.at[1])) : null);
  }
}

function place(el: HTMLElement, at: [number, number] | null): void {
  el.hidden = !at;
  if (at) el.style.transform = `translate(${at[0].toFixed(0)}px, ${at[1].toFixed(0)}px) translate(-50%, -50%)`;
}
