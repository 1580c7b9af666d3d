import type { HostApi, ScenarioSource } from '../../sim/hostApi/api.js';
import type { ScenarioDocument } from '../editor/scenarioDocument.js';

/** The plan's file name: what Save offers and the desktop window's title shows. */
export function planFileName(source: ScenarioSource | null): string {
  if (!source) return 'scenario.json';
  return source.kind === 'example' ? `${source.id}.json` : source.kind === 'text' ? source.fileName : (source.path.split(/[\\/]/).pop() ?? 'scenario.json');
}

export interface PlanFileOptions {
  host: HostApi;
  /** Save scenario. */
  save: HTMLElement;
  /** The plan being edited and where it came from (null before any is open). */
  editor: { readonly source: ScenarioSource | null; readonly document: ScenarioDocument };
}

/**
 * The plan as a file: Save writes the plan as edited (a plan still being drawn saves too, problems
 * and all, to be finished later) under its file's name, and the desktop window's title and its prompt
 * before closing over unsaved edits follow the plan.
 */
export class PlanFile {
  constructor(private readonly options: PlanFileOptions) {
    const { host, editor } = options;
    options.save.addEventListener('click', () => this.save(false));
    editor.document.onChange((doc) => {
      const source = editor.source;
      host.documentState({ title: planFileName(source), dirty: doc.dirty, path: source?.kind === 'file' ? source.path : undefined });
    });
  }

  /** Saves the plan; `saveAs` asks where even when it has a file. */
  save(saveAs: boolean): void {
    const { host, editor } = this.options;
    if (!editor.source) return;
    void host.saveFile(planFileName(editor.source), 'application/json', editor.document.text, { saveAs }).then((r) => r.saved && editor.document.markSaved());
  }
}
