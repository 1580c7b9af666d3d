import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { UploadStore } from './uploadStore.js';

export interface ReadPolicyOptions {
  /** Folders whose files a scenario may name from the start (elevation models and their sidecars). */
  roots: readonly string[];
  /** The files pages sent: their folder is readable too, once there is one. */
  uploads: UploadStore;
}

/**
 * What the host reads on a page's behalf: only files (after following links) inside its readable
 * folders and the folder of files pages sent. Nothing else on the machine is read for a page.
 */
export class ReadPolicy {
  private readonly roots: string[];

  constructor(private readonly options: ReadPolicyOptions) {
    this.roots = options.roots.map((r) => realOrSelf(resolve(r)));
  }

  /** Lets scenarios read files inside `folder` too (the desktop shell grants folders the user picked). */
  grant(folder: string): void {
    const real = realOrSelf(resolve(folder));
    if (!this.roots.includes(real)) this.roots.push(real);
  }

  /** Null when `file` may be read; otherwise why not, as the user should read it. */
  readonly mayRead = (file: string): string | null => {
    const real = realOrSelf(file);
    const uploadRoot = this.options.uploads.rootDir;
    const roots = uploadRoot ? [...this.roots, uploadRoot] : this.roots;
    const inside = roots.some((root) => {
      const rel = relative(root, real);
      return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    });
    return inside ? null : `this host reads files only inside ${this.roots.join(' and ')}; start it from the folder that holds your elevation model`;
  };
}

/** The path with links followed, or the path itself when it does not exist (the loader then says so). */
function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
