import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { editCarbonUnits, type CarbonUnitInputs } from '../editor/appraisalCommands.js';
import type { ScenarioDocument } from '../editor/scenarioDocument.js';

export interface CarbonInputElements {
  baseline: HTMLInputElement;
  vegetation: HTMLInputElement;
  soil: HTMLInputElement;
  /** The buffer in percent. */
  buffer: HTMLInputElement;
}

/** The schema's defaults, shown where the plan sets nothing: no baseline, no emissions, the Code's 20% buffer. */
const DEFAULTS: Required<CarbonUnitInputs> = { baselineTco2ePerHaPerYear: 0, vegetationRemovedTco2ePerHa: 0, soilDisturbanceTco2ePerHa: 0, buffer: 0.2 };

/**
 * The inputs the Woodland Carbon Code asks of a plan's carbon units, beside the units table: the
 * baseline (Requirements 3.1), the vegetation removed and the soil carbon lost in preparing the site
 * (3.3, at year 1), and the buffer. They show the plan's own figures; an entry edits the plan (one edit,
 * undone in one step), so the plan text, and every run, report and saved file of it, carries them. A
 * blank entry takes the default again. The host checks each figure with the plan and names one out of range.
 */
export class CarbonInputs {
  constructor(private readonly elements: CarbonInputElements) {}

  /** Shows a plan's figures. */
  show(plan: Readonly<ScenarioInput>): void {
    const c = { ...DEFAULTS, ...dropUndefined(plan.appraisal?.carbonUnits ?? {}) };
    const { baseline, vegetation, soil, buffer } = this.elements;
    baseline.value = String(c.baselineTco2ePerHaPerYear);
    vegetation.value = String(c.vegetationRemovedTco2ePerHa);
    soil.value = String(c.soilDisturbanceTco2ePerHa);
    buffer.value = String(Math.round(c.buffer * 1e6) / 1e4);
  }

  /** From now on the entries show the plan being edited, and an entry edits it. */
  follow(document: ScenarioDocument): void {
    document.onChange((doc) => this.show(doc.plan));
    this.show(document.plan);
    const { baseline, vegetation, soil, buffer } = this.elements;
    const bind = (input: HTMLInputElement, patch: (value: number | undefined) => Partial<CarbonUnitInputs>) =>
      input.addEventListener('change', () => {
        const value = input.value.trim() === '' ? undefined : Number(input.value);
        if (value !== undefined && !Number.isFinite(value)) return this.show(document.plan);
        document.execute(editCarbonUnits(patch(value)));
        // A blank entry where the plan set nothing changes nothing: show the default again.
        this.show(document.plan);
      });
    bind(baseline, (v) => ({ baselineTco2ePerHaPerYear: v }));
    bind(vegetation, (v) => ({ vegetationRemovedTco2ePerHa: v }));
    bind(soil, (v) => ({ soilDisturbanceTco2ePerHa: v }));
    bind(buffer, (v) => ({ buffer: v === undefined ? undefined : Math.round(v * 1e4) / 1e6 }));
  }
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
