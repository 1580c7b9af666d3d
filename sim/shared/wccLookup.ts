/**
 * The Woodland Carbon Code's own figure for a plan, set beside the model's: live-tree carbon from the
 * WCC Carbon Lookup Tables (cumulative tCO2e/ha by WCC model, spacing and yield class, in 5-year
 * steps) read for each zone's planting. Each species of a zone's mix is read on its WCC model's table
 * at the spacing nearest the zone's (100/√density m), at the lowest and the highest yield class the
 * table holds for it, weighted by its share of the mix, interpolated linearly between the 5-year
 * points (from none at planting) and scaled by the zone's area. The tables never set the model; they
 * are a published reference only. Plain code with no Node, so the page could read it too.
 */

/** The WCC Carbon Lookup Tables' growth models a species may be read on. */
export const WCC_MODELS = ['SS', 'SP', 'OK', 'SAB'] as const;
export type WccModel = (typeof WCC_MODELS)[number];

export const WCC_MODEL_NAMES: Record<WccModel, string> = { SS: 'Sitka spruce', SP: 'Scots pine', OK: 'oak', SAB: 'sycamore/ash/birch' };

/** One series of the tables: live-tree carbon, tCO2e/ha, at years since planting (rising: 5, 10, …). */
export interface WccSeries {
  model: string;
  spacingM: number;
  yieldClass: number;
  years: readonly number[];
  tco2ePerHa: readonly number[];
}

/** What the lookup needs of one zone of a plan. */
export interface WccZonePlan {
  areaHa: number;
  /** Stems per hectare planted. */
  density: number;
  /** Year of the run the zone is planted in: the tables' year 0. */
  plantingYear: number;
  /** The mix, each species with its share and WCC model (null where the library gives it none). */
  species: readonly { id: string; fraction: number; model: string | null }[];
}

/**
 * The lookup figure of a plan, per results zone (0 the whole site, then each planting zone in file
 * order) and year of the run (0 to `years`): tCO2e over the zone's area at the lowest and the highest
 * yield class, NaN where there is none (a species without a WCC model, or beyond the tables' last year).
 */
export interface WccLookup {
  years: number;
  low: Float64Array[];
  high: Float64Array[];
  /** Per results zone, in words: the tables read ("SS 2.0 m YC10–16"), or why there is no figure. */
  tables: string[];
}

/** The spacing a density stands for, metres between trees on a square grid. */
export const spacingOf = (densityPerHa: number) => 100 / Math.sqrt(densityPerHa);

/** Tonnes per hectare of a series at an age (years since planting): linear between its points, none at planting, NaN past its end. */
export function seriesAt(series: WccSeries, age: number): number {
  if (age <= 0) return 0;
  let y0 = 0;
  let v0 = 0;
  for (let i = 0; i < series.years.length; i++) {
    const y1 = series.years[i];
    const v1 = series.tco2ePerHa[i];
    if (age <= y1) return v0 + ((v1 - v0) * (age - y0)) / (y1 - y0);
    y0 = y1;
    v0 = v1;
  }
  return Number.NaN;
}

/** The series of a model at the spacing nearest `spacingM` (the closer, else the narrower), lowest and highest yield class. */
export function wccSeriesFor(table: readonly WccSeries[], model: string, spacingM: number): { low: WccSeries; high: WccSeries } | null {
  const ofModel = table.filter((s) => s.model === model);
  if (ofModel.length === 0) return null;
  const spacings = [...new Set(ofModel.map((s) => s.spacingM))].sort((a, b) => a - b);
  const nearest = spacings.reduce((best, s) => (Math.abs(s - spacingM) < Math.abs(best - spacingM) - 1e-9 ? s : best));
  const at = ofModel.filter((s) => s.spacingM === nearest).sort((a, b) => a.yieldClass - b.yieldClass);
  return { low: at[0], high: at[at.length - 1] };
}

const yc = (s: { low: WccSeries; high: WccSeries }) => (s.low.yieldClass === s.high.yieldClass ? `YC${s.low.yieldClass}` : `YC${s.low.yieldClass}–${s.high.yieldClass}`);

/** One zone's figures, year by year, with the tables it read. */
function zoneLookup(table: readonly WccSeries[], zone: WccZonePlan, years: number): { low: Float64Array; high: Float64Array; tables: string } {
  const low = new Float64Array(years + 1);
  const high = new Float64Array(years + 1);
  const spacing = spacingOf(zone.density);
  const parts: { fraction: number; low: WccSeries; high: WccSeries }[] = [];
  const words: string[] = [];
  for (const s of zone.species) {
    if (s.fraction <= 0) continue;
    const found = s.model === null ? null : wccSeriesFor(table, s.model, spacing);
    if (!found) {
      low.fill(Number.NaN);
      high.fill(Number.NaN);
      return { low, high, tables: `no WCC lookup: ${s.id} has no WCC model` };
    }
    parts.push({ fraction: s.fraction, ...found });
    const read = `${found.low.model} ${found.low.spacingM.toFixed(1)} m ${yc(found)}`;
    words.push(zone.species.length > 1 ? `${s.id} ${Math.round(s.fraction * 1000) / 10}% on ${read}` : read);
  }
  for (let year = 0; year <= years; year++) {
    const age = year - zone.plantingYear;
    let l = 0;
    let h = 0;
    for (const p of parts) {
      l += p.fraction * seriesAt(p.low, age);
      h += p.fraction * seriesAt(p.high, age);
    }
    low[year] = l * zone.areaHa;
    high[year] = h * zone.areaHa;
  }
  return { low, high, tables: words.join(' + ') };
}

/** The lookup figure of every zone of a plan and of the whole site (their sum), for years 0 to `years`. */
export function wccLookup(table: readonly WccSeries[], zones: readonly WccZonePlan[], years: number): WccLookup {
  const each = zones.map((z) => zoneLookup(table, z, years));
  const siteLow = new Float64Array(years + 1);
  const siteHigh = new Float64Array(years + 1);
  for (const z of each) {
    for (let y = 0; y <= years; y++) {
      siteLow[y] += z.low[y];
      siteHigh[y] += z.high[y];
    }
  }
  const missing = each.find((z) => Number.isNaN(z.low[0]));
  return {
    years,
    low: [siteLow, ...each.map((z) => z.low)],
    high: [siteHigh, ...each.map((z) => z.high)],
    tables: [missing ? missing.tables : 'the sum of the zones', ...each.map((z) => z.tables)],
  };
}

/** A zone's [low, high] figure in a year, or null where the tables give none. */
export function wccLookupAt(lookup: WccLookup | undefined, zone: number, year: number): [number, number] | null {
  const low = lookup?.low[zone]?.[year];
  const high = lookup?.high[zone]?.[year];
  return low === undefined || high === undefined || Number.isNaN(low) || Number.isNaN(high) ? null : [low, high];
}
