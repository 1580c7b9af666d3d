import type { ScenarioInput } from '../../sim/scenario/schema.js';
import type { EditCommand } from './scenarioDocument.js';

/** The figures of a plan's `appraisal.carbonUnits` the page edits: the Woodland Carbon Code's inputs. */
export type CarbonUnitInputs = Pick<
  NonNullable<NonNullable<ScenarioInput['appraisal']>['carbonUnits']>,
  'baselineTco2ePerHaPerYear' | 'vegetationRemovedTco2ePerHa' | 'soilDisturbanceTco2ePerHa' | 'buffer'
>;

/**
 * Sets figures of the plan's carbon-unit appraisal (a pure command, undone in one step). A figure set
 * to undefined is removed from the plan, which then takes the schema's default (0, a 20% buffer).
 */
export function editCarbonUnits(patch: Partial<CarbonUnitInputs>): EditCommand {
  return {
    label: 'edit carbon-unit inputs',
    apply(plan) {
      const appraisal = plan.appraisal ?? {};
      const carbonUnits: Record<string, unknown> = { ...appraisal.carbonUnits, ...patch };
      for (const key of Object.keys(carbonUnits)) if (carbonUnits[key] === undefined) delete carbonUnits[key];
      return { ...plan, appraisal: { ...appraisal, carbonUnits } };
    },
  };
}
