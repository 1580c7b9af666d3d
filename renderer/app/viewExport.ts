/**
 * The 3D view saved as a figure: the picture as drawn, with a strip below it holding a caption
 * (scenario, run, year, shading) and a legend of what is drawn (species colours, zones, fences), so
 * a PNG dropped into a report needs no explanation beside it.
 */
import type { SiteView } from '../../sim/hostApi/api.js';
import { speciesColors } from '../scene/speciesPalette.js';

export interface LegendEntry {
  label: string;
  /** CSS colour of the swatch. */
  colour: string;
  /** A line (fence) rather than a filled swatch. */
  line?: boolean;
}

const css = ([r, g, b]: readonly [number, number, number]) => `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)})`;

/** The legend of a site's view: each species' tree colour, then zones and fences. */
export function legendEntries(site: SiteView): LegendEntry[] {
  const colours = speciesColors(site.species);
  return [
    ...site.species.map((s, i) => ({ label: s.name, colour: css(colours[i]) })),
    ...(site.zones.length ? [{ label: 'planting zone', colour: 'rgba(255, 255, 255, 0.6)' }] : []),
    ...(site.fences.length ? [{ label: 'fence', colour: '#111', line: true }] : []),
  ];
}

/** PNG bytes of the view canvas with the caption and legend strip under it; null if the browser cannot encode. */
export async function viewPng(view: HTMLCanvasElement, caption: string, legend: readonly LegendEntry[]): Promise<Uint8Array | null> {
  const strip = 48;
  const out = document.createElement('canvas');
  out.width = view.width;
  out.height = view.height + strip;
  const g = out.getContext('2d');
  if (!g) return null;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(view, 0, 0);
  g.fillStyle = '#222';
  g.font = '14px sans-serif';
  g.textBaseline = 'middle';
  g.fillText(caption, 10, view.height + 14);
  let x = 10;
  const y = view.height + 35;
  g.font = '12px sans-serif';
  for (const entry of legend) {
    if (entry.line) {
      g.strokeStyle = entry.colour;
      g.lineWidth = 3;
      g.beginPath();
      g.moveTo(x, y);
      g.lineTo(x + 16, y);
      g.stroke();
    } else {
      g.fillStyle = entry.colour;
      g.fillRect(x, y - 6, 16, 12);
      g.strokeStyle = '#666';
      g.lineWidth = 1;
      g.strokeRect(x, y - 6, 16, 12);
    }
    g.fillStyle = '#222';
    g.fillText(entry.label, x + 22, y);
    x += 22 + g.measureText(entry.label).width + 18;
  }
  const blob = await new Promise<Blob | null>((r) => out.toBlob(r, 'image/png'));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}
