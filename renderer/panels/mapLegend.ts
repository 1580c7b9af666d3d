import type { SiteView } from '../../sim/hostApi/api.js';
import { LINE_COLOR } from '../scene/fenceLayer.js';
import { type ShadingMode, shadingScale } from '../scene/shadingRamps.js';
import { speciesColors } from '../scene/speciesPalette.js';
import { BROWSED_TINT, DEAD_TINT } from '../scene/treeLayer.js';
import { zoneColor } from '../scene/zoneLayer.js';

const css = ([r, g, b]: readonly number[]) => `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;
const mix = (a: readonly number[], b: readonly number[], t: number) => a.map((v, i) => v + (b[i] - v) * t);
const fmt = (v: number, digits = 0) => v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function swatchRow(colour: string, label: string, kind: 'fill' | 'line' | 'dot' = 'fill'): HTMLElement {
  const row = el('li');
  const sw = el('span', `swatch ${kind}`);
  sw.style.setProperty('--swatch', colour);
  row.append(sw, el('span', undefined, label));
  return row;
}

/**
 * What the map's colours mean, and what lies under the cursor: the shading mode's colour scale in
 * its units, the zones by name, fences and breaches, the trees' species and tints; below it the
 * ground under the pointer (coordinates, elevation, slope, each species' suitability).
 */
/** A legend section of its own beside the site's: a survey's plots, say. */
export interface LegendSection {
  title: string;
  entries: { colour: readonly number[]; label: string }[];
  /** A line under the entries saying what they are measured against. */
  note?: string;
}

export class MapLegend {
  private site: SiteView | null = null;
  private shading: ShadingMode = 'elevation';
  private extra: LegendSection | null = null;

  constructor(
    private readonly box: HTMLElement,
    private readonly readout: HTMLElement,
  ) {}

  /** Adds a section under the site's (null takes it away); it stays while other sites are shown. */
  setSection(section: LegendSection | null): void {
    this.extra = section;
    if (this.site) this.show(this.site, this.shading);
  }

  show(site: SiteView, shading: ShadingMode): void {
    this.site = site;
    this.shading = shading;
    const scale = shadingScale(shading, site.terrain);
    const shade = el('div', 'legend-scale');
    shade.dataset.mode = shading;
    const bar = el('div', 'bar');
    bar.style.background = `linear-gradient(to right, ${scale.gradient})`;
    const ticks = el('div', 'ticks');
    for (const t of scale.ticks) {
      const tick = el('span', undefined, t.label);
      tick.style.left = `${(t.at * 100).toFixed(1)}%`;
      // The end labels stay inside the bar's width.
      tick.style.transform = `translateX(${t.at <= 0 ? 0 : t.at >= 1 ? -100 : -50}%)`;
      ticks.append(tick);
    }
    shade.append(el('h4', undefined, scale.title), bar, ticks);

    const zones = el('ul', 'legend-list');
    site.zones.forEach((z, i) => zones.append(swatchRow(css(zoneColor(i)), `${z.name} (${fmt(z.areaHa, 1)} ha)`, 'line')));
    const fences = el('ul', 'legend-list');
    if (site.fences.length) fences.append(swatchRow(css([LINE_COLOR.r, LINE_COLOR.g, LINE_COLOR.b]), `fence (${site.fences.length})`, 'line'), swatchRow('rgb(242, 26, 20)', 'open breach', 'dot'));
    if (site.herbivores.length) fences.append(swatchRow('rgb(115, 71, 41)', site.herbivores.map((h) => h.name).join(', '), 'dot'));
    const trees = el('ul', 'legend-list');
    const colours = speciesColors(site.species);
    site.species.forEach((s, i) => trees.append(swatchRow(css(colours[i]), s.name)));
    if (site.species.length) {
      const base = colours[0];
      trees.append(swatchRow(css(mix(base, BROWSED_TINT, 0.55)), 'browsed this year'), swatchRow(css(mix(base, DEAD_TINT, 0.75)), 'dead (fades out)'));
    }
    const parts: HTMLElement[] = [shade];
    if (site.zones.length) parts.push(el('h4', undefined, 'Planting zones'), zones);
    if (fences.childElementCount) parts.push(el('h4', undefined, 'Fences and herbivores'), fences);
    if (site.species.length) parts.push(el('h4', undefined, 'Trees'), trees);
    if (this.extra) {
      const list = el('ul', 'legend-list');
      list.dataset.section = this.extra.title;
      for (const e of this.extra.entries) list.append(swatchRow(css(e.colour), e.label, 'dot'));
      parts.push(el('h4', undefined, this.extra.title), list);
      if (this.extra.note) parts.push(el('p', 'hint legend-note', this.extra.note));
    }
    this.box.replaceChildren(...parts);
    this.readAt(null);
  }

  /** The readout for a ground point in terrain coordinates (null: the pointer is off the site). */
  readAt(point: [number, number] | null): void {
    const site = this.site;
    if (!site || !point) {
      this.readout.textContent = 'Point at the ground to read elevation, slope and suitability.';
      delete this.readout.dataset.elevation;
      return;
    }
    const t = site.terrain;
    const col = Math.floor((point[0] - t.west) / t.cellSize);
    const row = t.rows - 1 - Math.floor((point[1] - t.south) / t.cellSize);
    if (col < 0 || row < 0 || col >= t.cols || row >= t.rows) return this.readAt(null);
    const i = row * t.cols + col;
    const z = t.elevation[i];
    const parts = [`E ${fmt(point[0])}`, `N ${fmt(point[1])}`];
    if (Number.isNaN(z)) parts.push('outside the site (NODATA)');
    else {
      parts.push(`${fmt(z)} m`, `slope ${fmt(t.slope[i])}°`);
      const suit = site.species.map((s, k) => `${s.name} ${fmt((site.suitability[k]?.[i] ?? 0) / 255, 2)}`);
      if (suit.length) parts.push(`suitability: ${suit.join(', ')}`);
    }
    this.readout.textContent = parts.join(' · ');
    this.readout.dataset.elevation = Number.isNaN(z) ? '' : String(z);
  }
}
