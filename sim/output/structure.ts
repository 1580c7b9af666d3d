import type { RunResult } from '../shared/runResult.js';
import { SUMMARY_STATS } from '../shared/runResult.js';
import {
  DIAMETER_CLASSES,
  HEIGHT_CLASSES,
  SPECIES_FIELDS,
  classIndex,
  sizeClassEdges,
  sizeClassLabels,
  speciesIndex,
  type RunStructure,
  type SizeClassKind,
  type SpeciesField,
  type StructureLayout,
} from '../shared/structure.js';
import { csvLines } from './csvLines.js';

/** Decimal places of each species field, before the two more an average across replicates gets. */
const DECIMALS: { readonly [K in SpeciesField]: number } = { stems_per_ha: 1, carbon_tco2e: 3, mean_height_m: 3, basal_area_m2_per_ha: 3 };

export const SPECIES_COLUMNS = ['scenario', 'replicates', 'year', 'zone', 'species', ...SPECIES_FIELDS.flatMap((f) => SUMMARY_STATS.map((s) => `${f}_${s}`))] as const;

export const SIZE_CLASS_COLUMNS = [
  'scenario',
  'replicates',
  'year',
  'zone',
  'kind',
  'class',
  'lower',
  'upper',
  'unit',
  ...SUMMARY_STATS.map((s) => `stems_per_ha_${s}`),
] as const;

function structureOf(result: RunResult): RunStructure {
  if (!result.structure) throw new Error('this run did not record the stand structure');
  return result.structure;
}

export function layoutOf(result: RunResult): StructureLayout {
  return { species: structureOf(result).speciesIds.length, zones: result.zones.length, years: result.years };
}

const fixed = (value: number, decimals: number) => {
  const s = value.toFixed(decimals);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
};

/**
 * Each species' stems per hectare, carbon, mean height and basal area per year and zone, as mean,
 * p5, p50 and p95 across replicates: one row per year, zone (zone "all" first) and species (library
 * id), for every species the run plants or regenerates.
 */
export function speciesCsv(result: RunResult): string {
  const st = structureOf(result);
  const layout = layoutOf(result);
  const rows: string[][] = [[...SPECIES_COLUMNS]];
  for (let year = 0; year <= result.years; year++) {
    for (let z = 0; z < layout.zones; z++) {
      for (let s = 0; s < layout.species; s++) {
        const row = [result.scenarioName, String(result.replicates), String(year), result.zones[z], st.speciesIds[s]];
        SPECIES_FIELDS.forEach((field, f) => {
          const at = speciesIndex(layout, year, z, s, f);
          for (const stat of SUMMARY_STATS) row.push(fixed(st.summary[stat][at], DECIMALS[field] + 2));
        });
        rows.push(row);
      }
    }
  }
  return csvLines(rows);
}

/**
 * Live stems per hectare in each height class (m) and each diameter class at breast height (cm, after
 * a class of stems below 1.3 m) per year and zone, as mean, p5, p50 and p95 across replicates.
 * `lower` and `upper` bound the class (upper empty for the open last class; both empty for stems
 * below breast height).
 */
export function sizeClassesCsv(result: RunResult): string {
  const st = structureOf(result);
  const layout = layoutOf(result);
  const rows: string[][] = [[...SIZE_CLASS_COLUMNS]];
  const kinds: Array<[SizeClassKind, number, string]> = [
    ['height', HEIGHT_CLASSES, 'm'],
    ['diameter', DIAMETER_CLASSES, 'cm'],
  ];
  for (let year = 0; year <= result.years; year++) {
    for (let z = 0; z < layout.zones; z++) {
      for (const [kind, count, unit] of kinds) {
        const labels = sizeClassLabels(kind);
        const edges = sizeClassEdges(kind);
        for (let k = 0; k < count; k++) {
          const at = classIndex(layout, year, z, kind, k);
          const [lower, upper] = edges[k];
          const row = [result.scenarioName, String(result.replicates), String(year), result.zones[z], kind, labels[k], lower === null ? '' : String(lower), upper === null ? '' : String(upper), unit];
          for (const stat of SUMMARY_STATS) row.push(fixed(st.summary[stat][at], 3));
          rows.push(row);
        }
      }
    }
  }
  return csvLines(rows);
}
