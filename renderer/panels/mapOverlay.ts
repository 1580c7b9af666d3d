import type { ForestScene } from '../scene/sceneView.js';

/** Lengths a scale bar may show, metres: 1, 2 and 5 times a power of ten. */
export function niceLength(atMost: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(atMost, 1e-9)));
  for (const f of [5, 2, 1]) if (f * power <= atMost) return f * power;
  return power;
}

/**
 * The map's furniture over the view: a north arrow that turns with the camera (north is +y in the
 * terrain's CRS), and in map mode a scale bar of a round length. Updated after each rendered frame.
 */
export class MapOverlay {
  private last = '';

  constructor(
    private readonly scene: ForestScene,
    private readonly north: HTMLElement,
    private readonly scale: HTMLElement,
  ) {}

  update(): void {
    const centre = this.scene.viewCentre();
    if (!centre) return;
    const mpp = this.scene.metresPerPixel();
    const a = this.scene.screenPoint(centre[0], centre[1]);
    const b = this.scene.screenPoint(centre[0], centre[1] + 50 * mpp);
    const angle = a && b ? (Math.atan2(b[0] - a[0], a[1] - b[1]) * 180) / Math.PI : 0;
    const length = niceLength(140 * mpp);
    const key = `${angle.toFixed(1)}|${length}|${(length / mpp).toFixed(0)}|${this.scene.isMapMode}`;
    if (key === this.last) return;
    this.last = key;
    this.north.style.transform = `rotate(${angle.toFixed(1)}deg)`;
    this.north.title = 'North';
    this.scale.hidden = !this.scene.isMapMode;
    const bar = this.scale.querySelector<HTMLElement>('.bar');
    const label = this.scale.querySelector<HTMLElement>('.label');
    if (bar) bar.style.width = `${(length / mpp).toFixed(0)}px`;
    if (label) label.textContent = length >= 1000 ? `${length / 1000} km` : `${length} m`;
    this.scale.dataset.metres = String(length);
  }
}
