import type { RunSummary } from './runResult.js';

/**
 * A run's stand structure, as iLand and LANDIS-II users read it: each species' figures per zone and
 * year, and the distribution of live stems over height and diameter classes per zone and year.
 *
 * A replicate's structure is one Float64Array laid out [year][zone column][entry], zone column 0 the
 * whole site and z + 1 planting z, as the yearly metrics are. Each zone column holds, in order:
 * SPECIES_FIELDS for each species of the run (in `speciesIds` order), then live stems per hectare in
 * each height class, then in each diameter class.
 */

/** Each species' figures in a zone and year; the names carry their units, as the metrics' do. */
export const SPECIES_FIELDS = ['stems_per_ha', 'carbon_tco2e', 'mean_height_m', 'basal_area_m2_per_ha'] as const;
export type SpeciesField = (typeof SPECIES_FIELDS)[number];

export const SPECIES_FIELD_LABELS: { readonly [K in SpeciesField]: { readonly name: string; readonly unit: string } } = {
  stems_per_ha: { name: 'Stems per hectare', unit: 'stems/ha' },
  carbon_tco2e: { name: 'Carbon', unit: 'tCO2e' },
  mean_height_m: { name: 'Mean height', unit: 'm' },
  basal_area_m2_per_ha: { name: 'Basal area', unit: 'm2/ha' },
};

/** Upper edges of the height classes, m: the last class holds every taller stem. */
export const HEIGHT_CLASS_EDGES_M = [0.5, 1, 1.5, 2, 3, 4, 6, 8, 10, 15, 20, 25, 30] as const;
/**
 * Upper edges of the diameter classes at breast height, cm, after a first class of stems not yet
 * 1.3 m tall (no diameter at breast height): the last class holds every thicker stem.
 */
export const DIAMETER_CLASS_EDGES_CM = [5, 10, 15, 20, 25, 30, 35, 40, 50, 60] as const;

export const HEIGHT_CLASSES = HEIGHT_CLASS_EDGES_M.length + 1;
export const DIAMETER_CLASSES = DIAMETER_CLASS_EDGES_CM.length + 2;

export type SizeClassKind = 'height' | 'diameter';

/** A class in words for tables and axes: "0–0.5", "30+", "below 1.3 m". */
export function sizeClassLabels(kind: SizeClassKind): string[] {
  const edges: readonly number[] = kind === 'height' ? HEIGHT_CLASS_EDGES_M : DIAMETER_CLASS_EDGES_CM;
  const ranges = [...edges.map((e, i) => `${i === 0 ? 0 : edges[i - 1]}–${e}`), `${edges[edges.length - 1]}+`];
  return kind === 'height' ? ranges : ['below 1.3 m', ...ranges];
}

/** The lower and upper edges of each class (the open last class has no upper edge; the unmeasured diameter class has neither). */
export function sizeClassEdges(kind: SizeClassKind): Array<[number | null, number | null]> {
  const edges: readonly number[] = kind === 'height' ? HEIGHT_CLASS_EDGES_M : DIAMETER_CLASS_EDGES_CM;
  const ranges: Array<[number | null, number | null]> = [...edges.map((e, i): [number, number] => [i === 0 ? 0 : edges[i - 1], e]), [edges[edges.length - 1], null]];
  return kind === 'height' ? ranges : [[null, null], ...ranges];
}

/** Where each part of a zone column lies, for a run of `species` species. */
export interface StructureLayout {
  species: number;
  /** Zone columns: the whole site, then each planting. */
  zones: number;
  years: number;
}

/** Entries in one zone column of one year. */
export function entriesPerZone(species: number): number {
  return species * SPECIES_FIELDS.length + HEIGHT_CLASSES + DIAMETER_CLASSES;
}

export function structureLength(layout: StructureLayout): number {
  return (layout.years + 1) * layout.zones * entriesPerZone(layout.species);
}

/** Index of a zone column's first entry in a year. */
export function zoneBase(layout: StructureLayout, year: number, zone: number): number {
  return (year * layout.zones + zone) * entriesPerZone(layout.species);
}

export function speciesIndex(layout: StructureLayout, year: number, zone: number, species: number, field: number): number {
  return zoneBase(layout, year, zone) + species * SPECIES_FIELDS.length + field;
}

export function classIndex(layout: StructureLayout, year: number, zone: number, kind: SizeClassKind, k: number): number {
  const first = zoneBase(layout, year, zone) + layout.species * SPECIES_FIELDS.length;
  return kind === 'height' ? first + k : first + HEIGHT_CLASSES + k;
}

/** A run's structure: per replicate, and its mean and percentiles cell by cell, laid out alike. */
export interface RunStructure {
  /** The library ids of the run's species, in layout order. */
  speciesIds: string[];
  /** The species' names in words, in the same order. */
  speciesNames: string[];
  perReplicate: Float64Array[];
  /** As `summarise` gives it. */
  summary: RunSummary;
}
