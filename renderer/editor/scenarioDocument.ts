import type { ScenarioInput } from '../../sim/scenario/schema.js';

/**
 * An edit of the plan: a named, pure change from one scenario to the next. Commands never touch
 * the scenario they are given; `apply` returns a new one (sharing what it did not change).
 */
export interface EditCommand {
  /** Said in the Undo and Redo buttons' titles: "Undo move vertex". */
  readonly label: string;
  apply(plan: Readonly<ScenarioInput>): ScenarioInput;
}

interface Done {
  command: EditCommand;
  before: ScenarioInput;
}

/**
 * The plan the page edits: a scenario changed only through edit commands, whose stack gives undo and
 * redo. Listeners hear of every change (an edit, an undo, a redo, a new plan) and of the saved state.
 */
export class ScenarioDocument {
  private current: ScenarioInput;
  private readonly undoStack: Done[] = [];
  private redoStack: Done[] = [];
  /** The plan as last saved or opened, to tell whether there are unsaved edits. */
  private saved: ScenarioInput;
  private readonly listeners: ((doc: ScenarioDocument) => void)[] = [];

  constructor(initial: ScenarioInput) {
    this.current = initial;
    this.saved = initial;
  }

  get plan(): Readonly<ScenarioInput> {
    return this.current;
  }

  /** The scenario file's text, as Save writes it and as plans are sent to the host. */
  get text(): string {
    return `${JSON.stringify(this.current, null, 2)}\n`;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  get undoLabel(): string | null {
    return this.undoStack.at(-1)?.command.label ?? null;
  }

  get redoLabel(): string | null {
    return this.redoStack.at(-1)?.command.label ?? null;
  }

  get dirty(): boolean {
    return this.current !== this.saved;
  }

  /** Applies an edit; one that leaves the plan as it was (a field committed twice, say) is no step to undo. */
  execute(command: EditCommand): void {
    const next = command.apply(this.current);
    if (next === this.current || JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.undoStack.push({ command, before: this.current });
    this.redoStack = [];
    this.current = next;
    this.changed();
  }

  undo(): void {
    const done = this.undoStack.pop();
    if (!done) return;
    this.redoStack.push(done);
    this.current = done.before;
    this.changed();
  }

  redo(): void {
    const done = this.redoStack.pop();
    if (!done) return;
    this.undoStack.push({ command: done.command, before: this.current });
    this.current = done.command.apply(this.current);
    this.changed();
  }

  /** A new plan (opened from a file or an example): the history starts again. */
  replace(plan: ScenarioInput): void {
    this.current = plan;
    this.saved = plan;
    this.undoStack.length = 0;
    this.redoStack = [];
    this.changed();
  }

  markSaved(): void {
    this.saved = this.current;
    this.changed();
  }

  onChange(listener: (doc: ScenarioDocument) => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l(this);
  }
}
