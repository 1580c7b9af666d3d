import { PNG } from 'pngjs';
import { openRing } from '../shared/polygon.js';
import type { Scenario } from '../scenario/schema.js';
import { terrainHeight, terrainSouth, terrainWidth, type Terrain } from '../terrain/terrain.js';
import { escapeXml } from '../output/format.js';
import { zoneHex } from '../shared/zonePalette.js';

/** Colours of the report's chart series, in results order; "all" (the whole site) takes the first. */
export const ZONE_COLOURS = ['#333333', '#1b7837', '#c2410c', '#2563eb', '#9333ea', '#0f766e', '#b45309', '#be123c'];
export const zoneColour = (zone: number) => ZONE_COLOURS[zone % ZONE_COLOURS.length];

/**
 * The ground as a picture: elevation tinted green (low) to brown (high) and lit from the north-west
 * by its slope and aspect, one pixel per terrain cell (at most 600 across), as a PNG data URL.
 */
function reliefImage(t: Terrain): { url: string; width: number; height: number } {
  const step = Math.max(1, Math.ceil(Math.max(t.cols, t.rows) / 600));
  const w = Math.ceil(t.cols / step);
  const h = Math.ceil(t.rows / step);
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of t.elevation) {
    if (Number.isNaN(e)) continue;
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
  }
  const png = new PNG({ width: w, height: h });
  const sun = (315 * Math.PI) / 180;
  const altitude = (45 * Math.PI) / 180;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * step * t.cols + c * step;
      const o = (r * w + c) * 4;
      const e = t.elevation[i];
      if (Number.isNaN(e)) {
        png.data[o + 3] = 0;
        continue;
      }
      const u = hi > lo ? (e - lo) / (hi - lo) : 0;
      const slope = (t.slope[i] * Math.PI) / 180;
      const aspect = (t.aspect[i] * Math.PI) / 180;
      const lit = Math.max(0, Math.sin(altitude) * Math.cos(slope) + Math.cos(altitude) * Math.sin(slope) * Math.cos(sun - aspect));
      const light = 0.55 + 0.45 * lit;
      png.data[o] = Math.round((150 + 80 * u) * light);
      png.data[o + 1] = Math.round((190 - 40 * u) * light);
      png.data[o + 2] = Math.round((130 - 30 * u) * light);
      png.data[o + 3] = 255;
    }
  }
  return { url: `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`, width: w, height: h };
}

/** Something drawn over the zones and fences (a survey's plots), in map pixels, with its legend entries. */
export interface MapOverlay {
  /** SVG of the marks, given the map's x and y of a terrain coordinate and its pixels per metre. */
  marks: (X: (x: number) => string, Y: (y: number) => string, pxPerMetre: number) => string;
  /** Legend entries, each SVG of a 14 × 10 swatch and its text from x = 20, as the map's own. */
  legend: string[];
}

/** A round length for a scale bar about a fifth of `span` metres. */
function scaleLength(span: number): number {
  const target = span / 5;
  const pow = 10 ** Math.floor(Math.log10(target));
  return [1, 2, 5, 10].map((k) => k * pow).filter((v) => v <= target).pop() ?? pow;
}

/**
 * The site map of a plan as SVG, in the terrain's own coordinates: the relief, planting zones with
 * their names in the colours the page's map gives them, fences, the herds' roaming areas, coordinate
 * ticks on the edges, a scale bar, north, and a legend of what is drawn; `overlay` over them all.
 */
export function siteMapSvg(scenario: Scenario, terrain: Terrain, widthPx = 720, overlay?: MapOverlay): string {
  const west = terrain.west;
  const north = terrain.north;
  const width = terrainWidth(terrain);
  const height = terrainHeight(terrain);
  const px = widthPx / width;
  const heightPx = Math.round(height * px);
  const X = (x: number) => ((x - west) * px).toFixed(1);
  const Y = (y: number) => ((north - y) * px).toFixed(1);
  const pts = (ring: readonly [number, number][]) => ring.map(([x, y]) => `${X(x)},${Y(y)}`).join(' ');
  const relief = reliefImage(terrain);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="site-map" viewBox="0 0 ${widthPx} ${heightPx + 40}" width="${widthPx}" height="${heightPx + 40}" role="img" aria-label="Site map">`,
    `<image href="${relief.url}" x="0" y="0" width="${widthPx}" height="${heightPx}" preserveAspectRatio="none" style="image-rendering:pixelated"/>`,
  ];
  scenario.herbivores.forEach((hb) => {
    if (hb.area) parts.push(`<polygon points="${pts(openRing(hb.area))}" fill="none" stroke="#7c2d12" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  });
  scenario.plantings.forEach((p, z) => {
    const ring = openRing(p.polygon);
    const cx = ring.reduce((s, q) => s + q[0], 0) / ring.length;
    const cy = ring.reduce((s, q) => s + q[1], 0) / ring.length;
    parts.push(
      `<polygon data-zone="${escapeXml(p.name)}" points="${pts(ring)}" fill="${zoneHex(z)}" fill-opacity="0.35" stroke="${zoneHex(z)}" stroke-width="2.5"/>`,
      `<text x="${X(cx)}" y="${Y(cy)}" text-anchor="middle" font-size="13" font-weight="600" fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(p.name)}</text>`,
    );
  });
  for (const f of scenario.fences) {
    const path = f.closed ? openRing(f.path) : f.path;
    const tag = f.closed ? 'polygon' : 'polyline';
    parts.push(`<${tag} data-fence="${escapeXml(f.name)}" points="${pts(path)}" fill="none" stroke="#111" stroke-width="2.5"/>`);
  }
  if (overlay) parts.push(overlay.marks(X, Y, px));
  const bar = scaleLength(width);
  const barPx = bar * px;
  const label = bar >= 1000 ? `${bar / 1000} km` : `${bar} m`;
  // Coordinates on the edges, every scale-bar length: eastings along the top, northings down the left.
  const south = terrainSouth(terrain);
  const ticks: string[] = [];
  for (let e = Math.ceil(west / bar) * bar; e <= west + width; e += bar) {
    ticks.push(`<line x1="${X(e)}" y1="0" x2="${X(e)}" y2="6" stroke="#111"/><text x="${X(e)}" y="16" font-size="10" text-anchor="middle" fill="#111" stroke="#fff" stroke-width="2.5" paint-order="stroke">${Math.round(e)}</text>`);
  }
  for (let n = Math.ceil(south / bar) * bar; n <= north; n += bar) {
    ticks.push(`<line x1="0" y1="${Y(n)}" x2="6" y2="${Y(n)}" stroke="#111"/><text x="8" y="${(Number(Y(n)) + 3).toFixed(1)}" font-size="10" fill="#111" stroke="#fff" stroke-width="2.5" paint-order="stroke">${Math.round(n)}</text>`);
  }
  parts.push(`<g class="coordinates">${ticks.join('')}</g>`);
  const by = heightPx + 22;
  parts.push(
    `<g class="scale-bar"><rect x="10" y="${by - 6}" width="${barPx.toFixed(1)}" height="6" fill="#111"/><text x="${(10 + barPx + 6).toFixed(1)}" y="${by}" font-size="12">${label}</text></g>`,
    `<g class="north"><path d="M ${widthPx - 20} ${by} l 6 -16 l 6 16 z" fill="#111" transform="translate(-6 0)"/><text x="${widthPx - 38}" y="${by}" font-size="12">N</text></g>`,
    `<text x="${widthPx / 2}" y="${by}" font-size="11" text-anchor="middle" fill="#444">${escapeXml(terrain.crs)}: ${Math.round(west)}–${Math.round(west + width)} E, ${Math.round(south)}–${Math.round(north)} N (m)</text>`,
  );
  // The legend: each zone in its colour, fences, and the herds' roaming areas where drawn.
  const items: string[] = scenario.plantings.map(
    (p, z) => `<g data-legend-zone="${escapeXml(p.name)}"><rect width="14" height="10" fill="${zoneHex(z)}" fill-opacity="0.6" stroke="${zoneHex(z)}" stroke-width="2"/><text x="20" y="9" font-size="11">zone ${escapeXml(p.name)}</text></g>`,
  );
  if (scenario.fences.length > 0) items.push('<g data-legend="fence"><line x1="0" y1="5" x2="14" y2="5" stroke="#111" stroke-width="2.5"/><text x="20" y="9" font-size="11">fence</text></g>');
  if (scenario.herbivores.some((hb) => hb.area)) items.push('<g data-legend="roaming"><line x1="0" y1="5" x2="14" y2="5" stroke="#7c2d12" stroke-width="1.5" stroke-dasharray="4 3"/><text x="20" y="9" font-size="11">where the herd roams</text></g>');
  if (overlay) items.push(...overlay.legend);
  const perRow = Math.max(1, Math.floor(widthPx / 180));
  const legendRows = Math.ceil(items.length / perRow);
  parts.push(
    `<g class="legend" transform="translate(10 ${heightPx + 36})">${items.map((item, i) => `<g transform="translate(${(i % perRow) * 180} ${Math.floor(i / perRow) * 16})">${item}</g>`).join('')}</g>`,
    '</svg>',
  );
  const total = heightPx + 40 + legendRows * 16 + 6;
  parts[0] = `<svg xmlns="http://www.w3.org/2000/svg" class="site-map" viewBox="0 0 ${widthPx} ${total}" width="${widthPx}" height="${total}" role="img" aria-label="Site map">`;
  return parts.join('\n');
}
