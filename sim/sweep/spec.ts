import { z } from 'zod';
import { freeTextSchema, nameSchema } from '../scenario/names.js';

/**
 * A sweep file: a base scenario and the variables to vary, combined as a full factorial or as listed
 * cases, like NetLogo's BehaviorSpace. Each variant × replicate is one run.
 */

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain column name (letters, digits, underscores)');

const scalar = z.union([z.number(), z.string(), z.boolean()]);

export const sweepVariableSchema = z
  .object({
    name: variableName,
    /** Where in the scenario the value goes: `herbivores[0].densityPerKm2`, `plantings[*].density`, `fences`. */
    path: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** The values: a list of numbers, strings or booleans, or labelled values of any shape. */
    values: z
      .union([
        z.array(scalar).min(1),
        z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length > 0, { message: 'needs at least one labelled value' }),
      ])
      .optional(),
    range: z
      .object({ from: z.number(), to: z.number(), step: z.number().gt(0) })
      .strict()
      .refine((r) => r.to >= r.from, { message: 'to must be >= from' })
      .refine((r) => (r.to - r.from) / r.step <= 10_000, { message: 'gives more than 10,000 values' })
      .refine((r) => r.from + r.step !== r.from, { message: 'step is too small to change from' })
      .optional(),
  })
  .strict()
  .refine((v) => (v.values === undefined) !== (v.range === undefined), { message: 'give exactly one of values or range' });

export const sweepSchema = z
  .object({
    $schema: z.string().optional(),
    name: nameSchema(120),
    description: freeTextSchema().optional(),
    /** A scenario file (relative to the sweep file) or a scenario written inline. */
    base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    replicates: z.number().int().min(1).max(10_000).optional(),
    years: z.number().int().min(1).max(300).optional(),
    design: z.enum(['factorial', 'cases']).default('factorial'),
    variables: z.array(sweepVariableSchema).min(1),
    /** With design "cases": each case gives a value (or a label) for every variable. */
    cases: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .strict();

export type SweepInput = z.input<typeof sweepSchema>;
export type Sweep = z.output<typeof sweepSchema>;
export type SweepVariable = z.output<typeof sweepVariableSchema>;
