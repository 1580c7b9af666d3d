import { editRun } from '../editor/commands.js';
import type { ScenarioDocument } from '../editor/scenarioDocument.js';
import type { OpenPlan } from './editorController.js';

export interface RunSettingsElements {
  seed: HTMLInputElement;
  replicates: HTMLInputElement;
}

/**
 * The toolbar's seed and replicates. They show the plan's own, an entry edits the plan (one edit,
 * undone in one step) and a blank entry stands for the plan's value. Every run the page starts (A,
 * B and the strategy studies) takes them from here, so A and B share their random numbers and the
 * difference between them is the plans' own.
 */
export class RunSettings {
  constructor(private readonly elements: RunSettingsElements) {}

  /** Seed and replicates to run a plan with: those entered, or the plan's own where blank. */
  of(plan: OpenPlan): { seed: number; replicates: number } {
    const { seed, replicates } = this.elements;
    return {
      seed: seed.value === '' ? plan.site.seed : Number(seed.value),
      replicates: replicates.value === '' ? plan.site.replicates : Number(replicates.value),
    };
  }

  /** Shows a plan's seed and replicates. */
  show(seed: number, replicates: number): void {
    this.elements.seed.value = String(seed);
    this.elements.replicates.value = String(replicates);
  }

  /** From now on the entries show the plan being edited, and an entry edits it. */
  follow(document: ScenarioDocument): void {
    const { seed, replicates } = this.elements;
    document.onChange((doc) => this.show(doc.plan.seed, doc.plan.replicates));
    seed.addEventListener('change', () => {
      if (seed.value !== '') document.execute(editRun({ seed: Number(seed.value) }));
    });
    replicates.addEventListener('change', () => {
      if (replicates.value !== '') document.execute(editRun({ replicates: Number(replicates.value) }));
    });
  }
}
