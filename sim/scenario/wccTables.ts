import { readFileSync } from 'node:fs';
import { csvParse } from 'd3-dsv';
import { assetPath } from '../assets.js';
import { openRing, polygonArea } from '../shared/polygon.js';
import { wccLookup, type WccLookup, type WccSeries } from '../shared/wccLookup.js';
import type { ResolvedScenario } from './resolved.js';

/**
 * The Woodland Carbon Code Carbon Lookup Tables v2.0 (2018), live trees, no thinning, as the model
 * validation reads them (assets/validation/wcc-live-tree-carbon.csv): the validation's test table,
 * read here too for the lookup figure the units tables set beside the model's. Nothing of the model is
 * fitted to it.
 */
export const WCC_TABLE_FILE = ['validation', 'wcc-live-tree-carbon.csv'] as const;

let cached: WccSeries[] | undefined;

/** Every series of the tables, by model, spacing and yield class, years rising. */
export function loadWccTables(): WccSeries[] {
  cached ??= parseWccTables(readFileSync(assetPath(...WCC_TABLE_FILE), 'utf8'));
  return cached;
}

/** Parses the tables' CSV (lines starting `#` are notes): wcc_model, spacing_m, yield_class, year, live_tco2e_per_ha. */
export function parseWccTables(text: string): WccSeries[] {
  const rows = csvParse(text.split('\n').filter((l) => !l.startsWith('#')).join('\n'));
  const byKey = new Map<string, { model: string; spacingM: number; yieldClass: number; points: [number, number][] }>();
  rows.forEach((r, i) => {
    const spacingM = Number(r.spacing_m);
    const yieldClass = Number(r.yield_class);
    const year = Number(r.year);
    const value = Number(r.live_tco2e_per_ha);
    if (!r.wcc_model || ![spacingM, yieldClass, year, value].every(Number.isFinite) || year <= 0) {
      throw new Error(`${WCC_TABLE_FILE.join('/')}: row ${i + 1} is not a model, spacing, yield class, year after planting and tCO2e/ha`);
    }
    const key = `${r.wcc_model}|${spacingM}|${yieldClass}`;
    const series = byKey.get(key) ?? { model: r.wcc_model, spacingM, yieldClass, points: [] };
    byKey.set(key, series);
    series.points.push([year, value]);
  });
  return [...byKey.values()].map((s) => {
    const points = s.points.sort((a, b) => a[0] - b[0]);
    return { model: s.model, spacingM: s.spacingM, yieldClass: s.yieldClass, years: points.map((p) => p[0]), tco2ePerHa: points.map((p) => p[1]) };
  });
}

/** The lookup figure of a resolved plan: each zone's mix on its species' WCC models, years 0 to the plan's last. */
export function wccLookupOf(resolved: ResolvedScenario): WccLookup {
  const modelOf = new Map(resolved.speciesIds.map((id, i) => [id, resolved.species[i].wccModel?.value ?? null]));
  const sc = resolved.scenario;
  const zones = sc.plantings.map((p) => ({
    areaHa: polygonArea(openRing(p.polygon)) / 10_000,
    density: p.density,
    plantingYear: p.year,
    species: p.species.map((s) => ({ id: s.species, fraction: s.fraction, model: modelOf.get(s.species) ?? null })),
  }));
  return wccLookup(loadWccTables(), zones, sc.years);
}
