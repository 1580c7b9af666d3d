import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zoneColor } from '../../renderer/scene/zoneLayer.js';
import { siteMapSvg } from '../../sim/report/map.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { projectRoot } from '../helpers.js';

describe("the report's site map", () => {
  it("draws each zone in the page map's colour, with a legend and the terrain's coordinates on its edges", async () => {
    const examples = join(projectRoot, 'assets', 'scenarios');
    const loaded = await loadScenario(JSON.parse(readFileSync(join(examples, 'default.json'), 'utf8')), { baseDir: examples });
    const sc = loaded.resolved.scenario;
    const svg = siteMapSvg(sc, loaded.terrain);
    const hex = (rgb: readonly number[]) => `#${rgb.map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('')}`;
    sc.plantings.forEach((p, z) => {
      const polygon = new RegExp(`<polygon data-zone="${p.name}"[^>]*fill="(#[0-9a-f]{6})"`).exec(svg);
      expect(polygon?.[1]).toBe(hex(zoneColor(z)));
      // The legend names the zone beside a swatch of the same colour.
      expect(svg).toMatch(new RegExp(`<g data-legend-zone="${p.name}"><rect [^>]*fill="${hex(zoneColor(z))}"[^>]*/><text[^>]*>zone ${p.name}</text>`));
    });
    expect(svg).toContain('<g data-legend="fence">');
    // Eastings along the top and northings down the left, inside the terrain's extent, every scale-bar length.
    const ticks = [...svg.matchAll(/<text x="[\d.]+" y="16" [^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const e of ticks) {
      expect(e).toBeGreaterThanOrEqual(loaded.terrain.west);
      expect(e).toBeLessThanOrEqual(loaded.terrain.west + loaded.terrain.cols * loaded.terrain.cellSize);
    }
    expect(new Set(ticks.slice(1).map((e, i) => e - ticks[i])).size).toBe(1);
    expect(svg).toMatch(/LOCAL: 0–2000 E, 0–1500 N \(m\)/);
  });
});
