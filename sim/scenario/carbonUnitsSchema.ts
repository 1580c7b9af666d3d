import { z } from 'zod';

/**
 * The figures a plan's carbon units are judged by, as the Woodland Carbon Code (Requirements for
 * voluntary carbon sequestration projects, v2.x, section 3 Carbon sequestration) asks for them: the
 * baseline (3.1), the emissions of preparing the site, subtracted from the project's sequestration at
 * year 1 (3.3), and the buffer (2.3). Each is entered from the WCC Carbon Calculation Spreadsheet's
 * tables for the site; the net units follow 3.4 (project − emissions − baseline). Part of
 * `appraisal.carbonUnits` in the scenario schema.
 */
export const carbonUnitFigures = {
  baselineTco2ePerHaPerYear: z
    .number()
    .min(0, "the baseline is what the land would take up without the planting, none or more")
    .max(1000, 'more than any land takes up')
    .default(0)
    .describe(
      "sequestration the land would have made anyway, tCO2e/ha/year: the carbon baseline of the Woodland Carbon Code (Requirements v2.x, 3.1 Carbon baseline; the WCC Carbon Calculation Spreadsheet's baseline tables), subtracted from the project's sequestration (3.4 Net carbon sequestration)",
    ),
  vegetationRemovedTco2ePerHa: z
    .number()
    .min(0, 'the carbon removed is entered as a positive emission')
    .max(5000, 'several times what the densest British woodland holds')
    .default(0)
    .describe(
      "carbon of the vegetation (trees or other biomass) removed to prepare the site, tCO2e per hectare of zone, once: the Woodland Carbon Code (Requirements v2.x, 3.3 Project carbon sequestration) subtracts emissions from preparing the site from the project's sequestration at year 1; figures from the WCC Carbon Calculation Spreadsheet's vegetation tables",
    ),
  soilDisturbanceTco2ePerHa: z
    .number()
    .min(0, 'the soil carbon lost is entered as a positive emission')
    .max(5000, 'more than any ground preparation releases')
    .default(0)
    .describe(
      "soil carbon lost through ground disturbance in preparing the site (cultivation, mounding, drains), tCO2e per hectare of zone, once: the Woodland Carbon Code (Requirements v2.x, 3.3 Project carbon sequestration) subtracts it from the project's sequestration at year 1; figures from the WCC Carbon Calculation Spreadsheet's soil disturbance tables",
    ),
  buffer: z
    .number()
    .min(0, 'a share of each verified amount: 0.2 is 20%')
    .max(1, 'a share of each verified amount: 0.2 is 20%')
    .default(0.2)
    .describe("share of each verified amount held back in the buffer pool: 0.2, the Woodland Carbon Code's 20% (Requirements v2.x, 2.3 Management of risks and permanence)"),
};
