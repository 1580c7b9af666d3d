import { z } from 'zod';
import { LIMITS, MONEY } from './limits.js';

/**
 * Measures taken after planting, each from a given year: what a manager does when a survey or a check
 * finds a planting off track. `year` is the first growing season a measure changes: a measure decided
 * at a survey at the end of year t acts from year t + 1, and is paid for in that year. Part of the
 * scenario schema (`measures`).
 */
const measureYear = z.number().int().min(1).max(LIMITS.years).describe('the first year the measure acts in (a measure decided at a survey at the end of year t acts from year t + 1)');

export const measureSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('shelters'),
      year: measureYear,
      zone: z.string().min(1).describe('the planting zone'),
      height: z.number().gt(0).max(5).describe('metres; every live tree of the zone not yet in a shelter gets one'),
      costPerTree: z.number().min(0).max(MONEY.perTree).optional().describe('per shelter put up; the cost library rate for the height when absent'),
    })
    .strict(),
  z
    .object({
      type: z.literal('beatUp'),
      year: measureYear,
      zone: z.string().min(1).describe('the planting zone'),
      targetPerHa: z.number().gt(0).max(LIMITS.density).optional().describe("live stems per hectare the zone is restocked to, once; the appraisal's stocking target when absent"),
    })
    .strict(),
  z
    .object({
      type: z.literal('cull'),
      year: measureYear,
      kind: z.string().min(1).optional().describe('the herbivore kind culled; every kind when absent'),
      densityPerKm2: z.number().min(0).max(10_000).describe('the herds are culled to this density at the start of the year, and held at or below it after'),
      perHectarePerYear: z.number().min(0).max(MONEY.perHectare).optional().describe("cost of the control from that year on, per hectare of the ground the herds roam; the cost library's deer control rate when absent"),
    })
    .strict(),
]);

export type MeasureInput = z.input<typeof measureSchema>;
export type Measure = z.output<typeof measureSchema>;
