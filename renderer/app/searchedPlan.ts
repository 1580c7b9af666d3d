import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { openPlanOf } from '../editor/commands.js';
import type { PlanEditor } from '../editor/planEditor.js';
import type { ScenarioDocument } from '../editor/scenarioDocument.js';

export interface SearchedPlanOptions {
  document: ScenarioDocument;
  /** The map editor, which draws what the opened plan changed. */
  editor: PlanEditor;
}

/**
 * A plan of a search's front opened as the plan (one edit, undone in one step). What it changes is
 * marked on the map by the search's view; the marks stay while the plan is as it was opened and go
 * at its first edit or undo.
 */
export class SearchedPlan {
  /** The plan last opened from a search, as the document holds it; null once edited. */
  private opened: string | null = null;

  constructor(private readonly options: SearchedPlanOptions) {
    options.document.onChange((doc) => {
      if (this.opened !== null && doc.text !== this.opened) {
        this.opened = null;
        options.editor.setChanges([], []);
      }
    });
  }

  /** Makes a plan of the front the plan. */
  open(plan: ScenarioInput): void {
    const { document } = this.options;
    document.execute(openPlanOf(plan));
    this.opened = document.text;
  }
}
