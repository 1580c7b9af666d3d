import { realpathSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { SaveResult } from '../../sim/hostApi/api.js';
import type { DocumentState } from '../../sim/hostApi/desktop.js';
import { parseScenarioText } from '../../sim/scenario/load.js';

/** What the desktop app asks its user, through native dialogs (main.ts) or a stand-in (tests). */
export interface DesktopDialogs {
  /** The file the user picks to save to, or null when they cancel. */
  saveTo(options: { title: string; defaultPath: string; extension: string }): Promise<string | null>;
  /** Whether a scenario may read a file it names outside its own folder. */
  allowRead(scenario: string, file: string): Promise<boolean>;
  /** Whether to open a scenario the app was asked to open by another program (a second launch, the system). */
  allowOpen(path: string): Promise<boolean>;
}

export interface DesktopDocumentsOptions {
  dialogs: DesktopDialogs;
  /** Lets the host read one more file (the host's read policy). */
  grantRead(file: string): void;
  /** Where a save dialog starts when the plan has no file of its own. */
  documentsDir: string;
  /** Writes a file whole (to a temporary name, then renamed). */
  write(path: string, data: string | Uint8Array): Promise<void>;
}

/** How a scenario came to be opened: from the app's own dialog or recent list, or asked for from outside. */
export type OpenedBy = 'user' | 'outside';

/**
 * The desktop app's files, as its user chose them. The page is not trusted with paths: it may say
 * which file its plan came from (`pageState`), but the app writes only to a file the user picked in a
 * save dialog this session or opened, and lets a scenario read only the files the user picked and the
 * terrain beside it; a terrain elsewhere, and any scenario another program asks the app to open, are
 * asked about first.
 */
export class DesktopDocuments {
  /** Files the user opened or picked to save to this session: the only ones Save writes without asking. */
  private readonly chosen = new Set<string>();
  private state: DocumentState = { title: '', dirty: false };
  /** Where the last Save As of this document went, so Save writes there again. */
  private savedAs: { title: string; path: string } | null = null;

  constructor(private readonly options: DesktopDocumentsOptions) {}

  get title(): string {
    return this.state.title;
  }

  get dirty(): boolean {
    return this.state.dirty;
  }

  /** What the page says of its plan. Its `path` counts only where it names a file the user chose. */
  pageState(state: DocumentState): void {
    this.state = state;
  }

  /**
   * A scenario about to open, with its text: true when it may. One asked for from outside is opened
   * only if the user agrees. The scenario may read itself and the terrain it names when that lies in
   * its own folder; a terrain anywhere else is read only if the user agrees.
   */
  async open(path: string, text: string, by: OpenedBy): Promise<boolean> {
    const file = resolve(path);
    if (by === 'outside' && !(await this.options.dialogs.allowOpen(file))) return false;
    this.chosen.add(file);
    this.options.grantRead(file);
    const terrain = namedTerrain(text, file);
    if (terrain !== null) {
      const dem = resolve(dirname(file), terrain);
      const inside = isInside(realOrSelf(dirname(file)), realOrSelf(dem));
      if (inside || (await this.options.dialogs.allowRead(file, dem))) {
        this.options.grantRead(dem);
        // An ASCII grid's CRS is in a .prj beside it.
        this.options.grantRead(join(dirname(dem), `${basename(dem, extname(dem))}.prj`));
      }
    }
    return true;
  }

  /** Saves what the page made: a scenario's Save writes the file the user chose for it; anything else asks where. */
  async save(fileName: string, mimeType: string, data: string | Uint8Array, { saveAs }: { saveAs: boolean }): Promise<SaveResult> {
    const scenario = mimeType === 'application/json';
    const claimed = this.state.path === undefined ? undefined : resolve(this.state.path);
    const own = claimed !== undefined && this.chosen.has(claimed) ? claimed : undefined;
    let target = scenario && !saveAs ? (own ?? (this.savedAs?.title === this.state.title ? this.savedAs.path : undefined)) : undefined;
    if (!target) {
      const name = safeFileName(fileName);
      const picked = await this.options.dialogs.saveTo({
        title: scenario ? 'Save Scenario' : 'Export',
        defaultPath: join(own ? dirname(own) : this.options.documentsDir, name),
        extension: extname(name).slice(1),
      });
      if (!picked) return { saved: false, location: '' };
      target = resolve(picked);
      this.chosen.add(target);
    }
    await this.options.write(target, data);
    if (scenario) this.savedAs = { title: this.state.title, path: target };
    return { saved: true, location: target };
  }
}

/**
 * A file name the page proposes, as a save dialog may start with it: its last segment only (no folder,
 * no `..`), without control characters; "untitled" when nothing is left.
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const last = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  return last === '' || last === '.' || last === '..' ? 'untitled' : last;
}

/** The terrain file a scenario names, if it names one (a malformed scenario is for the page to report). */
function namedTerrain(text: string, file: string): string | null {
  try {
    const json = parseScenarioText(text, file) as { terrain?: { path?: unknown } };
    return typeof json?.terrain?.path === 'string' && json.terrain.path !== '' ? json.terrain.path : null;
  } catch {
    return null;
  }
}

function isInside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
