import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExampleEntry, ExampleText, LibraryView } from '../../sim/hostApi/api.js';
import { describeLibrary } from '../../sim/pageViews/libraryView.js';
import { loadLibrary } from '../../sim/scenario/library.js';
import { parseScenarioText } from '../../sim/scenario/load.js';

export interface ExampleServiceOptions {
  /** Folder of the built-in example scenarios, one `NAME.json` each. */
  examplesDir: string;
}

/** What the page chooses from before it opens anything: the example scenarios and the species and process library. */
export class ExampleService {
  constructor(private readonly options: ExampleServiceOptions) {}

  /** Every example with its name and description, the default scenario first (the page opens on it). */
  async listExamples(): Promise<ExampleEntry[]> {
    const dir = this.options.examplesDir;
    const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    const out: ExampleEntry[] = [];
    for (const file of names) {
      const id = file.slice(0, -'.json'.length);
      try {
        const json = parseScenarioText(await readFile(join(dir, file), 'utf8'), file) as { name?: unknown; description?: unknown };
        out.push({ id, name: String(json.name ?? id), description: String(json.description ?? '') });
      } catch {
        // An unreadable example is reported when it is opened, not by hiding the others.
        out.push({ id, name: id, description: '' });
      }
    }
    return out.sort((a, b) => Number(b.id === 'default') - Number(a.id === 'default'));
  }

  /** An example's text; a name that is not a plain file name, or names no example, is a problem. */
  async readExample(id: string): Promise<ExampleText> {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) return { ok: false, problems: [{ message: `"${id}" is not an example name` }] };
    try {
      return { ok: true, source: { kind: 'example', id }, text: await readFile(join(this.options.examplesDir, `${id}.json`), 'utf8') };
    } catch {
      return { ok: false, problems: [{ message: `no example named "${id}"`, file: `${id}.json` }] };
    }
  }

  library(): LibraryView {
    return describeLibrary(loadLibrary());
  }
}
