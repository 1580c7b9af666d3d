import { z } from 'zod';
import { freeTextSchema, nameSchema } from '../scenario/names.js';

/**
 * An optimisation file: the plan to improve, what may change in it, what is sought and under which
 * limits. `reforest optimise SPEC.json` searches the plans it allows for the front of cost against
 * the objective.
 */

const zones = z.array(z.string().min(1)).min(1).describe('planting zones of the plan this decision applies to');

export const decisionsSchema = z
  .object({
    fence: z
      .object({
        zones,
        type: z.string().min(1).default('deer_fence').describe('fence type of a fence the search draws'),
        bufferM: z.number().min(0).max(100).default(5).describe('how far outside the zone a drawn fence runs, m'),
        together: z.boolean().default(false).describe('one fence drawn round all the zones fenced that have none of their own, instead of one each'),
      })
      .strict()
      .optional()
      .describe("each zone fenced or not: the plan's own fence around it where it has one, else a closed fence around the zone"),
    fenceLine: z
      .object({
        fence: z.string().min(1).describe("a fence of the plan whose vertices may move"),
        moveM: z.number().gt(0).max(5000).describe('how far each vertex may move east-west and north-south, m'),
        stepM: z.number().gt(0).max(1000).default(5),
      })
      .strict()
      .optional()
      .describe('the line of one of the plan\'s fences: each vertex moves within a square of ±moveM about where it stands'),
    shelters: z
      .object({ zones, heights: z.array(z.number().gt(0).max(5)).min(1).describe('shelter heights to choose from, m; no shelters is always a choice') })
      .strict()
      .optional(),
    density: z
      .object({
        zones,
        min: z.number().gt(0).max(20_000),
        max: z.number().gt(0).max(20_000),
        step: z.number().gt(0).max(20_000).default(100).describe('stems/ha the density moves by'),
      })
      .strict()
      .refine((d) => d.max >= d.min, { message: 'max must be >= min' })
      .optional(),
    mix: z
      .array(
        z
          .object({
            zone: z.string().min(1),
            species: z
              .record(z.string(), z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]))
              .refine((s) => Object.keys(s).length >= 2, { message: 'needs at least two species' })
              .describe('species id: [least, most] share; the shares are scaled to add up to 1'),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    cull: z
      .object({ targets: z.array(z.number().min(0).max(10_000)).min(1).describe('densities deer control may hold the herd at, per km²; no control is always a choice') })
      .strict()
      .optional(),
  })
  .strict()
  .refine((d) => Object.values(d).some((v) => v !== undefined), { message: 'open at least one decision to search' });

export const OBJECTIVE_METRICS = ['carbon_tco2e', 'survival', 'stems_per_ha', 'alive', 'above_browse_height'] as const;

export const optimiseSpecSchema = z
  .object({
    $schema: z.string().optional(),
    name: nameSchema(120),
    description: freeTextSchema().optional(),
    /** A scenario file (relative to this file) or a scenario written inline. */
    plan: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    replicates: z.number().int().min(1).max(1000).default(4).describe('replicates per plan evaluated, with the same random numbers for every plan'),
    years: z.number().int().min(1).max(300).optional(),
    decisions: decisionsSchema,
    objective: z
      .object({
        metric: z.enum(OBJECTIVE_METRICS),
        year: z.number().int().min(1).max(300).optional().describe('year the metric is read; the last year when absent'),
        zone: z.string().min(1).default('all'),
        quantile: z.number().min(0).max(1).default(0.5).describe('quantile across replicates maximised, e.g. 0.1 for a cautious plan'),
      })
      .strict(),
    /** Limits a plan must keep to. */
    budget: z.number().gt(0).optional().describe('most the plan may cost to the last year, in the plan currency'),
    grantCapPerHa: z.number().gt(0).optional().describe('most the plan may cost per hectare planted'),
    target: z.number().optional().describe('least the objective must reach'),
    search: z
      .object({
        population: z.number().int().min(4).max(500).default(16),
        generations: z.number().int().min(0).max(1000).default(10),
        seed: z.number().int().min(0).max(0xffffffff).default(1),
      })
      .strict()
      .default({ population: 16, generations: 10, seed: 1 }),
  })
  .strict();

export type OptimiseSpecInput = z.input<typeof optimiseSpecSchema>;
export type OptimiseSpec = z.output<typeof optimiseSpecSchema>;
export type Decisions = z.output<typeof decisionsSchema>;
