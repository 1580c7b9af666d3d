import { M, metricIndex } from '../shared/metrics.js';
import type { CompetitionField } from './competition.js';
import type { Site } from './site.js';
import type { StructureRecorder } from './structureRecorder.js';
import { TreeOrigin, type TreeStore } from './trees.js';

/** Height classes of 1 cm up to 150 m, taller than any tree the library grows. */
const HEIGHT_CLASSES = 15_000;

/** Sums kept per zone column: alive planted, live stems, height, above browse, crown area, agb kg, co2 t, regenerated, basal area m². */
const SUMS = 9;

/** What a year contributes beyond the trees' state: browsing, presence, breaches, costs so far. */
export interface YearTallies {
  browsed: Float64Array;
  presence: Float64Array;
  /** Animal-steps in a year, to turn presence into a mean number of animals. */
  stepsPerYear: number;
  breaches: Float64Array;
  cumulativeCost: Float64Array;
  planted: Float64Array;
  /** Trees planted again this year by beating up. */
  beatenUp: Float64Array;
  /** Animals in the herd this year. */
  animals: number;
}

/**
 * Reduces the tree arrays to a year's metrics for every zone column (0 = whole site) and writes them
 * into the replicate's result buffer. Scratch buffers are reused from year to year.
 */
export class MetricsRecorder {
  private readonly zones: number;
  private readonly sums: Float64Array;
  /** Live stems per 1 cm height class, per zone column, for the 90th percentile. */
  private readonly histogram: Int32Array;
  private readonly areaHa: Float64Array;
  /** Live stems summed over the years recorded after year 0: the work a replicate did. */
  liveTreeYears = 0;

  /**
   * `structure`, when given, is handed every live tree in the same pass and records the stand's
   * structure (species, height and diameter classes) alongside.
   */
  constructor(
    private readonly site: Site,
    readonly values: Float64Array,
    readonly structure: StructureRecorder | null = null,
  ) {
    this.zones = site.zoneCount + 1;
    this.sums = new Float64Array(this.zones * SUMS);
    this.histogram = new Int32Array(this.zones * HEIGHT_CLASSES);
    this.areaHa = new Float64Array(this.zones);
    let total = 0;
    for (let z = 0; z < site.zoneCount; z++) {
      this.areaHa[z + 1] = site.zoneAreaHa[z];
      total += site.zoneAreaHa[z];
    }
    this.areaHa[0] = total;
  }

  /**
   * The year's metrics. When `census` is given, the same pass over the trees takes the stand census the
   * next year's competition field is built from (the stand does not change between the two).
   */
  record(year: number, trees: TreeStore, tallies: YearTallies, census?: CompetitionField): void {
    const zones = this.zones;
    const sums = this.sums;
    sums.fill(0);
    const sp = this.site.species;
    const browseHeight = this.site.maxBrowseHeight;
    const hist = this.histogram;
    hist.fill(0);
    const live = trees.live;
    census?.beginCensus(trees, year === 0 || census.censusYear !== year - 1);
    const structure = this.structure;
    structure?.begin();
    for (let j = 0, n = trees.liveCount; j < n; j++) {
      const i = live[j];
      const s = trees.species[i];
      const h = trees.height[i];
      const r = trees.crownRadius[i];
      census?.addTree(trees.cell[i], r, h, trees.diameter[i]);
      const agb = sp.biomassAt(s, h, trees.diameter[i]);
      const planted = trees.origin[i] === TreeOrigin.Planted ? 1 : 0;
      const above = h > browseHeight ? 1 : 0;
      const crown = Math.PI * r * r;
      const co2 = agb * sp.co2PerKgAgb[s];
      const heightClass = Math.min(HEIGHT_CLASSES - 1, (h * 100) | 0);
      // Column z holds the trees of zone z (0: outside every zone) for now; the whole site is added up below.
      const z = trees.zone[i];
      hist[z * HEIGHT_CLASSES + heightClass]++;
      const d = trees.diameter[i];
      const o = z * SUMS;
      sums[o] += planted;
      sums[o + 1]++;
      sums[o + 2] += h;
      sums[o + 3] += above;
      sums[o + 4] += crown;
      sums[o + 5] += agb;
      sums[o + 6] += co2;
      sums[o + 7] += 1 - planted;
      sums[o + 8] += d * d;
      if (structure !== null) structure.add(z, s, h, d, co2);
    }
    structure?.record(year);
    if (census) census.censusYear = year;
    // Column 0 becomes the whole site: trees outside every zone plus every zone's.
    for (let z = 1; z < zones; z++) {
      for (let k = 0; k < SUMS; k++) sums[k] += sums[z * SUMS + k];
      const base = z * HEIGHT_CLASSES;
      for (let k = 0; k < HEIGHT_CLASSES; k++) hist[k] += hist[base + k];
    }

    for (let col = 0; col < zones; col++) {
      const o = col * SUMS;
      const at = metricIndex(zones, year, col, 0);
      const v = this.values;
      const stems = sums[o + 1];
      const area = this.areaHa[col];
      v[at + M.planted] = tallies.planted[col];
      v[at + M.alive] = sums[o];
      v[at + M.survival] = tallies.planted[col] > 0 ? sums[o] / tallies.planted[col] : 0;
      v[at + M.stems_per_ha] = area > 0 ? stems / area : 0;
      v[at + M.mean_height_m] = stems > 0 ? sums[o + 2] / stems : 0;
      v[at + M.p90_height_m] = histogramQuantile(hist, col * HEIGHT_CLASSES, stems, 0.9);
      v[at + M.above_browse_height] = stems > 0 ? sums[o + 3] / stems : 0;
      v[at + M.browsed] = tallies.browsed[col];
      v[at + M.canopy_cover] = area > 0 ? 1 - Math.exp(-sums[o + 4] / (area * 10_000)) : 0;
      v[at + M.agb_t] = sums[o + 5] / 1000;
      v[at + M.carbon_tco2e] = sums[o + 6];
      v[at + M.herbivores_inside] = tallies.stepsPerYear > 0 ? tallies.presence[col] / tallies.stepsPerYear : 0;
      this.liveTreeYears += year > 0 && col === 0 ? stems : 0;
      v[at + M.fence_breaches] = tallies.breaches[col];
      v[at + M.cost] = tallies.cumulativeCost[col];
      v[at + M.regenerated] = sums[o + 7];
      // Σ d² in cm² to m²: π/4 · 1e-4.
      v[at + M.basal_area_m2_per_ha] = area > 0 ? (sums[o + 8] * Math.PI * 2.5e-5) / area : 0;
      v[at + M.beaten_up] = tallies.beatenUp[col];
      const inside = tallies.stepsPerYear > 0 ? tallies.presence[col] / tallies.stepsPerYear : 0;
      v[at + M.herbivore_density_per_km2] =
        col === 0 ? (this.site.roamingAreaKm2 > 0 ? tallies.animals / this.site.roamingAreaKm2 : 0) : area > 0 ? inside / (area / 100) : 0;
    }
  }
}

/**
 * The q-quantile (nearest rank) of `total` values binned in 1 cm height classes, interpolated
 * linearly within its class: within a centimetre of the exact value, in time independent of the
 * number of trees.
 */
export function histogramQuantile(hist: Int32Array, base: number, total: number, q: number): number {
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let k = 0; k < HEIGHT_CLASSES; k++) {
    const inClass = hist[base + k];
    if (seen + inClass >= rank) return (k + (rank - seen) / inClass) / 100;
    seen += inClass;
  }
  return HEIGHT_CLASSES / 100;
}
