import { basename, dirname, join, resolve, sep } from 'node:path';
import type { ScenarioProblem, ScenarioSource } from '../../sim/hostApi/api.js';
import { ScenarioError } from '../../sim/scenario/issues.js';
import type { UploadStore } from './uploadStore.js';

export interface ScenarioSourcesOptions {
  /** Folder of the built-in example scenarios. */
  examplesDir: string;
  /** Where relative paths in scenarios the page holds as text resolve. */
  workingDir: string;
  /** The files pages sent, each set in a folder of its own. */
  uploads: UploadStore;
}

/**
 * Where a scenario the page opened came from, and what follows from that: how messages and file
 * names call it, and the folder its relative paths resolve against (as `reforest run` resolves them
 * next to the scenario file).
 */
export class ScenarioSources {
  constructor(private readonly options: ScenarioSourcesOptions) {}

  /** The scenario as messages name it: an example's file, a path, or the name of a file the page picked. */
  labelOf(source: ScenarioSource): string {
    if (source.kind === 'example') return `${source.id}.json`;
    if (source.kind === 'file') return source.path;
    if (source.kind === 'upload') return basename(source.path);
    return source.fileName;
  }

  /** The stem exported files are named after: the scenario's file name without `.json`. */
  baseNameOf(source: ScenarioSource): string {
    return basename(this.labelOf(source)).replace(/\.json$/i, '') || 'scenario';
  }

  /** The folder the scenario's relative paths resolve against. */
  baseDirOf(source: ScenarioSource): string {
    if (source.kind === 'example') return this.options.examplesDir;
    if (source.kind === 'file') return dirname(resolve(source.path));
    if (source.kind === 'upload') return join(this.options.uploads.dirOf(source.folderId), ...dirname(source.path).split('/'));
    return this.options.workingDir;
  }

  /** Problems as the user should read them: a picked file is named as picked, not by where the host keeps it. */
  problemsFor(err: unknown, source: ScenarioSource): ScenarioProblem[] {
    const problems = problemsOf(err, this.labelOf(source));
    if (source.kind !== 'upload') return problems;
    let dir: string;
    try {
      dir = this.options.uploads.dirOf(source.folderId) + sep;
    } catch {
      return problems;
    }
    const tidy = (text: string) => text.split(dir).join('');
    return problems.map((p) => ({ ...p, message: tidy(p.message), ...(p.file ? { file: tidy(p.file) } : {}) }));
  }
}

/** A scenario's issues one by one, with the line and column a parse error gives; any other error as its message. */
function problemsOf(err: unknown, file: string): ScenarioProblem[] {
  if (err instanceof ScenarioError) {
    return err.issues.map((issue) => {
      const at = /^line (\d+), column (\d+): /.exec(issue.message);
      return {
        message: issue.message,
        file: err.file ?? file,
        ...(issue.path ? { path: issue.path } : {}),
        ...(at ? { line: Number(at[1]), column: Number(at[2]) } : {}),
      };
    });
  }
  return [{ message: (err as Error).message, file }];
}
