import { z } from 'zod';

/**
 * The parameter library: species, herbivore kinds and fence types. Every number carries the published
 * source it comes from, so a user can see where a result's assumptions were made.
 */

const source = z.string().min(1);

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
    height: z
      .object({
        hMax: positive().max(120),
        k: positive().max(2),
        p: positive().max(20),
        reference: z.array(z.tuple([nonNegative(), nonNegative()])).min(1),
        source,
      })
      .strict(),
    initialHeight: sourcedNumber(positive().max(5)),
    site: z
      .object({
        elevationOptimumMax: z.number(),
        elevationLimit: z.number(),
        slopeLimit: positive().max(90),
        wetnessOptimum: z.tuple([z.number(), z.number()]),
        wetnessTolerance: positive(),
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
    diameter: z.object({ a: positive(), b: positive(), source }).strict(),
    biomass: z.object({ b0: z.number(), b1: positive(), source }).strict(),
    crown: z.object({ c0: nonNegative(), c1: nonNegative(), source }).strict(),
    rootShootRatio: sourcedNumber(nonNegative().max(5)),
    carbonFraction: sourcedNumber(fraction()),
    regeneration: z
      .object({
        maturityAge: positive(),
        seedlingsPerTree: nonNegative(),
        dispersalDistance: positive(),
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
    dailyMovement: sourcedNumber(nonNegative().max(50_000)),
    saplingsBrowsedPerDay: sourcedNumber(nonNegative().max(1000)),
    slopeLimit: sourcedNumber(positive().max(90)),
    annualGrowthRate: sourcedNumber(z.number().min(-1).max(5)),
    source: z.string(),
  })
  .strict();

export const fenceTypeSchema = z
  .object({
    name: z.string().min(1),
    height: sourcedNumber(positive().max(10)),
    passability: z.record(z.string(), z.union([fraction(), z.string()])),
    costPerMetre: sourcedNumber(nonNegative()),
    maintenancePerMetrePerYear: sourcedNumber(nonNegative()),
    removalCostPerMetre: sourcedNumber(nonNegative()),
    breachRatePerKmPerYear: sourcedNumber(nonNegative().max(10_000)),
    breachRateIncreasePerYear: sourcedNumber(nonNegative().max(10)),
    repairDelayDays: sourcedNumber(nonNegative().max(3650)),
    gapWidth: sourcedNumber(positive().max(100)),
  })
  .strict();

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
}
