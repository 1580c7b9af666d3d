import type { SpeciesParams } from '../library/schema.js';

/** Step of the height-over-age tables, years: a power of two, so a look-up multiplies (exactly) rather than divides. */
const AGE_STEP = 1 / 16;
const PER_AGE_STEP = 16;
/** Curve ages tabulated; beyond, the curve is at its asymptote for every practical purpose. */
const AGE_SPAN = 600;
/** Step of the size tables by height (reference diameter, sapling biomass), metres (a power of two, as above). */
const HEIGHT_STEP = 1 / 128;
const PER_HEIGHT_STEP = 128;
/** Step and span of the biomass table by diameter, cm (a power of two, as above). */
const DIAMETER_STEP = 1 / 16;
const PER_DIAMETER_STEP = 16;
const DIAMETER_SPAN = 400;
/** Most years a planting check lasts (the library's schema allows no more). */
export const MAX_CHECK_YEARS = 10;

export interface SpeciesTableOptions {
  /** The planting check of species without their own (the processes' `establishment.growthByYear`); none when absent. */
  establishment?: readonly number[];
}

/**
 * Species parameters flattened into typed arrays indexed by species code, so per-tree loops read
 * numbers, not objects.
 */
export class SpeciesTable {
  readonly count: number;
  readonly hMax: Float64Array;
  readonly k: Float64Array;
  readonly p: Float64Array;
  readonly initialHeight: Float64Array;
  readonly shadeTolerance: Float64Array;
  readonly droughtSensitivity: Float64Array;
  readonly backgroundMortality: Float64Array;
  readonly plantingFailure: Float64Array;
  readonly palatability: Float64Array;
  readonly browseTolerance: Float64Array;
  /** Most basal area (m²/ha) a stand holds by dominant height, in HEIGHT_STEP classes. */
  private readonly maxBasalTable: Float64Array;
  /** Height growth in a year begun inside a tree shelter, relative to the same tree without one. */
  readonly shelterGain: Float64Array;
  /**
   * Share of a full year's height growth a transplant makes in its 1st, 2nd, ... year, MAX_CHECK_YEARS
   * per species (1 past the species' check).
   */
  readonly establishment: Float64Array;
  readonly diamA: Float64Array;
  readonly diamB: Float64Array;
  readonly bioB0: Float64Array;
  readonly bioB1: Float64Array;
  readonly crownC0: Float64Array;
  readonly crownC1: Float64Array;
  /** (1 + root:shoot) · carbon fraction · 44/12 / 1000: tCO2e per kg of above-ground dry biomass. */
  readonly co2PerKgAgb: Float64Array;
  /** Height at which the diameter reaches 1 cm; below it biomass is scaled from the 1 cm tree. */
  readonly heightAt1cm: Float64Array;
  readonly agbAt1cm: Float64Array;
  readonly maturityAge: Float64Array;
  readonly seedlingsPerTree: Float64Array;
  readonly dispersalDistance: Float64Array;
  readonly isConifer: Uint8Array;
  /**
   * Tables that replace exp/pow in the per-tree loops with a linear interpolation: curve height by
   * curve age, the reference diameter and sapling biomass by height, and biomass by diameter, for
   * every species end to end.
   */
  readonly curveTable: Float64Array;
  readonly curveEntries: number;
  readonly sizeEntries: number;
  readonly diameterTable: Float64Array;
  readonly saplingBiomassTable: Float64Array;
  readonly diameterEntries: number;
  readonly biomassTable: Float64Array;
  private readonly params: readonly SpeciesParams[];

  constructor(species: readonly SpeciesParams[], options: SpeciesTableOptions = {}) {
    const n = species.length;
    this.count = n;
    this.params = species;
    const col = (f: (s: SpeciesParams) => number) => Float64Array.from(species, f);
    this.hMax = col((s) => s.height.hMax);
    this.k = col((s) => s.height.k);
    this.p = col((s) => s.height.p);
    this.initialHeight = col((s) => Math.min(s.initialHeight.value, s.height.hMax * 0.5));
    this.shadeTolerance = col((s) => s.shadeTolerance.value);
    this.droughtSensitivity = col((s) => s.droughtSensitivity.value);
    this.backgroundMortality = col((s) => s.backgroundMortality.value);
    this.plantingFailure = col((s) => s.plantingFailure.value);
    this.palatability = col((s) => s.palatability.value);
    this.browseTolerance = col((s) => s.browseTolerance.value);
    const tallestCurve = species.reduce((m, s) => Math.max(m, s.height.hMax), 0);
    this.sizeEntries = Math.ceil((tallestCurve + 1) / HEIGHT_STEP) + 1;
    this.maxBasalTable = new Float64Array(n * this.sizeEntries);
    species.forEach((s, sp) => {
      const g = s.maxBasalArea;
      for (let i = 0; i < this.sizeEntries; i++) {
        const h = i * HEIGHT_STEP;
        this.maxBasalTable[sp * this.sizeEntries + i] = h < g.fromHeight ? g.below : Math.max(g.below * 0.5, g.a - g.b * Math.exp(-Math.exp(g.c) * Math.pow(h, g.d)));
      }
    });
    this.shelterGain = col((s) => s.shelterGrowthGain.value);
    this.establishment = new Float64Array(n * MAX_CHECK_YEARS).fill(1);
    species.forEach((s, sp) => {
      const check = s.establishment?.growthByYear ?? options.establishment ?? [];
      check.slice(0, MAX_CHECK_YEARS).forEach((share, y) => (this.establishment[sp * MAX_CHECK_YEARS + y] = share));
    });
    this.diamA = col((s) => s.diameter.a);
    this.diamB = col((s) => s.diameter.b);
    this.bioB0 = col((s) => s.biomass.b0);
    this.bioB1 = col((s) => s.biomass.b1);
    this.crownC0 = col((s) => s.crown.c0);
    this.crownC1 = col((s) => s.crown.c1);
    this.co2PerKgAgb = col((s) => ((1 + s.rootShootRatio.value) * s.carbonFraction.value * 44) / 12 / 1000);
    this.heightAt1cm = col((s) => 1.3 + Math.pow(1 / s.diameter.a, 1 / s.diameter.b));
    this.agbAt1cm = col((s) => Math.exp(s.biomass.b0));
    this.maturityAge = col((s) => s.regeneration.maturityAge);
    this.seedlingsPerTree = col((s) => s.regeneration.seedlingsPerTree);
    this.dispersalDistance = col((s) => s.regeneration.dispersalDistance);
    this.isConifer = Uint8Array.from(species, (s) => (s.form === 'conifer' ? 1 : 0));

    this.curveEntries = Math.ceil(AGE_SPAN / AGE_STEP) + 1;
    this.curveTable = new Float64Array(n * this.curveEntries);
    this.diameterTable = new Float64Array(n * this.sizeEntries);
    this.saplingBiomassTable = new Float64Array(n * this.sizeEntries);
    this.diameterEntries = Math.ceil(DIAMETER_SPAN / DIAMETER_STEP) + 1;
    this.biomassTable = new Float64Array(n * this.diameterEntries);
    for (let sp = 0; sp < n; sp++) {
      for (let i = 0; i < this.curveEntries; i++) this.curveTable[sp * this.curveEntries + i] = this.curveHeight(sp, i * AGE_STEP);
      for (let i = 0; i < this.sizeEntries; i++) {
        const h = i * HEIGHT_STEP;
        const at = sp * this.sizeEntries + i;
        this.diameterTable[at] = this.diameterOf(sp, h);
        const r = h / this.heightAt1cm[sp];
        this.saplingBiomassTable[at] = this.agbAt1cm[sp] * r * r;
      }
      for (let i = 0; i < this.diameterEntries; i++) {
        const d = i * DIAMETER_STEP;
        this.biomassTable[sp * this.diameterEntries + i] = d >= 1 ? Math.exp(this.bioB0[sp] + this.bioB1[sp] * Math.log(d)) : this.agbAt1cm[sp] * d;
      }
    }
  }

  /** Curve height at a curve age, from the table (what the growth loop uses). */
  curveHeightAt(sp: number, age: number): number {
    return interpolate(this.curveTable, sp * this.curveEntries, this.curveEntries, age * PER_AGE_STEP);
  }

  /** Most basal area (m²/ha) a stand of this species holds at a dominant height. */
  maxBasalAreaAt(sp: number, dominantHeight: number): number {
    return interpolate(this.maxBasalTable, sp * this.sizeEntries, this.sizeEntries, dominantHeight * PER_HEIGHT_STEP);
  }

  /** Reference diameter (cm) at a height: the species' height–diameter relation for stand-grown trees. */
  diameterAt(sp: number, height: number): number {
    return interpolate(this.diameterTable, sp * this.sizeEntries, this.sizeEntries, height * PER_HEIGHT_STEP);
  }

  /**
   * Above-ground dry biomass (kg) of a tree from its diameter (the allometry), or for a tree under
   * 1 cm from its height (scaled from the 1 cm tree by height²).
   */
  biomassAt(sp: number, height: number, diameter: number): number {
    if (diameter >= 1) return interpolate(this.biomassTable, sp * this.diameterEntries, this.diameterEntries, diameter * PER_DIAMETER_STEP);
    const small = interpolate(this.saplingBiomassTable, sp * this.sizeEntries, this.sizeEntries, height * PER_HEIGHT_STEP);
    const at1cm = this.agbAt1cm[sp];
    return small < at1cm ? small : at1cm;
  }

  /** Height on the species curve (Chapman–Richards) after `age` years of full growth, before site scaling. */
  curveHeight(sp: number, age: number): number {
    return this.hMax[sp] * Math.pow(1 - Math.exp(-this.k[sp] * age), this.p[sp]);
  }

  /** The curve age at which the species curve reaches `height` (inverse of curveHeight). */
  curveAgeOf(sp: number, height: number): number {
    const r = Math.min(height / this.hMax[sp], 0.999999);
    if (r <= 0) return 0;
    return -Math.log(1 - Math.pow(r, 1 / this.p[sp])) / this.k[sp];
  }

  /** Diameter at breast height, cm; 0 below breast height. */
  diameterOf(sp: number, height: number): number {
    return height > 1.3 ? this.diamA[sp] * Math.pow(height - 1.3, this.diamB[sp]) : 0;
  }

  /** Crown radius, m, from the crown–stem diameter relation; saplings get a crown a fifth of their height. */
  crownRadiusAt(sp: number, height: number, diameter: number): number {
    const r = diameter > 0 ? this.crownC0[sp] + this.crownC1[sp] * diameter : 0;
    return Math.max(r, height * 0.2);
  }

  /**
   * Site suitability 0–1 from elevation, slope and wetness: each a plateau of full growth falling
   * linearly to zero at the species' limit, combined by product.
   */
  suitability(sp: number, elevation: number, slope: number, twi: number): number {
    const site = this.params[sp].site;
    if (Number.isNaN(elevation)) return 0;
    let f = 1;
    if (elevation > site.elevationOptimumMax) {
      f *= Math.max(0, (site.elevationLimit - elevation) / (site.elevationLimit - site.elevationOptimumMax));
    }
    const slopeStart = site.slopeLimit * 0.6;
    if (slope > slopeStart) f *= Math.max(0, (site.slopeLimit - slope) / (site.slopeLimit - slopeStart));
    const [lo, hi] = site.wetnessOptimum;
    if (twi < lo) f *= Math.max(0, 1 - (lo - twi) / site.wetnessTolerance);
    else if (twi > hi) f *= Math.max(0, 1 - (twi - hi) / site.wetnessTolerance);
    return f;
  }
}

function interpolate(table: Float64Array, base: number, entries: number, x: number): number {
  if (x <= 0) return table[base];
  const i = x | 0;
  if (i >= entries - 1) return table[base + entries - 1];
  const a = table[base + i];
  return a + (x - i) * (table[base + i + 1] - a);
}
