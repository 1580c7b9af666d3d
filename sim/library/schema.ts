import { z } from 'zod';
import { WCC_MODELS } from '../shared/wccLookup.js';

/**
 * The parameter library: species, herbivore kinds and fence types. Every number carries the published
 * source it comes from, so a user can see where a result's assumptions were made.
 */

const source = z.string().min(1);

/**
 * The most a fence may cost per metre to build, maintain a year or remove, in the scenario's currency:
 * far above any real fence, low enough that no total over the largest site can overflow.
 */
export const MAX_COST_PER_METRE = 100_000;

/** Most straight runs a day an animal of the reference walk may make (each is traced). */
export const MAX_LEGS_PER_DAY = 1000;

/** A model parameter with its citation. */
export const sourcedNumber = (check: z.ZodNumber = z.number()) => z.object({ value: check, source }).strict();

const fraction = () => z.number().min(0).max(1);
const positive = () => z.number().gt(0);
const nonNegative = () => z.number().min(0);

export const speciesSchema = z
  .object({
    name: z.string().min(1),
    latin: z.string().min(1),
    form: z.enum(['conifer', 'broadleaf']),
    wccModel: z
      .object({ value: z.enum(WCC_MODELS), source })
      .strict()
      .optional()
      .describe("the Woodland Carbon Code Carbon Lookup Tables' growth model the species is read on, for the lookup figure set beside the model's carbon; none when absent"),
    height: z
      .object({
        hMax: positive().max(120),
        // The curve's rate and shape, within what any tree's height growth takes (real species: k 0.01-0.2
        // a year, p 0.5-5): near zero the curve and its inverse underflow and heights become NaN.
        k: z.number().min(0.001).max(2),
        p: z.number().min(0.1).max(20),
        reference: z.array(z.tuple([nonNegative().max(1000), nonNegative().max(150)])).min(1),
        source,
      })
      .strict(),
    initialHeight: sourcedNumber(positive().max(5)),
    site: z
      .object({
        elevationOptimumMax: z.number().min(-500).max(9000),
        elevationLimit: z.number().min(-500).max(10_000),
        slopeLimit: positive().max(90),
        wetnessOptimum: z.tuple([z.number().min(-1000).max(1000), z.number().min(-1000).max(1000)]),
        wetnessTolerance: positive().max(1000),
        source,
      })
      .strict()
      .refine((s) => s.elevationLimit > s.elevationOptimumMax, {
        message: 'elevationLimit must be above elevationOptimumMax',
        path: ['elevationLimit'],
      })
      .refine((s) => s.wetnessOptimum[1] >= s.wetnessOptimum[0], {
        message: 'wetnessOptimum must be [low, high] with low <= high',
        path: ['wetnessOptimum'],
      }),
    shadeTolerance: sourcedNumber(fraction()),
    droughtSensitivity: sourcedNumber(fraction()),
    backgroundMortality: sourcedNumber(fraction()),
    plantingFailure: sourcedNumber(fraction()),
    palatability: sourcedNumber(fraction()),
    browseTolerance: sourcedNumber(positive().max(50)),
    maxBasalArea: z
      .object({
        a: positive().max(200),
        b: z.number().min(-1000).max(1000),
        c: z.number().min(-50).max(50),
        d: positive().max(10),
        fromHeight: nonNegative().max(50),
        below: positive().max(200),
        source,
      })
      .strict()
      .describe('maximum basal area (m²/ha) a stand holds at dominant height h: a − b·exp(−exp(c)·h^d) from h = fromHeight, `below` under it'),
    shelterGrowthGain: sourcedNumber(z.number().min(0.2).max(5)).describe(
      "height growth in a year begun inside a tree shelter, as a multiple of the same tree's growth without one",
    ),
    establishment: z
      .object({ growthByYear: z.array(fraction()).min(1).max(10), source })
      .strict()
      .optional()
      .describe("the species' own planting check, in place of the processes' (share of a full year of height growth in the 1st, 2nd, ... year)"),
    diameter: z.object({ a: positive().max(100), b: positive().max(3), source }).strict(),
    biomass: z.object({ b0: z.number().min(-20).max(20), b1: positive().max(5), source }).strict(),
    crown: z.object({ c0: nonNegative().max(20), c1: nonNegative().max(1), source }).strict(),
    rootShootRatio: sourcedNumber(nonNegative().max(5)),
    carbonFraction: sourcedNumber(fraction()),
    regeneration: z
      .object({
        maturityAge: z.number().min(1).max(500),
        seedlingsPerTree: nonNegative().max(1000),
        dispersalDistance: positive().max(10_000),
        source,
      })
      .strict(),
  })
  .strict();

export const herbivoreKindSchema = z
  .object({
    name: z.string().min(1),
    latin: z.string().min(1),
    browseHeight: sourcedNumber(positive().max(10)),
    browseProfile: z
      .object({
        points: z
          .array(z.tuple([fraction(), fraction()]))
          .min(2)
          .refine((pts) => pts.every((p, i) => i === 0 || p[0] > pts[i - 1][0]), { message: 'heights must rise from point to point' }),
        source,
      })
      .strict()
      .describe('chance that feeding on a sapling takes its leader, by its height as a fraction of browseHeight, [height fraction, chance 0-1]'),
    dailyMovement: sourcedNumber(nonNegative().max(50_000)),
    // km²: from a hectare (a small enclosure's sheep) to the widest-ranging stags.
    homeRange: sourcedNumber(z.number().min(0.01).max(1000)),
    // Metres: a run shorter than a metre is no longer a walk the model's legs can trace in bounded time.
    persistenceLength: sourcedNumber(z.number().min(1).max(100_000)),
    forageResidence: sourcedNumber(nonNegative().max(1000)),
    saplingsBrowsedPerDay: sourcedNumber(nonNegative().max(1000)),
    browseHalfSaturation: sourcedNumber(positive().max(100)),
    slopeLimit: sourcedNumber(positive().max(90)),
    source: z.string(),
  })
  .strict()
  .refine((k) => k.dailyMovement.value / k.persistenceLength.value <= MAX_LEGS_PER_DAY, {
    message: `dailyMovement over persistenceLength gives more than ${MAX_LEGS_PER_DAY} straight runs a day (real kinds make 5-50); lengthen persistenceLength`,
    path: ['persistenceLength'],
  });

export const fenceTypeSchema = z
  .object({
    name: z.string().min(1),
    height: sourcedNumber(positive().max(10)),
    passability: z.record(z.string(), z.union([fraction(), z.string()])),
    costPerMetre: sourcedNumber(nonNegative().max(MAX_COST_PER_METRE)),
    maintenancePerMetrePerYear: sourcedNumber(nonNegative().max(MAX_COST_PER_METRE)),
    removalCostPerMetre: sourcedNumber(nonNegative().max(MAX_COST_PER_METRE)),
    breachRatePerKmPerYear: sourcedNumber(nonNegative().max(10_000)),
    breachRateIncreasePerYear: sourcedNumber(nonNegative().max(10)),
    repairDelayDays: sourcedNumber(nonNegative().max(3650)),
    gapWidth: sourcedNumber(positive().max(100)),
    serviceLifeYears: sourcedNumber(z.number().int().min(1).max(1000))
      .optional()
      .describe('years a fence serves before it is rebuilt, unless a scenario fence gives its own renewEveryYears; never rebuilt when absent'),
  })
  .strict();

/** Constants of the yearly processes that hold for every species and kind, each with its source. */
export const processesSchema = z
  .object({
    establishment: z
      .object({ growthByYear: z.array(fraction()).min(1).max(10), source })
      .strict()
      .describe('share of a full year of height growth a transplant makes in its 1st, 2nd, ... year after planting'),
    browsing: z
      .object({
        heightLoss: sourcedNumber(fraction()),
        stunting: sourcedNumber(nonNegative().max(10)),
        damageRetention: sourcedNumber(fraction()),
        killPerDamage: sourcedNumber(fraction()),
      })
      .strict(),
    standDensity: z
      .object({
        referenceDensity: sourcedNumber(z.number().gt(0).lt(1)),
        competitionSlope: sourcedNumber(nonNegative().max(10)),
        thinningOnset: sourcedNumber(z.number().gt(0).lt(1)),
        neighbourhoodRadius: sourcedNumber(positive().max(100)),
      })
      .strict(),
    climate: z
      .object({ droughtProbability: sourcedNumber(fraction()), droughtSeverity: sourcedNumber(fraction()) })
      .strict()
      .describe('the weather a scenario meets unless it gives its own'),
  })
  .strict();

/**
 * Home-range kernels of the reference walk (assets/library/home-kernels.json): an animal's time-use
 * density by distance from its home-range centre, measured on the walk in open, uniform country. In
 * units of the home-range radius R, the walk's shape depends on one ratio alone, its persistence length
 * over R, so the kernels are tabulated by that ratio and any kind takes the one at its own.
 */
export const homeKernelsSchema = z
  .object({
    source,
    /** Step of the tabulated distances, in units of R. */
    step: positive().max(1),
    kernels: z
      .array(
        z
          .object({
            persistenceOverRadius: positive().max(100),
            /** Density per R² at distances 0, step, 2·step, …; 0 beyond the last. Integrates to 1 over the plane. */
            density: z.array(nonNegative().max(1e6)).min(2).max(10_000),
          })
          .strict(),
      )
      .min(1)
      .refine((ks) => ks.every((k, i) => i === 0 || k.persistenceOverRadius > ks[i - 1].persistenceOverRadius), {
        message: 'kernels must be listed by rising persistenceOverRadius',
      }),
  })
  .strict();

export type HomeKernels = z.infer<typeof homeKernelsSchema>;

/** A money rate with the year its price is for and its published source. */
const pricedNumber = (check: z.ZodNumber) => z.object({ value: check, year: z.number().int().min(1900).max(2200), source }).strict();

/**
 * Standard costs of planting and protection (assets/library/costs.json), in one currency. Fence rates
 * per metre belong to the fence types; everything else a plan costs is here.
 */
export const costLibrarySchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as GBP'),
    note: z.string().optional(),
    plantsAndPlantingPerTree: pricedNumber(nonNegative().max(10_000)),
    shelters: z
      .object({
        byHeight: z
          .array(z.object({ height: positive().max(5), perTree: nonNegative().max(10_000) }).strict())
          .min(1)
          .refine((rows) => rows.every((r, i) => i === 0 || r.height > rows[i - 1].height), { message: 'heights must rise from row to row' }),
        year: z.number().int().min(1900).max(2200),
        source,
      })
      .strict(),
    groundPreparationPerHectare: pricedNumber(nonNegative().max(10_000_000)),
    maintenancePerHectarePerYear: pricedNumber(nonNegative().max(10_000_000)),
    maintenanceYears: pricedNumber(z.number().int().min(0).max(300)),
    gatePerGate: pricedNumber(nonNegative().max(MAX_COST_PER_METRE)),
    deerControlPerHectarePerYear: pricedNumber(nonNegative().max(10_000_000)),
  })
  .strict();

export type CostLibrary = z.infer<typeof costLibrarySchema>;

export type Processes = z.infer<typeof processesSchema>;
export type SpeciesParams = z.infer<typeof speciesSchema>;
export type HerbivoreKind = z.infer<typeof herbivoreKindSchema>;
export type FenceType = z.infer<typeof fenceTypeSchema>;

export const speciesLibrarySchema = z.record(z.string(), speciesSchema);
export const herbivoreLibrarySchema = z.record(z.string(), herbivoreKindSchema);
export const fenceTypeLibrarySchema = z.record(z.string(), fenceTypeSchema);

export interface Library {
  species: Record<string, SpeciesParams>;
  herbivores: Record<string, HerbivoreKind>;
  fenceTypes: Record<string, FenceType>;
  processes: Processes;
  costs: CostLibrary;
  homeKernels: HomeKernels;
}
