import {
  DIAMETER_CLASSES,
  DIAMETER_CLASS_EDGES_CM,
  HEIGHT_CLASSES,
  HEIGHT_CLASS_EDGES_M,
  classIndex,
  speciesIndex,
  structureLength,
  type StructureLayout,
} from '../shared/structure.js';
import type { Site } from './site.js';

/** Sums kept per zone and species: live stems, tCO2e, Σ height, Σ d² (cm²). */
const SUMS = 4;
const CLASSES = HEIGHT_CLASSES + DIAMETER_CLASSES;
/** Height class of each 0.5 m step below the last edge (every edge is a multiple of 0.5 m). */
const HEIGHT_STEP = 0.5;
const HEIGHT_LOOKUP = classLookup(HEIGHT_CLASS_EDGES_M, HEIGHT_STEP);
/** Diameter class of each 1 cm step below the last edge, counting from the first measured class. */
const DIAMETER_LOOKUP = classLookup(DIAMETER_CLASS_EDGES_CM, 1);
const BREAST_HEIGHT_M = 1.3;

function classLookup(edges: readonly number[], step: number): Uint8Array {
  const out = new Uint8Array(Math.round(edges[edges.length - 1] / step));
  for (let k = 0; k < out.length; k++) out[k] = edges.filter((e) => e <= k * step).length;
  return out;
}

/**
 * The stand's structure each year (shared/structure.ts): each species' stems, carbon, mean height and
 * basal area, and the stems in each height and diameter class, per zone. The metrics recorder hands
 * it every live tree in its own pass over the trees; `record` then writes the year. Scratch sums are
 * reused from year to year.
 */
export class StructureRecorder {
  readonly layout: StructureLayout;
  readonly values: Float64Array;
  /** Per raw zone (0 outside every zone, z + 1 planting z) and species. */
  private readonly sums: Float64Array;
  /** Stems per raw zone and class: height classes, then diameter classes. */
  private readonly counts: Float64Array;
  private readonly areaHa: Float64Array;

  constructor(site: Site) {
    const species = site.scenario.speciesIds.length;
    const zones = site.zoneCount + 1;
    this.layout = { species, zones, years: site.scenario.scenario.years };
    this.values = new Float64Array(structureLength(this.layout));
    this.sums = new Float64Array(zones * species * SUMS);
    this.counts = new Float64Array(zones * CLASSES);
    this.areaHa = new Float64Array(zones);
    for (let z = 0; z < site.zoneCount; z++) {
      this.areaHa[z + 1] = site.zoneAreaHa[z];
      this.areaHa[0] += site.zoneAreaHa[z];
    }
  }

  /** Clears the year's sums, before the first tree. */
  begin(): void {
    this.sums.fill(0);
    this.counts.fill(0);
  }

  /** One live tree of zone `zone` (0 outside every zone): species, height m, diameter cm, tCO2e. */
  add(zone: number, species: number, height: number, diameter: number, co2: number): void {
    const o = (zone * this.layout.species + species) * SUMS;
    const sums = this.sums;
    sums[o]++;
    sums[o + 1] += co2;
    sums[o + 2] += height;
    sums[o + 3] += diameter * diameter;
    const hk = height < HEIGHT_CLASS_EDGES_M[HEIGHT_CLASS_EDGES_M.length - 1] ? HEIGHT_LOOKUP[(height / HEIGHT_STEP) | 0] : HEIGHT_CLASSES - 1;
    const dk =
      height < BREAST_HEIGHT_M ? 0 : diameter < DIAMETER_CLASS_EDGES_CM[DIAMETER_CLASS_EDGES_CM.length - 1] ? 1 + DIAMETER_LOOKUP[diameter | 0] : DIAMETER_CLASSES - 1;
    const c = zone * CLASSES;
    this.counts[c + hk]++;
    this.counts[c + HEIGHT_CLASSES + dk]++;
  }

  /** Writes the year: per zone column (0 the whole site, trees outside every zone included). */
  record(year: number): void {
    const { species, zones } = this.layout;
    const sums = this.sums;
    const counts = this.counts;
    // Column 0 becomes the whole site, as the metrics' does.
    for (let z = 1; z < zones; z++) {
      for (let k = 0; k < species * SUMS; k++) sums[k] += sums[z * species * SUMS + k];
      for (let k = 0; k < CLASSES; k++) counts[k] += counts[z * CLASSES + k];
    }
    const v = this.values;
    for (let col = 0; col < zones; col++) {
      const area = this.areaHa[col];
      const perHa = area > 0 ? 1 / area : 0;
      for (let s = 0; s < species; s++) {
        const o = (col * species + s) * SUMS;
        const stems = sums[o];
        const at = speciesIndex(this.layout, year, col, s, 0);
        v[at] = stems * perHa;
        v[at + 1] = sums[o + 1];
        v[at + 2] = stems > 0 ? sums[o + 2] / stems : 0;
        // Σ d² in cm² to m²: π/4 · 1e-4.
        v[at + 3] = sums[o + 3] * Math.PI * 2.5e-5 * perHa;
      }
      const h0 = classIndex(this.layout, year, col, 'height', 0);
      for (let k = 0; k < CLASSES; k++) v[h0 + k] = counts[col * CLASSES + k] * perHa;
    }
  }
}
